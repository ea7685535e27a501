// The wall display (/display/hall/<hall>): wires token, live connection, store, view and voice.

import { readJson } from "../kit/dom.js";
import { connect, loadClient } from "../kit/live.js";
import { createStatus } from "../kit/status.js";
import { takeToken } from "../kit/token.js";
import { Announcer } from "./announcer.js";
import { ServerClock } from "./clock.js";
import * as view from "./hallview.js";
import { HallStore } from "./store.js";

const MISSED_WITHIN_MS = 120000; // calls made while the screen was away, said once it is back
const MISSED_MAX = 4;
const WARNING_PAGE_SECONDS = 6; // warnings that do not fit on one row take turns
const page = readJson("page-data");
const showStatus = createStatus({ prefix: "status." });
const clock = new ServerClock();
const store = new HallStore();

function announceMissed(announcer, missed, at) {
  const now = Date.parse(at);
  const recent = missed.filter((c) => !(now - Date.parse(c.at) > MISSED_WITHIN_MS)).slice(0, MISSED_MAX);
  for (const call of recent.reverse()) announcer.enqueue(call); // oldest first
}

function track(p) {
  for (const stamp of [p?.called_at, p?.issued_at, p?.since, p?.state_since]) clock.reached(stamp);
}

async function main() {
  const token = takeToken();
  if (!token) return showStatus("no_token", { final: true });
  const io = await loadClient(page.client);
  if (!io) return showStatus("no_client", { final: true });
  const announcer = new Announcer({ audioUrl: page.audio, token, onBlocked: () => view.soundBlocked(true) });
  window.__announcer = announcer; // tests read what was said, in order
  window.__display = { store, clock };
  let loaded = false;
  let socket = null;
  socket = connect(io, {
    auth: { token },
    status: (state) => showStatus(state),
    snapshot(snap) {
      if (snap.scope !== "hall") return false;
      if (snap.hall?.id && snap.hall.id !== page.hall) {
        showStatus("wrong_hall", { final: true });
        socket?.disconnect();
        return false;
      }
      clock.sync(snap.at);
      const missed = store.load(snap);
      if (loaded) announceMissed(announcer, missed, snap.at);
      loaded = true;
      view.renderAll(store, clock);
      return true;
    },
    event(name, p) {
      const receivedAt = performance.timeOrigin + performance.now();
      track(p);
      const call = store.apply(name, p);
      if (call) {
        view.renderCurrent(store, true);
        view.renderWindows(store, call.window.id);
        announcer.enqueue(call);
      } else if (name === "window.status") view.renderWindows(store, p.current?.status === "called" ? p.id : null);
      else if (name === "windows.status") {
        const called = (p.windows ?? []).filter((w) => w.current?.status === "called").pop();
        view.renderWindows(store, called ? called.id : null);
      }
      else if (name === "queue.lengths") view.renderLines(store);
      else if (name.startsWith("warning.")) view.renderWarnings(store, clock);
      else if (name === "hall.notice") view.renderHall(store);
      // for measurements (bench/display.py): when each event reached the page and was drawn
      const renderedAt = performance.timeOrigin + performance.now();
      document.dispatchEvent(new CustomEvent("display:event", {
        detail: { name, number: p?.number ?? null, window: p?.window?.number ?? null, receivedAt, renderedAt },
      }));
    },
  });
  let ticks = 0;
  setInterval(() => {
    ticks += 1;
    view.renderClock(store, clock);
    if (ticks % WARNING_PAGE_SECONDS === 0) view.nextWarningPage(store, clock);
    else view.renderWarnings(store, clock);
  }, 1000);
}

main();
