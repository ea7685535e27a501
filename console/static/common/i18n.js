// The console pages' texts (console/i18n/*.json, embedded): the kit's one lookup, the page
// config, and the two helpers the consoles share. An unknown key shows as itself.

import { readJson } from "/display/static/kit/dom.js";
import { has, t } from "/display/static/kit/i18n.js";

export { format, has, t } from "/display/static/kit/i18n.js";

export const page = readJson("page-data", {});

/** A short duration from seconds: "45秒" / "45 s", "12分钟" / "12 min", "1小时5分". */
export function duration(seconds) {
  const s = Math.max(0, Math.floor(seconds ?? 0));
  if (s < 60) return t("common.seconds", { s });
  const m = Math.floor(s / 60);
  if (m < 60) return t("common.minutes", { m });
  return t("common.hours", { h: Math.floor(m / 60), m: m % 60 });
}

/** The words of a failure, zh first: an ApiError's own ({zh, en}), a page's {code, message}. */
export function errorText(error) {
  if (typeof error?.zh === "string") return { zh: error.zh, en: error.en ?? "" };
  const code = error?.code;
  const own = `common.error.${code}`;
  if (code && has(own)) return t(own, error.params ?? {});
  const message = error?.message;
  if (message?.zh && message.zh !== `error.${code}`) return { zh: message.zh, en: message.en ?? "" };
  return t("common.error.network");
}
