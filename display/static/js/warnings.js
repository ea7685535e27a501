// The warnings strip: any warning kind the server sends, red above yellow, each with how long.
// Known kinds have their own wording in the catalogue (warning.<kind>); an unknown kind still
// shows, with its safe fields. Ids, subjects and tokens are never shown. A kiosk fault shows the
// kiosk's given name and the fault (no person is ever part of it).

import { has, t } from "../kit/i18n.js";
import { duration } from "./clock.js";

const SAFE_FIELDS = ["number", "name_masked"];

export function sortAlerts(alerts) {
  const rank = (a) => (a.level === "red" ? 0 : 1);
  return [...alerts].sort((a, b) => rank(a) - rank(b) || Date.parse(a.since) - Date.parse(b.since));
}

/** {level, title, detail, over} (texts as {zh, en}; detail may be null) for one alert. */
export function describe(alert, store, clock) {
  const windowNumber = alert.window ?? store.windows.get(alert.window_id)?.number ?? null;
  const key = `warning.${alert.kind}`;
  const title = has(key)
    ? t(key, { number: alert.number ?? "", window: windowNumber ?? "", name: alert.name ?? "", fault: faultText(alert) })
    : unknownKind(alert);
  return {
    level: alert.level === "red" ? "red" : "yellow",
    title,
    detail: detail(alert, store, windowNumber),
    over: t("warning.over", { duration: duration(clock.minutesSince(alert.since)) }),
  };
}

/** A kiosk fault in words (warning.fault.<fault>); the kiosk is named by its given name only. */
function faultText(alert) {
  const key = `warning.fault.${alert.fault}`;
  return alert.fault && has(key) ? t(key) : String(alert.fault ?? "");
}

function detail(alert, store, windowNumber) {
  if (alert.kind === "kiosk_fault") return null;
  if (alert.kind === "window_paused") return alert.reason ? { zh: alert.reason, en: alert.reason } : null;
  const parts = [];
  const line = alert.service ? store.lines.find((l) => l.code === alert.service) : null;
  if (line) parts.push({ zh: line.name_zh, en: line.name_en });
  if (windowNumber !== null && alert.kind !== "ticket_waiting") {
    parts.push(t("warning.at_window", { window: windowNumber }));
  }
  if (!parts.length) return null;
  return { zh: parts.map((p) => p.zh).join(" · "), en: parts.map((p) => p.en).join(" · ") };
}

/** A kind this page does not know yet (e.g. case deadlines): its name and safe fields. */
function unknownKind(alert) {
  const head = t("warning.other", { kind: alert.kind_zh ? { zh: alert.kind_zh, en: alert.kind_en ?? alert.kind } : alert.kind });
  const extra = SAFE_FIELDS.map((k) => alert[k]).filter((v) => typeof v === "string" || typeof v === "number");
  const title = { zh: alert.title_zh, en: alert.title_en ?? alert.title_zh };
  const zh = [head.zh, title.zh, ...extra].filter(Boolean).join(" ");
  const en = [head.en, title.en, ...extra].filter(Boolean).join(" ");
  return { zh, en };
}
