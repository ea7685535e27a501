// JSON over fetch to /api/v1, with the session cookie or a device token (Bearer).
// Never throws: {ok, status, data, error} where error is the server's {code, message, params}.

let bearer = null;

/** Send every later request with this device token. */
export function useToken(token) {
  bearer = token;
}

export async function api(method, path, body) {
  const headers = { Accept: "application/json" };
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
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
