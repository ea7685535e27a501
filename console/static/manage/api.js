// The manager console's client of /api/v1 (display/static/kit/api.js): a refusal rejects
// with an ApiError {status, code, zh, en, field, ...} carrying the server's typed words; a
// lost session sends the manager back to sign in.

import { createApi } from "/display/static/kit/api.js";
import { readJson } from "/display/static/kit/dom.js";
import { t } from "./i18n.js";

const page = readJson("page-data", {});

// Refusals that are about one field even when the server does not name it.
const CODE_FIELDS = {
  service_exists: "code", prefix_taken: "prefix", window_number_taken: "number",
  username_taken: "username", weak_password: "password", role_not_allowed: "role",
};

function words(code) {
  if (code === "network" || code === "timeout") return t("error.offline");
  return code === "unknown" ? t("error.unknown") : null; // else the server's own words
}

const client = createApi({
  base: "/api/v1", csrf: true, words, codeFields: CODE_FIELDS,
  onUnauthorized: () => window.location.assign(page.login),
});

export const { get, post, put } = client;
export const api = client.request;
export const hallPath = (rest) => `/halls/${encodeURIComponent(page.hall)}${rest}`;
export { page };
