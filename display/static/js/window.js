// The window screen (/display/window/<id>): the small screen above one counter.
// With a hall display token it hears the whole hall and keeps only its own window's news;
// with a counter token for this window it gets the window snapshot directly.

import { bi, fill, flash, h, readJson } from "../kit/dom.js";
import { t } from "../kit/i18n.js";
import { connect, loadClient } from "../kit/live.js";
import { createStatus } from "../kit/status.js";
import { takeToken } from "../kit/token.js";
import { ServerClock, clockFaces } from "./clock.js";

const page = readJson("page-data");
const showStatus = createStatus({ prefix: "status." });
const clock = new ServerClock();
let win = null;
let timeZone;

function stateOf(w) {
  if (w.state === "paused" || w.state === "closed") return w.state;
  if (w.current) return w.current.status === "called" ? "called" : "serving";
  return "idle";
}

function render(flashIt = false) {
  if (!win) return;
  const state = stateOf(win);
  document.body.dataset.state = state;
  fill("win-no", t("window.label", { number: win.number }).zh);
  fill("win-name", bi({ zh: win.name_zh, en: `${t("window.label", { number: win.number }).en} · ${win.name_en}` }));
  const number = win.current?.number;
  const parts = {
    called: () => [h("div", { class: "big number", "data-number": number }, number),
      bi(t("screen.please_come", { number }), "line")],
    serving: () => [bi(t("screen.now_serving"), "label"),
      h("div", { class: "big number", "data-number": number }, number)],
    paused: () => [bi(t("screen.paused"), "big word"),
      win.pause_reason ? h("div", { class: "reason" }, win.pause_reason) : null,
      bi(t("screen.paused_hint"), "line")],
    closed: () => [bi(t("screen.closed"), "big word")],
    idle: () => [bi(t("screen.welcome"), "big word"), bi(t("screen.welcome_line"), "line")],
  };
  const screen = fill("screen", parts[state]());
  if (flashIt) flash(screen);
}

function take(w) {
  if (!w || w.id !== page.window) return false;
  win = w;
  return true;
}

async function main() {
  const token = takeToken();
  if (!token) return showStatus("no_token", { final: true });
  const io = await loadClient(page.client);
  if (!io) return showStatus("no_client", { final: true });
  window.__display = { clock, get window() { return win; } };
  connect(io, {
    auth: { token },
    status: (state) => showStatus(state),
    snapshot(snap) {
      clock.sync(snap.at);
      timeZone = snap.hall?.timezone;
      win = null;
      const found = snap.scope === "window" ? take(snap.window) : take((snap.windows ?? []).find((w) => w.id === page.window));
      if (!found) {
        document.body.dataset.state = "";
        fill("screen");
        showStatus("no_window");
        return false;
      }
      render();
      return true;
    },
    event(name, p) {
      clock.reached(p?.called_at);
      const mine = name === "windows.status" ? (p.windows ?? []).find((w) => w.id === page.window) : null;
      if (name === "window.status" && take(p)) render(p.current?.status === "called");
      else if (mine && take(mine)) render(mine.current?.status === "called");
      else if ((name === "ticket.called" || name === "ticket.recalled") && p.window?.id === page.window && win) {
        win = { ...win, current: { number: p.number, status: "called", service: p.service } };
        render(true);
      }
    },
  });
  const tick = () => fill("clock-time", clockFaces(clock.now(), timeZone).time.slice(0, 5));
  tick();
  setInterval(tick, 1000);
}

main();
