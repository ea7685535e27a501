// The right-hand panels: warnings (red first, with how long), today's ratings, bad-rating
// follow-ups, devices online/offline with printer paper, ID-card reader and camera, and the
// display's notice line.

import { bi, fill, h, inline } from "/display/static/kit/dom.js";
import { duration, has, t } from "./i18n.js";
import { secondsSince, state } from "./store.js";

const LEVELS = [5, 4, 3, 2, 1];

export function sortAlerts(alerts) {
  const rank = (a) => (a.level === "red" ? 0 : 1);
  return [...alerts].sort((a, b) => rank(a) - rank(b) || Date.parse(a.since) - Date.parse(b.since));
}

function windowNumber(alert) {
  if (alert.window !== undefined && alert.window !== null) return alert.window;
  return (state.board?.windows ?? []).find((w) => w.id === alert.window_id)?.number ?? null;
}

function alertItem(alert) {
  const win = windowNumber(alert);
  const title = has(`alert.${alert.kind}`)
    ? t(`alert.${alert.kind}`, { number: alert.number ?? "", window: win ?? "", name: alert.name ?? "", fault: faultText(alert.fault) })
    : t("alert.other", { kind: alert.title_zh ? { zh: alert.title_zh, en: alert.title_en ?? alert.kind } : alert.kind });
  const line = alert.service ? (state.board?.lines ?? []).find((l) => l.code === alert.service) : null;
  const level = alert.level === "red" ? "red" : "yellow";
  return h("li", { class: `alert ${level}`, "data-level": level, "data-kind": alert.kind },
    h("span", { class: "card" }, bi(t(`level.${level}`))),
    h("span", { class: "what" }, bi(title),
      line ? h("span", { class: "detail" }, `${line.name_zh} · ${line.name_en}`) : null,
      win !== null && alert.kind !== "window_paused" ? h("span", { class: "detail" }, inline(t("at_window", { window: win }))) : null,
      alert.reason ? h("span", { class: "detail" }, alert.reason) : null),
    h("span", { class: "over", "data-since": alert.since ?? "" }, bi(t("over", { d: duration(secondsSince(alert.since)) }))));
}

export function renderAlerts() {
  const alerts = sortAlerts(state.board?.alerts ?? []);
  const red = alerts.filter((a) => a.level === "red").length;
  fill("alerts", alerts.length ? alerts.map(alertItem) : h("li", { class: "muted empty" }, bi(t("no_alerts"))));
  fill("alert-counts", h("span", { class: "pill red" }, inline(t("counts.red", { n: red }))),
    h("span", { class: "pill yellow" }, inline(t("counts.yellow", { n: alerts.length - red }))));
}

export function renderRatings() {
  const r = state.board?.ratings_today ?? {};
  const by = r.by_level ?? {};
  const total = r.total ?? LEVELS.reduce((n, l) => n + (by[l] ?? 0), 0);
  const good = r.satisfied ?? (by[5] ?? 0) + (by[4] ?? 0); // 满意 and above
  fill("rating-counts", inline(t("counts.ratings", { n: total })));
  fill("ratings",
    h("div", { class: "share" }, h("span", { class: total ? "big" : "big none", id: "satisfied-share" }, total ? `${Math.round((100 * good) / total)}%` : "—"),
      bi(t("satisfied_share"))),
    h("ul", { class: "levels" }, LEVELS.map((level) => {
      const n = by[level] ?? 0;
      const bar = h("span", { class: "meter" });
      bar.style.width = `${total ? Math.round((100 * n) / total) : 0}%`;
      return h("li", { "data-level": level, class: level <= 2 ? "bad" : "" },
        bi(t(`rating.${level}`)), h("span", { class: "track" }, bar), h("span", { class: "num" }, n));
    })));
}

function followupItem(f) {
  const win = (state.board?.windows ?? []).find((w) => w.id === f.window_id);
  const reasons = (f.reasons ?? []).join("、");
  return h("li", { "data-followup": f.id, "data-card": f.card ?? "none", class: f.closed_at ? "closed" : "" },
    h("span", { class: "ticket-no" }, f.ticket ?? f.number ?? ""),
    h("span", { class: "bad-level" }, bi(t(`rating.${f.level}`))),
    f.card ? h("span", { class: `pill ${f.card}` }, inline(t(`followup.card.${f.card}`))) : null, // the due day's card
    f.due_on && !f.closed_at ? h("span", { class: "detail due" }, inline(f.days_over
      ? t("followup.days_over", { n: f.days_over }) : t("followup.due", { day: f.due_on }))) : null,
    win ? h("span", { class: "detail" }, inline(t("at_window", { window: win.number }))) : null,
    reasons ? h("span", { class: "detail reasons" }, reasons) : null,
    h("span", { class: "waited" }, bi(t("ago", { d: duration(secondsSince(f.opened_at ?? f.at)) }))),
    f.closed_at ? h("span", { class: "muted" }, bi(t("closed"))) :
      h("button", { type: "button", class: "act", "data-act": "close-followup", "data-followup": f.id }, inline(t("act.close_followup"))));
}

export function renderFollowups() {
  const open = (state.board?.followups ?? []).filter((f) => !f.closed_at);
  fill("followups", open.length ? open.map(followupItem) : h("li", { class: "muted empty" }, bi(t("no_followups"))));
  fill("followup-counts", inline(t("counts.open", { n: open.length })));
}

export function printerText(p) {
  if (!p) return null;
  const paper = p.paper ?? p.printer_paper ?? "unknown";
  const offline = p.online === false && paper !== "out"; // out of paper says more than offline
  const key = offline ? "printer.offline" : `printer.${paper}`;
  return h("span", { class: `printer ${offline ? "offline" : paper}`, "data-paper": paper },
    inline(has(key) ? t(key) : t("printer.unknown")));
}

function faultText(fault) {
  return fault && has(`fault.${fault}`) ? t(`fault.${fault}`) : { zh: fault ?? "", en: fault ?? "" };
}

/** A kiosk's reader and camera as it last reported them (with the driver's reason). */
export function partText(kind, part) {
  if (!part) return null;
  const key = has(`${kind}.${part.state}`) ? `${kind}.${part.state}` : "health.unreported";
  const bad = part.state !== "ok" && part.state !== "none";
  return h("span", { class: `${kind} ${bad ? "bad" : "ok"}`, "data-state": part.state, title: part.reason ?? "" },
    inline(t(key)), part.reason && bad ? h("span", { class: "reason mono" }, ` (${part.reason})`) : null);
}

function seen(d) {
  if (d.online) return t("online");
  if (!d.last_seen_at) return t("never_seen");
  return t("offline_since", { d: duration(secondsSince(d.last_seen_at)) });
}

function deviceItem(d) {
  const win = d.window_id ? (state.board?.windows ?? []).find((w) => w.id === d.window_id) : null;
  return h("li", { "data-device": d.id, "data-online": d.online ? "yes" : "no", "data-faults": (d.faults ?? []).join(" ") },
    h("span", { class: `dot ${d.online ? "on" : "off"}`, "aria-hidden": "true" }),
    h("span", { class: "kind" }, bi(t(`kind.${d.kind}`))),
    h("span", { class: "name" }, d.name ?? "", win ? ` · ${win.number}` : ""),
    h("span", { class: "seen" }, bi(seen(d))),
    printerText(d.printer), partText("reader", d.reader), partText("camera", d.camera));
}

export function renderDevices() {
  const devices = (state.board?.devices ?? []).filter((d) => !d.revoked);
  const order = (d) => (d.online ? 1 : 0);
  devices.sort((a, b) => order(a) - order(b) || String(a.kind).localeCompare(b.kind) || a.id - b.id);
  const online = devices.filter((d) => d.online).length;
  fill("devices", devices.length ? devices.map(deviceItem) : h("li", { class: "muted empty" }, bi(t("no_devices"))));
  fill("device-counts", inline(t("counts.online", { n: online, total: devices.length })));
}

/** The notice line as the wall display scrolls it, Chinese first. */
export function renderNotice() {
  const hall = state.board?.hall ?? {};
  const lines = [hall.notice_zh, hall.notice_en].filter(Boolean);
  fill("notice-text", lines.length
    ? [h("p", { class: "zh", lang: "zh-CN", id: "notice-text-zh" }, hall.notice_zh ?? ""),
      h("p", { class: "en", lang: "en", id: "notice-text-en" }, hall.notice_en ?? "")]
    : h("p", { class: "muted" }, bi(t("no_notice"))));
}

export function tickSide() {
  for (const cell of document.querySelectorAll("#alerts [data-since]")) {
    if (cell.dataset.since) fill(cell, bi(t("over", { d: duration(secondsSince(cell.dataset.since)) })));
  }
}
