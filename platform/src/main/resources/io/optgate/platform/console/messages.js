// "Why was this not sent?": one request's decision, its reason in words and its delivery status, and a client's
// recent decisions. Never the message body.
"use strict";
(() => {
  const $ = Console.$;

  function fact(list, name, value) {
    if (value === null || value === undefined || value === "") return;
    const dt = document.createElement("dt");
    dt.textContent = name;
    const dd = document.createElement("dd");
    dd.textContent = value;
    list.append(dt, dd);
  }

  async function lookUp(requestId) {
    Console.problem(null);
    const card = $("message-card");
    try {
      const status = await Api.get("/messages/" + Api.seg(requestId));
      $("message-verdict").textContent = status.verdict === "SEND" ? "Sent (passed on for sending)" : "Not sent";
      $("message-reason").textContent = Words.reason(status.reason);
      const facts = $("message-facts");
      facts.replaceChildren();
      fact(facts, "Request", status.requestId);
      fact(facts, "Kind of message", Words.level(status.category));
      fact(facts, "Channel", status.channel);
      fact(facts, "Client's SMS status then", Words.level(status.consentLevel));
      fact(facts, "Decided", Console.when(status.decidedAt));
      fact(facts, "Detail", status.detail);
      fact(facts, "Delivery", status.delivery ? Words.delivery(status.delivery.status)
        + (status.delivery.errorCode ? " (Twilio error " + status.delivery.errorCode + ")" : "") : (status.verdict === "SEND" ? "No delivery report yet." : "Nothing was sent."));
      card.hidden = false;
    } catch (e) {
      card.hidden = true;
      Console.problem(e);
    }
  }

  function cell(row, text) {
    const td = document.createElement("td");
    td.textContent = text;
    row.append(td);
    return td;
  }

  // A client's latest decisions, newest first: ids, outcomes and reasons only, as the API answers them.
  async function listClient(clientId) {
    Console.problem(null);
    const card = $("client-messages-card");
    try {
      const answer = await Api.get("/clients/" + Api.seg(clientId) + "/decisions");
      const rows = $("client-messages").tBodies[0];
      rows.replaceChildren();
      for (const decision of answer.decisions) {
        const row = document.createElement("tr");
        row.dataset.request = decision.requestId;
        cell(row, Console.when(decision.decidedAt));
        cell(row, Words.level(decision.category));
        cell(row, decision.channel);
        cell(row, decision.verdict === "SEND" ? "Sent" : "Not sent");
        cell(row, Words.reason(decision.reason));
        const details = document.createElement("button");
        details.type = "button";
        details.textContent = "Details";
        details.setAttribute("aria-label", "Details of message " + decision.requestId);
        details.addEventListener("click", () => { $("request-id").value = decision.requestId; lookUp(decision.requestId); });
        cell(row, "").append(details);
        rows.append(row);
      }
      $("client-messages-span").textContent = "Messages decided for client " + answer.clientId + " since "
        + Console.when(answer.since) + ", newest first (message texts are never shown).";
      $("client-messages-empty").hidden = answer.decisions.length > 0;
      $("client-messages").hidden = answer.decisions.length === 0;
      card.hidden = false;
    } catch (e) {
      card.hidden = true;
      Console.problem(e);
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("find-message").addEventListener("submit", event => { event.preventDefault(); lookUp($("request-id").value.trim()); });
    $("find-client-messages").addEventListener("submit", event => { event.preventDefault(); listClient($("messages-client-id").value.trim()); });
  });

  Console.register("messages", {});
})();
