// Calls to /api/v1 with the session cookie. A refusal becomes an ApiError carrying the server's
// typed message in both languages; a lost session sends the manager back to sign in.

const page = JSON.parse(document.getElementById("page-data").textContent);
// The session's CSRF token: every change sends it back as X-CSRF-Token.
const csrf = document.querySelector('meta[name="csrf-token"]')?.getAttribute("content") ?? "";

// Refusals that are about one field even when the server does not name it.
const CODE_FIELDS = {
  service_exists: "code", prefix_taken: "prefix", window_number_taken: "number",
  username_taken: "username", weak_password: "password", role_not_allowed: "role",
};

export class ApiError extends Error {
  constructor(status, body) {
    const err = body?.error ?? {};
    super(err.code ?? `http_${status}`);
    this.status = status;
    this.code = err.code ?? "server";
    this.params = err.params ?? {};
    this.fields = err.fields ?? null; // {name: {zh, en}} when the server names several fields
    const fallback = `HTTP ${status}`;
    this.text = err.message?.zh !== undefined ? err.message : { zh: err.message ?? fallback, en: err.message ?? fallback };
  }

  /** The field the refusal is about, if the server names one. */
  get field() {
    if (this.params.field) return this.params.field;
    if (CODE_FIELDS[this.code]) return CODE_FIELDS[this.code];
    const detail = String(this.params.detail ?? "");
    const m = detail.match(/^(\w+) (is|has|must)/) || detail.match(/^unknown field (\w+)/);
    return m ? m[1] : null;
  }
}

export async function api(method, path, body) {
  const init = { method, credentials: "same-origin", headers: { Accept: "application/json" } };
  if (method !== "GET" && csrf) init.headers["X-CSRF-Token"] = csrf;
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(`/api/v1${path}`, init);
  } catch {
    throw new ApiError(0, { error: { code: "offline" } });
  }
  const data = await response.json().catch(() => null);
  if (response.status === 401) {
    window.location.assign(page.login);
    throw new ApiError(401, data);
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

export const get = (path) => api("GET", path);
export const post = (path, body = {}) => api("POST", path, body);
export const put = (path, body = {}) => api("PUT", path, body);
export const hallPath = (rest) => `/halls/${encodeURIComponent(page.hall)}${rest}`;
export { page };
