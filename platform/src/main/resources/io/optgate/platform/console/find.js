// The find box of the Client Profile: a client id opens that client; a mobile number lists the practice's clients holding it, masked.
"use strict";
(() => {
  const $ = Console.$;

  // A number is what starts with '+' (a client id cannot); spaces, dashes, dots and brackets are how people write them.
  function asPhone(text) {
    return text.startsWith("+") ? text.replace(/[\s\-.()]/g, "") : null;
  }

  function openClient(clientId) {
    document.dispatchEvent(new CustomEvent("open-client", { detail: clientId }));
  }

  function clearMatches() {
    $("client-matches").hidden = true;
    $("client-match-list").replaceChildren();
  }

  function renderMatches(phone, answer) {
    const list = $("client-match-list");
    list.replaceChildren();
    const clients = answer.clients || [];
    $("client-matches-title").textContent = clients.length === 0
      ? "No client of this practice has the mobile number " + Console.maskPhone(phone) + "."
      : (clients.length === 1 ? "One client has" : clients.length + " clients have") + " the mobile number " + Console.maskPhone(phone)
        + (answer.truncated ? " (only the first " + clients.length + " are listed)" : "") + ":";
    for (const match of clients) {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.client = match.clientId;
      button.textContent = match.clientId + " \u00b7 " + Console.maskPhone(match.phone) + " \u00b7 " + Words.level(match.level)
        + (match.pendingLevel ? " (" + Words.level(match.pendingLevel) + " pending)" : "");
      button.addEventListener("click", () => openClient(match.clientId));
      item.append(button);
      list.append(item);
    }
    $("client-matches").hidden = false;
    const first = list.querySelector("button");
    if (first) first.focus();
  }

  async function find(event) {
    event.preventDefault();
    const text = $("client-id").value.trim();
    const phone = asPhone(text);
    if (!phone) {
      clearMatches();
      openClient(text);
      return;
    }
    Console.problem(null);
    $("profile").hidden = true;
    try {
      renderMatches(phone, await Api.get("/clients?phone=" + encodeURIComponent(phone)));
    } catch (e) {
      clearMatches();
      Console.problem(e);
    }
  }

  document.addEventListener("client-opened", clearMatches);
  document.addEventListener("DOMContentLoaded", () => $("find-client").addEventListener("submit", find));
})();
