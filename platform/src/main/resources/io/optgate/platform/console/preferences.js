// A client's communication preferences (Provet): per preference and channel, granted or not and until when; editable where the
// preference is editable and active.
"use strict";
(() => {
  const $ = Console.$;
  const channelNames = { SMS: "SMS", EMAIL: "Email", LETTER: "Letter", PHONE: "Phone" };
  let client = null;

  function validity(grant) {
    if (!grant || !grant.granted) return "not granted";
    if (!grant.validUntil) return "granted, no end date";
    return (grant.inEffect ? "granted until " : "expired on ") + Console.when(grant.validUntil);
  }

  function render(view, definitions) {
    const box = $("client-preferences");
    box.replaceChildren();
    $("client-preferences-off").hidden = view.enabled;
    const byId = new Map(definitions.map(d => [d.preferenceId, d]));
    $("client-preferences-none").hidden = !view.enabled || view.preferences.length > 0;
    if (!view.enabled) return;
    for (const preference of view.preferences) {
      const definition = byId.get(preference.preferenceId);
      const offered = [...new Set([...(definition ? definition.channels : []), ...Object.keys(preference.channels)])];
      const canEdit = preference.editable && preference.active;
      const form = document.createElement("form");
      form.className = "client-preference";
      form.dataset.preference = preference.preferenceId;
      const title = document.createElement("strong");
      title.textContent = preference.name;
      if (definition && definition.description) {
        if (definition.descriptionDisplay === "SHOW_FULL_TEXT") {
          const full = document.createElement("div");
          full.className = "description";
          full.textContent = definition.description;
          form.append(title, full);
        } else {
          title.title = definition.description;
          title.tabIndex = 0;
          form.append(title);
        }
      } else {
        form.append(title);
      }
      if (!canEdit) {
        const status = document.createElement("span");
        status.className = "status";
        status.textContent = preference.active ? " (fixed: set by the practice, not per client)" : " (archived)";
        form.append(status);
      }
      const grants = document.createElement("div");
      grants.className = "grants";
      for (const channel of offered) {
        const label = document.createElement("label");
        const box = document.createElement("input");
        box.type = "checkbox";
        box.name = channel;
        box.checked = !!(preference.channels[channel] && preference.channels[channel].granted);
        box.disabled = !canEdit;
        const text = document.createElement("span");
        text.textContent = " " + (channelNames[channel] || channel) + ": " + validity(preference.channels[channel]);
        label.append(box, text);
        grants.append(label);
      }
      form.append(grants);
      if (canEdit) {
        const until = document.createElement("input");
        until.type = "date";
        until.name = "validUntil";
        until.setAttribute("aria-label", "Valid until (empty: the practice's default validity)");
        const untilLabel = document.createElement("label");
        untilLabel.append("Valid until ", until);
        const save = document.createElement("button");
        save.type = "submit";
        save.textContent = "Save " + preference.name;
        form.append(untilLabel, " ", save);
        form.addEventListener("submit", event => { event.preventDefault(); saveGrant(form, preference); });
      }
      box.append(form);
    }
  }

  async function saveGrant(form, preference) {
    const until = form.querySelector("input[name=validUntil]").value;
    const channels = {};
    for (const box of form.querySelectorAll("input[type=checkbox]")) {
      const was = !!(preference.channels[box.name] && preference.channels[box.name].granted);
      if (box.checked !== was || (until && box.checked)) {
        channels[box.name] = { granted: box.checked };
        if (until && box.checked) channels[box.name].validUntil = until + "T23:59:59Z";
      }
    }
    if (Object.keys(channels).length === 0) {
      Console.problem(new Error("Nothing to save: tick or untick a channel, or choose a date."));
      return;
    }
    try {
      await Api.put("/clients/" + Api.seg(client) + "/communication-preferences/" + Api.seg(preference.preferenceId),
        { channels, actor: Api.actor() });
      Console.problem(null);
      document.dispatchEvent(new CustomEvent("client-changed", { detail: client }));
    } catch (e) {
      Console.problem(e);
    }
  }

  async function load(clientId) {
    client = clientId;
    try {
      const [view, definitions] = await Promise.all([
        Api.get("/clients/" + Api.seg(clientId) + "/communication-preferences"),
        Api.get("/communication-preferences"),
      ]);
      render(view, [...(definitions.active || []), ...(definitions.archived || [])]);
    } catch (e) {
      Console.problem(e);
    }
  }

  document.addEventListener("client-opened", event => load(event.detail));
})();
