// The counter console (/counter): sign in to a window, then one screen to call and serve.
// The console endpoint decides everything shown; the live feed says when to ask it again.

import { get, post } from "../common/api.js";
import { bi, fill } from "../common/dom.js";
import { errorText, page } from "../common/i18n.js";
import { connect, loadClient } from "../common/live.js";
import { wire } from "./actions.js";
import { current, render, tick, updateLines } from "./desk.js";
import { emptinessFlips, judge } from "./feed.js";
import { pick } from "./picker.js";

const DEBOUNCE_MS = 200;
let windowId = null;
let socket = null;
let me = null;
let seq = 0;
let timer = null;

function showError(text) {
  fill("message", text ? bi(text) : null);
  document.getElementById("message").hidden = !text;
}

function setView(view) {
  document.getElementById("counter").dataset.view = view;
  document.getElementById("sign-out").hidden = view !== "desk";
  document.body.dataset.ready = "true"; // a screen is drawn (tests and screenshots wait for it)
}

function toLogin() {
  const next = window.location.pathname + window.location.search;
  window.location.replace(`/login?next=${encodeURIComponent(next)}`);
}

async function refresh() {
  if (windowId === null) return;
  const mine = ++seq;
  const r = await get(`/windows/${windowId}/console`);
  if (mine !== seq) return; // a newer answer is on its way
  if (r.status === 401) return toLogin();
  if (!r.ok) {
    showError(errorText(r.error));
    if (r.status === 403 || r.status === 404) await elsewhere();
    return;
  }
  render(r.data);
  setView("desk");
}

function later() {
  clearTimeout(timer);
  timer = setTimeout(refresh, DEBOUNCE_MS);
}

async function live() {
  if (socket) {
    socket.disconnect().connect(); // rooms are chosen on connect: join the new window's
    return;
  }
  const io = await loadClient(page.client);
  if (!io) return;
  socket = connect(io, null, {
    snapshot: later,
    event(name, p) {
      const verdict = judge(name, p ?? {}, windowId, current());
      if (verdict === "refresh") later();
      if (verdict === "lines") {
        const counts = new Map((p.lines ?? []).map((l) => [l.code, l.waiting]));
        if (emptinessFlips(current(), counts)) later();
        updateLines(counts);
      }
    },
  });
}

/** Not (or no longer) at this window: a manager may have moved the clerk to another one. */
async function elsewhere() {
  const r = await get("/auth/me");
  if (r.ok) me = r.data;
  if (r.ok && r.data.window_id && r.data.window_id !== windowId) return open(r.data.window_id);
  return choose();
}

async function choose() {
  windowId = null;
  socket?.disconnect();
  document.body.dataset.status = "idle";
  setView("picker");
  const chosen = await pick(page.hall ?? me.hall, me, showError);
  if (chosen === null) return;
  me = { ...me, window_id: chosen };
  await open(chosen);
}

async function open(id) {
  windowId = id;
  showError(null);
  await refresh();
  if (windowId !== null) await live();
}

async function leave(thenLogout) {
  if (windowId !== null && me.window_id === windowId) {
    const r = await post(`/windows/${windowId}/sign-out`);
    if (!r.ok && r.status !== 403) return showError(errorText(r.error));
    me = { ...me, window_id: null };
  }
  if (thenLogout) {
    await post("/auth/logout");
    return toLogin();
  }
  showError(null);
  await choose();
}

async function main() {
  const r = await get("/auth/me");
  if (!r.ok || r.data.kind !== "user") return toLogin();
  me = r.data;
  document.getElementById("sign-out").addEventListener("click", () => leave(false));
  document.getElementById("logout").addEventListener("click", () => leave(true));
  wire({
    windowId: () => windowId,
    async after(result) {
      if (result && !result.ok) showError(errorText(result.error));
      else if (result) showError(null);
      await refresh();
    },
  });
  setInterval(tick, 1000);
  if (page.window) await open(page.window);
  else await choose();
}

main();
