// The lines (one per service): waiting, the longest wait, the estimated wait, open windows;
// and the waiting tickets, each with a re-route button.

import { bi, fill, h, inline } from "/display/static/kit/dom.js";
import { duration, t } from "./i18n.js";
import { secondsSince, secondsSinceRead, state } from "./store.js";

function longest(line) {
  if (!line.waiting) return null;
  const s = line.longest_wait_seconds;
  return s === undefined || s === null ? null : s + secondsSinceRead();
}

function lineRow(line) {
  const wait = longest(line);
  const eta = line.estimated_minutes;
  return h("tr", { "data-line": line.code, class: line.waiting ? "" : "empty" },
    h("td", { class: "svc" }, h("span", { class: "prefix" }, line.prefix ?? ""),
      bi({ zh: line.name_zh, en: line.name_en })),
    h("td", { class: "num count" }, line.waiting ?? 0),
    h("td", { class: "num longest", "data-longest": wait ?? "" }, wait === null ? "—" : bi(duration(wait))),
    h("td", { class: "num eta" }, eta === null || eta === undefined || !line.waiting ? "—" : bi(duration(eta * 60))),
    h("td", { class: "num" }, line.open_windows ?? "—"));
}

export function renderLines() {
  const lines = state.board?.lines ?? [];
  fill(document.querySelector("#lines tbody"), lines.map(lineRow));
  const waiting = lines.reduce((n, l) => n + (l.waiting ?? 0), 0);
  fill("line-counts", inline(t("counts.waiting", { n: waiting })));
}

function waitingItem(ticket) {
  const target = ticket.target_window_id
    ? (state.board?.windows ?? []).find((w) => w.id === ticket.target_window_id)
    : null;
  return h("li", { "data-ticket": ticket.number, "data-ticket-id": ticket.id },
    h("span", { class: "ticket-no" }, ticket.number),
    ticket.priority && ticket.priority !== "normal" ? h("span", { class: "tag" }, bi(t(`priority.${ticket.priority}`))) : null,
    bi({ zh: ticket.service?.name_zh ?? "", en: ticket.service?.name_en ?? "" }, "svc"),
    target ? h("span", { class: "tag" }, inline(t("to_window", { window: target.number }))) : null,
    h("span", { class: "waited", "data-since": ticket.issued_at ?? "" }, bi(duration(secondsSince(ticket.issued_at)))),
    h("button", { type: "button", class: "act", "data-act": "reroute", "data-ticket-id": ticket.id }, inline(t("act.reroute"))));
}

export function renderWaiting() {
  const tickets = state.waiting ?? [];
  fill("waiting", tickets.length ? tickets.map(waitingItem) : h("li", { class: "muted empty" }, bi(t("none_waiting"))));
  fill("waiting-counts", inline(t("counts.tickets", { n: tickets.length })));
}

export function tickLines() {
  for (const cell of document.querySelectorAll("#lines [data-longest]")) {
    const line = (state.board?.lines ?? []).find((l) => l.code === cell.closest("tr").dataset.line);
    const wait = line ? longest(line) : null;
    if (wait !== null) fill(cell, bi(duration(wait)));
  }
  for (const cell of document.querySelectorAll("#waiting [data-since]")) {
    if (cell.dataset.since) fill(cell, bi(duration(secondsSince(cell.dataset.since))));
  }
}
