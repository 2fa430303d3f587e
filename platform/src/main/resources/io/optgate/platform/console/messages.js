// "Why was this not sent?": one request's decision, its reason in words and its delivery status. Never the message body.
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

  document.addEventListener("DOMContentLoaded", () => {
    $("find-message").addEventListener("submit", event => { event.preventDefault(); lookUp($("request-id").value.trim()); });
  });

  Console.register("messages", {});
})();
