// The connection state on the page: body[data-status] and the #status banner.
// Before the first snapshot it reads "connecting", after a drop "reconnecting".

import { bi, fill } from "./dom.js";
import { t } from "./i18n.js";

let everLive = false;
let fatal = false;

/** Show a state; a final one (no token, no client) stays until the page is reloaded. */
export function showStatus(state, { final = false } = {}) {
  if (fatal) return;
  fatal = final;
  let shown = state;
  if (state === "live") everLive = true;
  if (state === "syncing" || state === "connecting") shown = everLive ? "reconnecting" : "connecting";
  if (state === "reconnecting" && !everLive) shown = "connecting";
  document.body.dataset.status = shown;
  fill("status", shown === "live" ? null : bi(t(`common.status.${shown}`), "status-text"));
}
