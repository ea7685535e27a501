// Page texts, Chinese first: the manage.* catalogue the server embeds in the page.
// No text a person reads is written in these scripts; an unknown key shows as itself.

const catalogue = JSON.parse(document.getElementById("i18n-data").textContent);

export function format(template, params = {}) {
  return template.replace(/\{(\w+)\}/g, (whole, key) => (key in params ? String(params[key]) : whole));
}

const pick = (params, lang) =>
  Object.fromEntries(Object.entries(params ?? {}).map(([k, v]) => [k, v?.zh !== undefined ? v[lang] : v]));

/** One text in both languages: {zh, en}; the "manage." prefix is implied. */
export function t(key, params) {
  const full = `manage.${key}`;
  return {
    zh: format(catalogue.zh[full] ?? full, pick(params, "zh")),
    en: format(catalogue.en[full] ?? full, pick(params, "en")),
  };
}

export function has(key) {
  return Object.hasOwn(catalogue.zh, `manage.${key}`);
}

/** The same words in both languages (a name, a number). */
export const same = (text) => ({ zh: String(text ?? ""), en: String(text ?? "") });

/** A duration from seconds: "45秒" / "45 s", "12分钟" / "12 min", "1小时5分" / "1 h 5 min". */
export function duration(seconds) {
  const s = Math.max(0, Math.floor(seconds ?? 0));
  if (s < 60) return t("duration.seconds", { s });
  const m = Math.floor(s / 60);
  if (m < 60) return t("duration.minutes", { m });
  return t("duration.hours", { h: Math.floor(m / 60), m: m % 60 });
}
