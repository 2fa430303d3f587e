// Provet's Communication Preferences settings: the practice's switches and texts, and the preference rows (Active and Archived).
"use strict";
(() => {
  const $ = Console.$;
  const channelNames = { SMS: "SMS", EMAIL: "Email", LETTER: "Letter", PHONE: "Phone" };
  let editing = null; // the preference id being edited, null when adding

  function optional(value) { const v = value.trim(); return v === "" ? null : v; }
  let loaded = {}; // the settings as last read: a save keeps the fields this form does not show

  // Frequency caps as the form shows them, one per line: "MARKETING 3/PT24H".
  function capsText(caps) {
    return (caps || []).map(c => c.category + " " + c.limit + "/" + c.period).join("\n");
  }

  // Empty: null, the dispatcher's defaults. A line that does not read is sent as it is, so the
  // server's 422 names what is wrong (one rule, in one place).
  function capsValue(text) {
    const lines = text.split("\n").map(l => l.trim()).filter(l => l !== "");
    if (lines.length === 0) return null;
    return lines.map(line => {
      const m = /^([A-Z_]+)\s+(\d+)\s*\/\s*(\S+)$/.exec(line.toUpperCase());
      return m ? { category: m[1], limit: Number(m[2]), period: m[3] } : { category: line, limit: 0, period: "" };
    });
  }

  async function loadSettings() {
    const s = await Api.get("/communication-settings");
    loaded = s;
    $("settings-caps").value = capsText(s.frequencyCaps);
    $("settings-enabled").checked = !!s.enabled;
    $("settings-validity").value = s.defaultValidityDays || "";
    $("settings-guidelines").value = s.guidelines || "";
    $("settings-from").value = s.smsFrom || "";
    $("settings-confirmation").value = s.marketingConfirmationText || "";
    $("settings-help").value = s.helpText || "";
  }

  async function saveSettings(event) {
    event.preventDefault();
    $("settings-saved").hidden = true;
    const validity = $("settings-validity").value.trim();
    try {
      const kept = { ...loaded };
      delete kept.tenantId;
      delete kept.updatedAt;
      await Api.put("/communication-settings", {
        ...kept,
        frequencyCaps: capsValue($("settings-caps").value),
        enabled: $("settings-enabled").checked,
        defaultValidityDays: validity === "" ? null : Number(validity),
        guidelines: optional($("settings-guidelines").value),
        smsFrom: optional($("settings-from").value),
        marketingConfirmationText: optional($("settings-confirmation").value),
        helpText: optional($("settings-help").value),
      });
      $("settings-saved").hidden = false;
      Console.problem(null);
      await loadSettings();
      await Console.loadGuidelines();
    } catch (e) {
      Console.problem(e);
    }
  }

  function row(preference) {
    const tr = document.createElement("tr");
    tr.dataset.preference = preference.preferenceId;
    const name = document.createElement("td");
    const title = document.createElement("span");
    title.className = "preference-name";
    title.textContent = preference.name;
    name.append(title);
    if (preference.description && preference.descriptionDisplay === "SHOW_FULL_TEXT") {
      const full = document.createElement("div");
      full.className = "description";
      full.textContent = preference.description;
      name.append(full);
    } else if (preference.description) {
      // On hover, and on keyboard focus, as the browser's tooltip does not show for keyboards.
      title.title = preference.description;
      title.tabIndex = 0;
      title.setAttribute("aria-description", preference.description);
    }
    const channels = document.createElement("td");
    channels.textContent = preference.channels.map(c => channelNames[c] || c).join(", ");
    const editable = document.createElement("td");
    editable.textContent = preference.editable ? "Editable" : "Fixed";
    const actions = document.createElement("td");
    const pen = document.createElement("button");
    pen.type = "button";
    pen.className = "pencil";
    pen.innerHTML = "&#9998;";
    pen.setAttribute("aria-label", "Edit " + preference.name);
    pen.title = "Edit";
    pen.addEventListener("click", () => openDialog(preference));
    actions.append(pen);
    tr.append(name, channels, editable, actions);
    return tr;
  }

  async function loadPreferences() {
    const all = await Api.get("/communication-preferences");
    for (const list of ["active", "archived"]) {
      const body = $(list + "-preferences").querySelector("tbody");
      body.replaceChildren(...(all[list] || []).map(row));
      $(list + "-empty").hidden = (all[list] || []).length > 0;
    }
  }

  function slug(name) {
    return name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 64);
  }

  function openDialog(preference) {
    editing = preference ? preference.preferenceId : null;
    $("preference-title").textContent = preference ? "Edit communication preference" : "Create communication preference";
    $("preference-active").checked = preference ? preference.active : true;
    $("preference-name").value = preference ? preference.name : "";
    $("preference-id").value = preference ? preference.preferenceId : "";
    $("preference-id").readOnly = !!preference;
    document.querySelectorAll("#preference-form input[name=channel]").forEach(box => {
      box.checked = preference ? preference.channels.includes(box.value) : box.value === "SMS";
    });
    $("preference-editable").checked = preference ? preference.editable : true;
    $("preference-description").value = preference ? (preference.description || "") : "";
    const display = preference ? preference.descriptionDisplay : "SHOW_ON_HOVER";
    document.querySelectorAll("#preference-form input[name=display]").forEach(r => { r.checked = r.value === display; });
    $("preference-problem").hidden = true;
    $("preference-dialog").showModal();
    $("preference-name").focus();
  }

  async function savePreference(event) {
    event.preventDefault();
    const id = $("preference-id").value.trim();
    const channels = [...document.querySelectorAll("#preference-form input[name=channel]:checked")].map(b => b.value);
    const problem = $("preference-problem");
    if (channels.length === 0) {
      problem.textContent = "Choose at least one channel.";
      problem.hidden = false;
      return;
    }
    try {
      await Api.put("/communication-preferences/" + Api.seg(id), {
        name: $("preference-name").value.trim(),
        channels,
        active: $("preference-active").checked,
        editable: $("preference-editable").checked,
        description: optional($("preference-description").value),
        descriptionDisplay: document.querySelector("#preference-form input[name=display]:checked").value,
      });
      $("preference-dialog").close();
      await loadPreferences();
    } catch (e) {
      problem.textContent = e.message;
      problem.hidden = false;
    }
  }

  async function enter() {
    try {
      await Promise.all([loadSettings(), loadPreferences()]);
    } catch (e) {
      Console.problem(e);
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("settings-form").addEventListener("submit", saveSettings);
    $("preference-add").addEventListener("click", () => openDialog(null));
    $("preference-cancel").addEventListener("click", () => $("preference-dialog").close());
    $("preference-form").addEventListener("submit", savePreference);
    $("preference-name").addEventListener("input", () => {
      if (!editing) $("preference-id").value = slug($("preference-name").value);
    });
  });

  Console.register("settings", { enter });
})();
