// Page texts, Chinese first: the catalogue (console/i18n/*.json) the server embeds in the page.
// No text a person reads is written in these scripts; an unknown key shows as itself.

import { has, t } from "/display/static/js/i18n.js";

// format, t and has read the same embedded catalogue (#i18n-data) on every page: one copy.
export { format, has, t } from "/display/static/js/i18n.js";

export const page = JSON.parse(document.getElementById("page-data").textContent);

/** A short duration from seconds: "45秒" / "45 s", "12分钟" / "12 min", "1小时5分". */
export function duration(seconds) {
  const s = Math.max(0, Math.floor(seconds ?? 0));
  if (s < 60) return t("common.seconds", { s });
  const m = Math.floor(s / 60);
  if (m < 60) return t("common.minutes", { m });
  return t("common.hours", { h: Math.floor(m / 60), m: m % 60 });
}

/** The words of an API error, zh first: the page's own wording when it has one. */
export function errorText(error) {
  const code = error?.code;
  const own = `common.error.${code}`;
  if (code && has(own)) return t(own, error.params ?? {});
  const message = error?.message;
  if (message?.zh && message.zh !== `error.${code}`) return { zh: message.zh, en: message.en ?? "" };
  return t("common.error.network");
}
