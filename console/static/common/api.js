// JSON over fetch to /api/v1, with the session cookie or a device token (Bearer).
// Never throws: {ok, status, data, error} where error is the server's {code, message, params}.
// Every change sends the session's CSRF token (the page's meta tag) as X-CSRF-Token.

let bearer = null;
let csrf = document.querySelector('meta[name="csrf-token"]')?.getAttribute("content") ?? "";
const SAFE = new Set(["GET", "HEAD"]);

/** Send later changes with this CSRF token (a sign-in starts a new session with a new one). */
export function useCsrf(token) {
  if (token) csrf = token;
}

/** Send every later request with this device token. */
export function useToken(token) {
  bearer = token;
}

export async function api(method, path, body) {
  const headers = { Accept: "application/json" };
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (!SAFE.has(method) && csrf) headers["X-CSRF-Token"] = csrf;
  let response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      credentials: "same-origin",
      cache: "no-store",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, status: 0, data: null, error: { code: "network" } };
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  const error = response.ok ? null : (data?.error ?? { code: "network" });
  return { ok: response.ok, status: response.status, data, error };
}

export const get = (path) => api("GET", path);
export const post = (path, body = {}) => api("POST", path, body);
