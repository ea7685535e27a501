// The kiosk's own JSON API on 127.0.0.1. Every POST carries X-Kiosk: the server refuses
// POSTs without it, so no other page in this browser can act for the citizen.
const DOWN = {
  error: { code: "kiosk_down", zh: "自助机程序未响应，请联系工作人员", en: "The kiosk program is not answering; please ask the staff" },
  retry: true,
};

async function call(method, path, body) {
  const init = { method, headers: { Accept: "application/json" } };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.headers["X-Kiosk"] = "1";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (err) {
    return { ok: false, status: 0, data: DOWN };
  }
  let data = {};
  try {
    data = await response.json();
  } catch (err) {
    data = response.ok ? {} : DOWN;
  }
  return { ok: response.ok, status: response.status, data };
}

export const get = (path) => call("GET", path);
export const post = (path, body = {}) => call("POST", path, body);

export function newRequestId() {
  if (globalThis.crypto && crypto.randomUUID) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}
