// The Client Profile: the Contact card with the SMS Opt-In Status (Covetrus' four levels and its two confirmations) and the Notes card.
"use strict";
(() => {
  const $ = Console.$;
  let client = null;   // the client id on screen
  let state = null;    // its last GET/PUT answer
  let revealed = false;

  const masked = Console.maskPhone;

  function actorLabel(actor) {
    if (!actor) return "optgate";
    switch (actor.type) {
      case "SUPPORT": return "Support" + (actor.name ? " (" + actor.name + ")" : "");
      case "CLIENT": return "The client";
      case "SYSTEM": return "optgate";
      default: return actor.name || actor.id || "Staff";
    }
  }

  function renderContact() {
    $("contact-client").textContent = client;
    const phone = state.phone;
    $("contact-phone").textContent = phone ? (revealed ? phone : masked(phone)) : "No mobile number on file";
    $("reveal-phone").hidden = !phone;
    $("reveal-phone").textContent = revealed ? "Hide number" : "Show number";
    $("reveal-phone").setAttribute("aria-pressed", String(revealed));
    $("sms-level").textContent = Words.level(state.level) + (state.isDefault ? " (default)" : "");
    const pending = $("sms-pending");
    if (state.pendingLevel) {
      pending.textContent = Words.level(state.pendingLevel) + " requested: waiting for the client to reply YES to the confirmation text"
        + (state.pendingSince ? " (sent " + Console.when(state.pendingSince) + ")" : "")
        + (state.pendingUntil ? ". The request lapses " + Console.fromNow(state.pendingUntil) + ", on " + Console.when(state.pendingUntil) + ", if the client does not reply." : ".");
      pending.hidden = false;
    } else {
      pending.hidden = true;
    }
    $("sms-suppressed").hidden = !state.phoneSuppressed;
  }

  function renderNotes(notes) {
    const list = $("notes");
    list.replaceChildren();
    $("notes-empty").hidden = notes.length > 0;
    for (const note of notes) {
      const item = document.createElement("li");
      const meta = document.createElement("div");
      meta.className = "meta";
      meta.textContent = Console.when(note.at) + " \u00b7 " + actorLabel(note.actor) + " \u00b7 " + Words.noteKind(note.kind);
      if (note.actor && note.actor.type === "SUPPORT") {
        const badge = document.createElement("span");
        badge.className = "badge";
        badge.textContent = "Support";
        meta.prepend(badge, " ");
      }
      const change = document.createElement("div");
      change.className = "change";
      if (note.kind === "MARKETING_REQUESTED") {
        change.textContent = Words.level(note.previousLevel) + " \u2192 Marketing, pending the client's YES";
      } else if (note.previousLevel !== note.newLevel && (note.previousLevel || note.newLevel)) {
        change.textContent = (note.previousLevel ? Words.level(note.previousLevel) : "\u2014") + " \u2192 " + (note.newLevel ? Words.level(note.newLevel) : "\u2014");
      }
      const text = document.createElement("div");
      text.textContent = note.text || "";
      item.append(meta, change, text);
      list.append(item);
    }
  }

  async function open(clientId) {
    Console.problem(null);
    client = clientId;
    revealed = false;
    try {
      const [consent, notes] = await Promise.all([
        Api.get("/clients/" + Api.seg(clientId) + "/sms-consent"),
        Api.get("/clients/" + Api.seg(clientId) + "/notes"),
      ]);
      state = consent;
      renderContact();
      renderNotes(notes.notes || []);
      closeEditor();
      $("profile").hidden = false;
      document.dispatchEvent(new CustomEvent("client-opened", { detail: clientId }));
    } catch (e) {
      $("profile").hidden = true;
      Console.problem(e);
    }
  }

  function openEditor() {
    $("level-select").value = state.pendingLevel || state.level;
    $("level-phone").value = state.phone || "";
    $("level-form").hidden = false;
    $("level-select").focus();
  }

  function closeEditor() {
    $("level-form").hidden = true;
  }

  async function save(event) {
    event.preventDefault();
    const level = $("level-select").value;
    const body = { level, actor: Api.actor() };
    const phone = $("level-phone").value.trim();
    if (phone && phone !== state.phone) body.phone = phone;
    if (state.level === "OPTED_OUT" && level !== "OPTED_OUT") {
      const answer = await Console.confirm("Opt this client back in?",
        "This client is opted out and receives no texts. Opt them back in only if the client has asked to receive texts again.",
        "The client has asked to receive texts again");
      if (!answer.ok) return;
      body.clientRequestedOptIn = answer.checked;
    } else if (level === "MARKETING" && state.level !== "MARKETING") {
      const answer = await Console.confirm("Send a Marketing opt-in text?",
        "An opt-in text will be sent to the client" + (state.phone || phone ? " at " + masked(phone || state.phone) : "")
        + ". The SMS Opt-In Status will not change to Marketing until the client replies YES.");
      if (!answer.ok) return;
    }
    try {
      state = await Api.put("/clients/" + Api.seg(client) + "/sms-consent", body);
      await open(client);
    } catch (e) {
      Console.problem(e);
    }
  }

  // The find box (find.js) names the client to open: typed as an id, or picked from a number's clients.
  document.addEventListener("open-client", event => open(event.detail));

  // A change made on another card (a communication preference) adds a note: show it.
  document.addEventListener("client-changed", event => { if (event.detail === client) open(client); });

  document.addEventListener("DOMContentLoaded", () => {
    $("reveal-phone").addEventListener("click", () => { revealed = !revealed; renderContact(); });
    $("edit-level").addEventListener("click", openEditor);
    $("cancel-level").addEventListener("click", closeEditor);
    $("level-form").addEventListener("submit", save);
    $("level-form").addEventListener("keydown", event => { if (event.key === "Escape") closeEditor(); });
  });

  Console.register("client", { enter: () => { if (client) open(client); } });
})();
