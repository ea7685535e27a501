// The manager console's texts: the kit's one lookup with the "manage." prefix implied (the
// manage.* catalogue the server embeds in the page). An unknown key shows as itself.

import { scoped } from "/display/static/kit/i18n.js";

export const { t, has } = scoped("manage.");

/** A duration from seconds: "45秒" / "45 s", "12分钟" / "12 min", "1小时5分" / "1 h 5 min". */
export function duration(seconds) {
  const s = Math.max(0, Math.floor(seconds ?? 0));
  if (s < 60) return t("duration.seconds", { s });
  const m = Math.floor(s / 60);
  if (m < 60) return t("duration.minutes", { m });
  return t("duration.hours", { h: Math.floor(m / 60), m: m % 60 });
}

/** The words of a failure: an ApiError's own, else "操作失败" (a script error). */
export const errorText = (err) => (typeof err?.zh === "string" ? err : t("error.unknown"));
