// The windows table: state, clerk, current ticket and how long it has been on, services, and
// the buttons that apply now. Buttons carry data-act and data-window-id; main.js listens once.

import { bi, fill, h, inline } from "/display/static/kit/dom.js";
import { duration, t } from "./i18n.js";
import { secondsSince, state } from "./store.js";

/** called / serving / idle for an open window, else its state (paused, closed). */
export function phase(w) {
  if (w.state !== "open") return w.state;
  return w.current ? w.current.status : "idle";
}

export function clerkName(w) {
  const c = w.clerk;
  if (c && typeof c === "object") return c.name ?? c.display_name ?? c.username ?? null;
  return c ?? w.clerk_name ?? null;
}

function actionsFor(w) {
  const acts = { closed: ["open"], paused: ["resume", "close"] }[w.state] ?? ["pause", "close"];
  return [...acts, "assign", "services"];
}

function serviceChips(w) {
  const byCode = new Map((state.board?.lines ?? []).map((l) => [l.code, l]));
  const prefix = (code) => byCode.get(code)?.prefix ?? code;
  const codes = [...(w.services ?? [])].sort((a, b) => prefix(a).localeCompare(prefix(b)));
  return h("div", { class: "chips" }, codes.map((code) => {
    const line = byCode.get(code);
    return h("span", { class: "chip", "data-service": code, title: line ? `${line.name_zh} ${line.name_en}` : code },
      line?.prefix ?? code);
  }));
}

function row(w) {
  const p = phase(w);
  const clerk = clerkName(w);
  const cur = w.current;
  const pauseReason = w.state === "paused" && w.pause_reason ? h("div", { class: "reason" }, w.pause_reason) : null;
  return h("tr", { "data-window": w.number, "data-window-id": w.id, "data-state": p },
    h("td", { class: "num win-no" }, h("span", { class: "big" }, w.number),
      h("span", { class: "win-name" }, bi({ zh: w.name_zh ?? "", en: w.name_en ?? "" }))),
    h("td", { class: "state" }, h("span", { class: `badge ${p}` }, inline(t(`phase.${p}`))),
      w.state_since ? h("span", { class: "since", "data-since": w.state_since }, bi(duration(secondsSince(w.state_since)))) : null,
      pauseReason),
    h("td", { class: "clerk" }, clerk ? h("span", { class: "name" }, clerk) : bi(t("no_clerk"), "muted")),
    h("td", { class: "ticket" }, cur
      ? h("div", { class: "ticket-cell" }, h("span", { class: "ticket-no" }, cur.number),
        bi({ zh: cur.service?.name_zh ?? "", en: cur.service?.name_en ?? "" }, "svc"))
      : h("span", { class: "muted" }, "—")),
    h("td", { class: "num on-it", "data-since": cur?.since ?? "" }, cur ? bi(duration(secondsSince(cur.since))) : ""),
    h("td", { class: "services" }, serviceChips(w)),
    h("td", { class: "acts" }, actionsFor(w).map((act) =>
      h("button", { type: "button", class: `act act-${act}`, "data-act": act, "data-window-id": w.id }, bi(t(`act.${act}`))))),
  );
}

export function renderWindows() {
  const windows = [...(state.board?.windows ?? [])].sort((a, b) => a.number - b.number);
  fill(document.querySelector("#windows tbody"), windows.map(row));
  const count = (ph) => windows.filter((w) => phase(w) === ph).length;
  const open = windows.filter((w) => w.state === "open").length;
  fill("window-counts", inline(t("counts.windows", {
    open, paused: count("paused"), closed: count("closed"), total: windows.length,
  })));
}

/** Move the "since" clocks between board reads. */
export function tickWindows() {
  for (const cell of document.querySelectorAll("#windows [data-since]")) {
    if (!cell.dataset.since) continue;
    fill(cell, bi(duration(secondsSince(cell.dataset.since))));
  }
}
