// The rating pad (/rate/<window>): the citizen-facing tablet at one window (办完即评).
// Idle until the window finishes a ticket, then five faces; a bad rating may add reasons;
// thanks, then idle again. Authenticated as this window's rating_pad device (#token=...).

import { bi, fill, h } from "/display/static/kit/dom.js";
import { connect, loadClient } from "/display/static/kit/live.js";
import { createStatus } from "/display/static/kit/status.js";
import { takeToken } from "/display/static/kit/token.js";
import { get, post, useToken } from "../common/client.js";
import { errorText, page, t } from "../common/i18n.js";
import { LEVELS, face } from "./faces.js";

const pad = document.getElementById("pad");
let ticket = null; // the ticket being rated: {id, number}
let level = null;
let timer = null;
let sending = false;
const showStatus = createStatus({ prefix: "common.status." });

function screen(name, seconds) {
  pad.dataset.screen = name;
  clearTimeout(timer);
  if (seconds) timer = setTimeout(idle, seconds * 1000);
}

function idle() {
  ticket = null;
  level = null;
  screen("idle");
}

function ask(t0) {
  ticket = { id: t0.id, number: t0.number };
  level = null;
  for (const box of document.querySelectorAll("#reason-list input")) box.checked = false;
  fill("ask-ticket", t("rate.ticket", { number: ticket.number }).zh);
  screen("ask", page.ask_seconds);
}

async function send(reasons) {
  if (sending || !ticket) return;
  sending = true;
  const body = { ticket_id: ticket.id, level, reasons };
  let failed = null;
  try {
    await post(`/windows/${page.window}/rating`, body);
  } catch (err) {
    failed = err;
  }
  sending = false;
  const bad = level <= 2;
  fill("thanks-text", failed ? [bi(t("rate.failed")), bi(errorText(failed), "why")] : bi(t(bad ? "rate.thanks_bad" : "rate.thanks")));
  pad.dataset.result = failed ? "failed" : "ok";
  screen("thanks", page.thanks_seconds);
}

function choose(chosen) {
  if (!ticket || sending) return;
  level = chosen;
  if (chosen <= 2) return screen("reasons", page.ask_seconds);
  send([]);
}

function drawFaces() {
  fill("faces", LEVELS.map((l) => {
    const b = h("button", { type: "button", class: `face level-${l}`, "data-level": l }, face(l), bi(t(`rate.level.${l}`)));
    b.addEventListener("click", () => choose(l));
    return b;
  }));
  document.getElementById("reasons-submit").addEventListener("click", () => {
    const picked = [...document.querySelectorAll("#reason-list input:checked")].map((box) => box.dataset.zh);
    send(picked);
  });
}

async function pending() {
  const waiting = await get(`/windows/${page.window}/rating`).catch(() => null);
  if (waiting?.ticket && pad.dataset.screen === "idle") ask(waiting.ticket);
}

function showWindow(w) {
  if (!w) return;
  fill("pad-window", t("counter.window", { number: w.number }).zh);
  fill("pad-name", bi({ zh: w.name_zh, en: `${t("counter.window", { number: w.number }).en} · ${w.name_en}` }));
}

async function main() {
  drawFaces();
  fill("pad-window", t("counter.window", { number: page.window }).zh);
  const token = takeToken("onewindow.rate.token");
  if (!token) return showStatus("no_token", { final: true });
  useToken(token);
  const io = await loadClient(page.client);
  if (!io) return showStatus("no_client", { final: true });
  connect(io, {
    auth: { token },
    status: (state) => showStatus(state),
    snapshot(data) {
      if (data.window?.id !== page.window) {
        showStatus("wrong_window");
        return false;
      }
      showWindow(data.window);
      pending();
      return true;
    },
    event(name, p) {
      if (name === "ticket.done" && p?.window?.id === page.window) ask(p);
      if (name === "window.status" && p?.id === page.window) showWindow(p);
    },
  });
  window.__pad = { get ticket() { return ticket; } };
}

main();
