// The kiosk's own JSON API on 127.0.0.1, through the kit's client (/kit/api.js, served from
// display/static/kit): a call resolves with the answer or rejects with an ApiError
// {status, code, zh, en, retry}. Every call carries X-Kiosk: the kiosk program refuses POSTs
// without it, so no other page in this browser can act for the citizen.
import { createApi } from "/kit/api.js";
import { t } from "/kit/i18n.js";

// No answer from the kiosk program itself (it is on this PC): the staff must look at it.
const DOWN = { zh: "自助机程序未响应，请联系工作人员", en: "The kiosk program is not answering; please ask the staff" };

function words(code) {
  if (code === "network" || code === "timeout" || code === "bad_response") return DOWN;
  return code === "unknown" ? t("error.kiosk_error") : null; // else the kiosk program's words
}

export const { get, post } = createApi({ headers: { "X-Kiosk": "1" }, words });

export function newRequestId() {
  if (globalThis.crypto && crypto.randomUUID) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}
