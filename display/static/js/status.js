// The connection state, shown on the page: body[data-status] and the #status banner.
// "syncing" is the moment between connecting and receiving the snapshot: on a first start it
// reads "connecting", after a drop "reconnecting", and old numbers stay dimmed until it ends.

import { t } from "./i18n.js";
import { bi, fill } from "./dom.js";

const MESSAGES = {
  connecting: "status.connecting",
  reconnecting: "status.reconnecting",
  refused: "status.refused",
  no_token: "status.no_token",
  no_client: "status.no_client",
  wrong_hall: "status.wrong_hall",
  no_window: "status.no_window",
};

let everLive = false;
let fatal = false;

/** Show a state; a fatal one (no token, wrong hall...) stays until the page is reloaded. */
export function showStatus(state, { final = false } = {}) {
  if (fatal) return;
  fatal = final;
  let shown = state;
  if (state === "live") everLive = true;
  if (state === "syncing" || state === "connecting") shown = everLive ? "reconnecting" : "connecting";
  if (state === "reconnecting" && !everLive) shown = "connecting";
  document.body.dataset.status = shown;
  const key = MESSAGES[shown];
  fill("status", key ? bi(t(key), "status-text") : null);
}
