// The public HTTP API with the key from sign-in. Every failure becomes an ApiError whose message is plain words.
"use strict";
const Api = (() => {
  const SESSION = "optgate.console";
  class ApiError extends Error {
    constructor(status, code, words) { super(words); this.status = status; this.code = code; }
  }
  function session() {
    try { return JSON.parse(sessionStorage.getItem(SESSION)) || null; } catch (e) { return null; }
  }
  function saveSession(value) { sessionStorage.setItem(SESSION, JSON.stringify(value)); }
  function clearSession() { sessionStorage.removeItem(SESSION); }
  function tenantPath(rest) {
    return "/v1/tenants/" + encodeURIComponent(session().tenant) + rest;
  }
  async function call(method, path, body) {
    const s = session() || {};
    const headers = { "Accept": "application/json" };
    if (s.key) headers["Authorization"] = "Bearer " + s.key;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response;
    try {
      response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      throw new ApiError(0, "UNREACHABLE", Words.unreachable);
    }
    let json = null;
    try { json = await response.json(); } catch (e) { json = null; }
    if (!response.ok) {
      const code = json && json.error;
      throw new ApiError(response.status, code, Words.error(response.status, code, json && json.message));
    }
    return json;
  }
  return {
    ApiError, session, saveSession, clearSession,
    get: rest => call("GET", tenantPath(rest)),
    put: (rest, body) => call("PUT", tenantPath(rest), body),
    post: (rest, body) => call("POST", tenantPath(rest), body),
    seg: encodeURIComponent,
    actor: () => ({ type: "STAFF", id: session().name, name: session().name }),
  };
})();
