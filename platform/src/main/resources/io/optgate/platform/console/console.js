// Sign-in, the views, and what every screen shares: the problem line, the confirmation dialog, the practice's guidelines.
"use strict";
const Console = (() => {
  const $ = id => document.getElementById(id);
  const views = {};
  let guidelines = null;

  function problem(error) {
    const line = $("problem");
    if (!error) { line.hidden = true; line.textContent = ""; return; }
    line.textContent = error instanceof Api.ApiError ? error.message : (error.message || String(error));
    line.hidden = false;
    line.focus && line.setAttribute("tabindex", "-1");
  }

  function when(iso) {
    if (!iso) return "";
    return new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });
  }

  // How the console shows a number wherever it is not asked for: only the last four digits.
  function maskPhone(phone) {
    return phone ? "\u2022\u2022\u2022 \u2022\u2022\u2022 " + phone.slice(-4) : "";
  }

  function fromNow(iso) {
    const ms = new Date(iso).getTime() - Date.now();
    const hours = Math.round(ms / 3600000);
    if (hours >= 48) return "in " + Math.round(hours / 24) + " days";
    if (hours >= 1) return "in " + hours + " hours";
    return ms > 0 ? "within the hour" : "now";
  }

  // Resolves {ok, checked}; the checkbox is shown only when checkText is given.
  function confirm(title, text, checkText) {
    const dialog = $("confirm");
    $("confirm-title").textContent = title;
    $("confirm-text").textContent = text;
    const label = $("confirm-check-label");
    $("confirm-check").checked = false;
    label.hidden = !checkText;
    label.querySelector("span").textContent = checkText || "";
    showGuidelines(dialog.querySelector(".guidelines"));
    return new Promise(resolve => {
      dialog.addEventListener("close", () => resolve({ ok: dialog.returnValue === "confirm", checked: $("confirm-check").checked }), { once: true });
      dialog.returnValue = "";
      dialog.showModal();
    });
  }

  async function loadGuidelines() {
    try {
      const settings = await Api.get("/communication-settings");
      guidelines = settings.guidelines || null;
    } catch (e) {
      guidelines = null;
    }
    document.querySelectorAll(".guidelines").forEach(showGuidelines);
  }

  // Provet's guidelines sit next to every consent control, so staff read them where they act.
  function showGuidelines(element) {
    const title = document.createElement("strong");
    title.textContent = "Practice guidelines";
    const text = document.createElement("p");
    text.textContent = guidelines || "";
    element.replaceChildren(title, text);
    element.hidden = !guidelines;
  }

  function register(name, view) { views[name] = view; }

  function show(name) {
    const session = Api.session();
    if (!session) name = "signin";
    else if (!views[name]) name = "client";
    document.querySelectorAll(".view").forEach(v => { v.hidden = v.id !== "view-" + name; });
    document.querySelectorAll("#nav a").forEach(a => {
      if (a.dataset.view === name) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
    });
    $("nav").hidden = !session;
    $("who").hidden = !session;
    if (session) $("practice").value = session.tenant;
    problem(null);
    Object.entries(views).forEach(([other, view]) => { if (other !== name && view.leave) view.leave(); });
    if (views[name] && views[name].enter) views[name].enter();
  }

  function current() { return (location.hash || "#client").slice(1); }

  async function signIn(event) {
    event.preventDefault();
    const candidate = { key: $("signin-key").value.trim(), tenant: $("signin-practice").value.trim(), name: $("signin-name").value.trim() };
    Api.saveSession(candidate);
    try {
      await Api.get("/communication-settings");
    } catch (e) {
      Api.clearSession();
      show("signin");
      problem(e);
      return;
    }
    $("signin-key").value = "";
    await loadGuidelines();
    location.hash = "#client";
    show("client");
  }

  // A support key may work for any practice: changing the practice re-checks the key against it.
  async function changePractice() {
    const session = Api.session();
    const tenant = $("practice").value.trim();
    if (!session || !tenant || tenant === session.tenant) return;
    const previous = session.tenant;
    Api.saveSession({ ...session, tenant });
    try {
      await Api.get("/communication-settings");
      await loadGuidelines();
      show(current());
    } catch (e) {
      Api.saveSession({ ...session, tenant: previous });
      $("practice").value = previous;
      problem(e);
    }
  }

  function start() {
    $("signin").addEventListener("submit", signIn);
    $("signout").addEventListener("click", () => { Api.clearSession(); location.hash = ""; show("signin"); });
    $("practice").addEventListener("change", changePractice);
    window.addEventListener("hashchange", () => show(current()));
    if (Api.session()) loadGuidelines();
    show(current());
  }

  return { $, problem, when, maskPhone, fromNow, confirm, register, start, showGuidelines, loadGuidelines };
})();
document.addEventListener("DOMContentLoaded", Console.start);
