// The counter console (/counter): sign in to a window, then one screen to call and serve.
// The console endpoint decides everything shown; the live feed says when to ask it again.

import { bi, fill } from "/display/static/kit/dom.js";
import { connect, loadClient } from "/display/static/kit/live.js";
import { createStatus } from "/display/static/kit/status.js";
import { get, post } from "../common/client.js";
import { errorText, page } from "../common/i18n.js";
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
const showStatus = createStatus({ prefix: "common.status." });

/** Show a failure's words (an ApiError), or clear the message with null. */
function showError(error) {
  fill("message", error ? bi(errorText(error)) : null);
  document.getElementById("message").hidden = !error;
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
  let view;
  try {
    view = await get(`/windows/${windowId}/console`);
  } catch (err) {
    if (mine !== seq) return;
    if (err.status === 401) return toLogin();
    showError(err);
    if (err.status === 403 || err.status === 404) await elsewhere();
    return;
  }
  if (mine !== seq) return; // a newer answer is on its way
  render(view);
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
  socket = connect(io, {
    status: (state) => showStatus(state),
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
  const now = await get("/auth/me").catch(() => null);
  if (now) me = now;
  if (now?.window_id && now.window_id !== windowId) return open(now.window_id);
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
    try {
      await post(`/windows/${windowId}/sign-out`);
    } catch (err) {
      if (err.status !== 403) return showError(err);
    }
    me = { ...me, window_id: null };
  }
  if (thenLogout) {
    await post("/auth/logout").catch(() => null);
    return toLogin();
  }
  showError(null);
  await choose();
}

async function main() {
  me = await get("/auth/me").catch(() => null);
  if (me?.kind !== "user") return toLogin();
  document.getElementById("sign-out").addEventListener("click", () => leave(false));
  document.getElementById("logout").addEventListener("click", () => leave(true));
  wire({
    windowId: () => windowId,
    async after(outcome) {
      if (outcome) showError(outcome.error);
      await refresh();
    },
  });
  setInterval(tick, 1000);
  if (page.window) await open(page.window);
  else await choose();
}

main();
