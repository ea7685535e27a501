// The server's clock as seen from the page: never the browser's wall clock, which may be wrong.
// Synced from the snapshot's `at`; server times seen in events only ever move it forward
// (an event stamped T proves the server clock has reached T). Runs on performance.now(),
// so a browser clock change does not move it.

import { t } from "../kit/i18n.js";

export class ServerClock {
  constructor() {
    this.base = null; // server epoch ms at performance.now() === 0
  }

  get synced() {
    return this.base !== null;
  }

  /** Set the clock from a server time stamp read "now" (a snapshot's `at`). */
  sync(iso) {
    const ms = Date.parse(iso);
    if (!Number.isNaN(ms)) this.base = ms - performance.now();
  }

  /** The server clock has reached `iso` at least: move forward if we are behind it. */
  reached(iso) {
    const ms = Date.parse(iso ?? "");
    if (Number.isNaN(ms)) return;
    const base = ms - performance.now();
    if (this.base === null || base > this.base) this.base = base;
  }

  /** Server time now, in epoch milliseconds (the browser clock until the first sync). */
  now() {
    return this.base === null ? Date.now() : this.base + performance.now();
  }

  /** Minutes from `iso` until now on the server clock (0 if in the future). */
  minutesSince(iso) {
    const ms = Date.parse(iso ?? "");
    return Number.isNaN(ms) ? 0 : Math.max(0, (this.now() - ms) / 60000);
  }
}

/** A short duration from minutes: "12分钟" / "12 min", "1小时5分" / "1 h 5 min". */
export function duration(minutes) {
  const m = Math.max(0, Math.floor(minutes));
  if (m < 1) return t("duration.now");
  if (m < 60) return t("duration.minutes", { m });
  return t("duration.hours", { h: Math.floor(m / 60), m: m % 60 });
}

/** "10:02:33" and "2026年11月23日 星期一" / "Mon 23 Nov 2026" in the hall's time zone. */
export function clockFaces(ms, timeZone) {
  const at = new Date(ms);
  const opts = timeZone ? { timeZone } : {};
  const time = new Intl.DateTimeFormat("zh-CN", {
    ...opts, hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false,
  }).format(at);
  const zh = new Intl.DateTimeFormat("zh-CN", {
    ...opts, year: "numeric", month: "long", day: "numeric", weekday: "long",
  }).format(at);
  const en = new Intl.DateTimeFormat("en-GB", {
    ...opts, weekday: "short", day: "numeric", month: "short", year: "numeric",
  }).format(at);
  return { time, date: { zh, en } };
}
