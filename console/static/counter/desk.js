// The counter console's screen, drawn from the console endpoint's view: the ticket card,
// the buttons with the server's verdicts, the lines, tickets sent here and today's figures.

import { bi, fill, h } from "/display/static/kit/dom.js";
import { duration, t } from "../common/i18n.js";
import { alertText } from "./feed.js";

let shown = null; // the view on screen
let fetchedAt = 0; // performance.now() when it arrived: the card's clocks run on from there
let busy = false;

const name = (x) => ({ zh: x?.name_zh ?? "", en: x?.name_en ?? "" });
const since = (seconds) => (seconds == null ? null : seconds + (performance.now() - fetchedAt) / 1000);

function facts(c) {
  const parts = [];
  if (c.status === "called") {
    parts.push(bi(t("counter.waited", { duration: duration(c.waited_seconds) })));
    parts.push(bi(t("counter.called_ago", { duration: duration(since(c.since_called_seconds)) })));
    parts.push(bi(t("counter.recalls", { n: c.recall_count, limit: c.recall_limit })));
  } else {
    parts.push(bi(t("counter.waited", { duration: duration(c.waited_seconds) })));
    parts.push(bi(t("counter.serving_for", { duration: duration(since(c.serving_seconds)) })));
  }
  return parts.map((p) => h("span", { class: "fact" }, p));
}

function person(c) {
  const rows = [];
  if (c.name_masked) rows.push(h("div", { class: "pair" }, bi(t("counter.name")), h("b", { class: "masked" }, c.name_masked)));
  if (c.id_masked) rows.push(h("div", { class: "pair" }, bi(t("counter.id")), h("b", { class: "masked", "data-id": "" }, c.id_masked)));
  if (c.priority && c.priority !== "normal") rows.push(h("div", { class: "pair prio" }, bi(t("counter.priority")), h("b", {}, c.priority)));
  return rows.length ? h("div", { class: "person" }, rows) : null;
}

// A kiosk could not check the person against the ID card's photo: the window does it.
function identityCheck(c) {
  if (!c.identity_checks?.length) return null;
  return h("div", { class: "identity-check", id: "identity-check" }, bi(t("counter.identity_check")));
}

function notes(c) {
  if (!c.notes?.length) return null;
  return h("div", { class: "notes" }, bi(t("counter.notes"), "notes-title"),
    c.notes.map((n) => h("blockquote", { class: "note" }, h("p", {}, n.text),
      n.from_window_id ? h("cite", {}, t("counter.note_from", { window: n.from_window_id }).zh) : null)));
}

function alerts(view) {
  return (view.alerts ?? []).map((a) => h("div", { class: `alert ${a.level}` }, bi(alertText(a))));
}

function card(view) {
  const c = view.current;
  const win = view.window;
  const paused = win.state === "paused"
    ? h("div", { class: "paused-banner" }, bi(t("counter.paused_banner", { reason: win.pause_reason || "—" })))
    : null;
  if (!c) {
    return [paused, h("div", { class: "empty" }, bi(t("counter.no_ticket"), "big"), bi(t("counter.no_ticket_hint"))), alerts(view)];
  }
  return [
    paused,
    h("div", { class: "ticket-head" },
      h("span", { class: "number", id: "current-number" }, c.number),
      h("span", { class: `chip ${c.status}` }, bi(t(`counter.status.${c.status}`)))),
    h("div", { class: "service" }, bi(name(c.service))),
    h("div", { class: "facts", id: "facts" }, facts(c)),
    person(c),
    identityCheck(c),
    notes(c),
    alerts(view),
  ];
}

function buttons(view) {
  for (const btn of document.querySelectorAll("#actions .action")) {
    let action = btn.dataset.action;
    if (action === "pause") {
      action = view.buttons.resume.enabled ? "resume" : "pause";
      btn.dataset.mode = action;
      fill(btn.querySelector(".label"), bi(t(`counter.action.${action}`)));
    }
    const verdict = view.buttons[action] ?? { enabled: false, reason: null };
    btn.disabled = busy || !verdict.enabled;
    btn.dataset.reason = verdict.reason ?? "";
    fill(btn.querySelector(".why"), verdict.reason ? bi(t(`counter.reason.${verdict.reason}`)) : null);
  }
}

function lines(view) {
  fill("lines", view.lines.map((l) => h("div", { class: `line${l.waiting ? "" : " zero"}`, "data-code": l.code },
    h("span", { class: "prefix" }, l.prefix), bi(name(l)),
    h("span", { class: "count" }, t("counter.waiting_people", { n: l.waiting }).zh))));
  fill("directed", view.directed.length
    ? view.directed.map((d) => h("div", { class: "directed-item" }, h("b", {}, d.number), bi(name(d.service)),
      h("span", { class: "count" }, duration(d.waited_seconds).zh)))
    : h("div", { class: "none" }, bi(t("counter.directed_none"))));
}

function figures(view) {
  const f = view.figures ?? { served: 0, no_shows: 0, average_service_seconds: null };
  const avg = f.average_service_seconds == null ? "—" : duration(f.average_service_seconds).zh;
  fill("figures",
    h("div", { class: "figure" }, h("b", { id: "fig-served" }, f.served), bi(t("counter.served"))),
    h("div", { class: "figure" }, h("b", { id: "fig-avg" }, avg), bi(t("counter.avg"))),
    h("div", { class: "figure" }, h("b", {}, f.no_shows), bi(t("counter.no_shows"))));
}

function title(view) {
  const w = view.window;
  fill("win-title", h("span", { class: "win-no" }, t("counter.window", { number: w.number }).zh),
    bi(name(w)), h("span", { class: `chip state-${w.state}`, id: "win-state" }, bi(t(`counter.state.${w.state}`))));
  document.body.dataset.windowState = w.state;
}

export function render(view) {
  shown = view;
  fetchedAt = performance.now();
  title(view);
  fill("ticket-card", card(view));
  document.getElementById("ticket-card").dataset.status = view.current?.status ?? "none";
  buttons(view);
  lines(view);
  figures(view);
}

/** Disable every button while a request is in flight; the next render restores verdicts. */
export function setBusy(value) {
  busy = value;
  document.body.toggleAttribute("data-busy", value);
  if (value) for (const btn of document.querySelectorAll("#actions .action")) btn.disabled = true;
  else if (shown) buttons(shown);
}

/** The running clocks on the card, once a second. */
export function tick() {
  const c = shown?.current;
  if (c) fill("facts", facts(c));
}

/** New line counts from the live feed, without a round trip. */
export function updateLines(counts) {
  if (!shown) return;
  shown = { ...shown, lines: shown.lines.map((l) => ({ ...l, waiting: counts.get(l.code) ?? l.waiting })) };
  lines(shown);
}

export const current = () => shown;
