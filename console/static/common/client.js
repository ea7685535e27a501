// The consoles' client of /api/v1 (display/static/kit/api.js: a call resolves with the answer,
// a failure rejects with an ApiError {status, code, zh, en, field, ...}). Signed in by the
// session cookie, changes carrying the page's CSRF token, or by a device token (useToken: the
// rating pad). A failure's words are the page's own (common.error.<code>) where it has them,
// else the server's; no answer at all reads as common.error.network.

import { createApi } from "/display/static/kit/api.js";
import { has, t } from "/display/static/kit/i18n.js";

function words(code, params) {
  const key = `common.error.${code === "unknown" || code === "timeout" ? "network" : code}`;
  return has(key) ? t(key, params) : null;
}

export const client = createApi({ base: "/api/v1", csrf: true, words });
export const { get, post, put, useCsrf, useToken } = client;
