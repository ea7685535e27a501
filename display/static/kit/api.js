// A JSON API client with one error contract for every page. A call resolves with the answer's
// JSON (null when it has none) or rejects with an ApiError:
//   {status, code, zh, en, field, fields, params, retry}
// - a typed refusal of the server (server/web/errors.py: {"error": {code, message: {zh, en},
//   params}}) or of the kiosk program ({"error": {code, zh, en}, "retry": bool}): its code,
//   params and words; `field` names the input it is about when the server says so;
// - no answer: status 0, code "network" (unreachable) or "timeout" (no answer in time);
// - an answer that is no typed error (a proxy's HTML page): code "bad_response".
// Words: the page's own for the code first (the `words` option, from its catalogue), then the
// server's, then the page's words for "network" (no answer) or "unknown".
// Changes (POST, PUT, DELETE) carry the page's CSRF token (<meta name="csrf-token">) as
// X-CSRF-Token when `csrf` is on; a device token goes as a Bearer header (useToken).

const SAFE = new Set(["GET", "HEAD"]);
const FIELD_IN_DETAIL = [/^(\w+) (?:is|has|must)\b/, /^unknown field (\w+)/]; // server/web/parsing.py

export class ApiError extends Error {
  constructor({ status = 0, code, zh = "", en = "", field = null, fields = null, params = {}, retry = false, body = null }) {
    super(code);
    this.name = "ApiError";
    Object.assign(this, { status, code, zh, en, field, fields, params, retry, body });
  }
}

const csrfMeta = () => document.querySelector('meta[name="csrf-token"]')?.getAttribute("content") ?? "";

/**
 * createApi({base, csrf, headers, timeoutMs, words(code, params) -> {zh, en}|null,
 *            codeFields: {code: field}, onUnauthorized(error)})
 *   -> {request(method, path, body), exchange(...) -> {status, data}, get, post, put, del,
 *       useToken(token), useCsrf(token)}
 */
export function createApi({
  base = "", csrf = false, headers = {}, timeoutMs = 30000, words = () => null, codeFields = {},
  onUnauthorized = null,
} = {}) {
  let bearer = null;
  let csrfToken = csrf ? csrfMeta() : "";

  function wordsFor(code, params, server, status) {
    const own = words(code, params);
    if (own) return own;
    if (server?.zh && server.zh !== `error.${code}`) return { zh: server.zh, en: server.en || server.zh };
    return words(status === 0 ? "network" : "unknown", params) ?? { zh: code, en: code };
  }

  function fieldOf(code, params) {
    if (typeof params.field === "string") return params.field;
    if (codeFields[code]) return codeFields[code];
    const detail = String(params.detail ?? "");
    for (const pattern of FIELD_IN_DETAIL) {
      const m = detail.match(pattern);
      if (m) return m[1];
    }
    return null;
  }

  /** The ApiError of a failed answer, or of none (status 0, `unanswered` says why). */
  function failure(status, data, response, unanswered = null) {
    const typed = data?.error && typeof data.error === "object" ? data.error : null;
    const code = unanswered ?? typed?.code ?? "bad_response";
    const params = typed?.params && typeof typed.params === "object" ? typed.params : {};
    const server = typed?.message?.zh !== undefined ? typed.message : typed;
    const retry = typeof data?.retry === "boolean" ? data.retry
      : status === 0 || Boolean(response?.headers.has("Retry-After")) || (!typed && status >= 500);
    return new ApiError({
      status, code, ...wordsFor(code, params, server, status), field: fieldOf(code, params),
      fields: typed?.fields ?? null, params, retry, body: data,
    });
  }

  /** One call: {status, data} of a success, else it throws an ApiError. */
  async function exchange(method, path, body) {
    const sent = { Accept: "application/json", ...headers };
    if (bearer) sent.Authorization = `Bearer ${bearer}`;
    if (body !== undefined) sent["Content-Type"] = "application/json";
    if (!SAFE.has(method) && csrfToken) sent["X-CSRF-Token"] = csrfToken;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let response;
    let text;
    try {
      response = await fetch(`${base}${path}`, {
        method, headers: sent, credentials: "same-origin", cache: "no-store", signal: controller.signal,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      text = await response.text();
    } catch {
      throw failure(0, null, null, controller.signal.aborted ? "timeout" : "network");
    } finally {
      clearTimeout(timer);
    }
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = null; // not JSON: a success without a body, or a failure that is not typed
    }
    if (response.ok) return { status: response.status, data };
    const error = failure(response.status, data, response);
    if (response.status === 401 && onUnauthorized) onUnauthorized(error);
    throw error;
  }

  const request = async (method, path, body) => (await exchange(method, path, body)).data;
  return {
    request,
    exchange,
    get: (path) => request("GET", path),
    post: (path, body = {}) => request("POST", path, body),
    put: (path, body = {}) => request("PUT", path, body),
    del: (path) => request("DELETE", path),
    useToken(token) {
      bearer = token;
    },
    useCsrf(token) {
      if (token) csrfToken = token;
    },
  };
}
