// The connection state on the page: body[data-status], the #status banner (base.css shows it
// while connecting, and full-screen for a state the page cannot get out of) and, on a page
// with one, a header pill. "syncing" (connected, the snapshot not yet in) reads "connecting"
// on a first start and "reconnecting" after a drop, so old numbers stay dimmed until it ends.

import { bi, fill } from "./dom.js";
import { t } from "./i18n.js";

/**
 * createStatus({prefix, box, pill, degraded}) -> show(state, {final})
 * prefix: the catalogue keys of the words ("status." reads status.reconnecting ...);
 * pill: an element id that always shows the state; degraded: states that only the pill shows
 * (body[data-status=degraded]): the page still works without its live feed.
 * A final state (no token, wrong hall...) stays until the page is reloaded.
 */
export function createStatus({ prefix = "status.", box = "status", pill = null, degraded = [] } = {}) {
  let everLive = false;
  let fatal = false;
  return function show(state, { final = false } = {}) {
    if (fatal) return;
    fatal = final;
    let shown = state;
    if (state === "live") everLive = true;
    if (state === "syncing" || state === "connecting") shown = everLive ? "reconnecting" : "connecting";
    if (state === "reconnecting" && !everLive) shown = "connecting";
    const quiet = degraded.includes(shown);
    document.body.dataset.status = quiet ? "degraded" : shown;
    if (pill) fill(pill, bi(t(`${prefix}${shown}`)));
    fill(box, shown === "live" || quiet ? null : bi(t(`${prefix}${shown}`), "status-text"));
    return shown;
  };
}
