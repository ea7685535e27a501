// Page texts, Chinese first: the catalogue (display/i18n/*.json) the server embeds in the page.
// No text a person reads is written in these scripts; an unknown key shows as itself.

const catalogue = JSON.parse(document.getElementById("i18n-data").textContent);

export function format(template, params = {}) {
  return template.replace(/\{(\w+)\}/g, (whole, key) => (key in params ? String(params[key]) : whole));
}

const pick = (params, lang) =>
  Object.fromEntries(Object.entries(params ?? {}).map(([k, v]) => [k, v?.zh !== undefined ? v[lang] : v]));

/** One text in both languages: {zh, en}; a parameter may itself be a {zh, en} pair. */
export function t(key, params) {
  return {
    zh: format(catalogue.zh[key] ?? key, pick(params, "zh")),
    en: format(catalogue.en[key] ?? key, pick(params, "en")),
  };
}

export function has(key) {
  return Object.hasOwn(catalogue.zh, key);
}

/** A short duration from minutes: "12分钟" / "12 min", "1小时5分" / "1 h 5 min". */
export function duration(minutes) {
  const m = Math.max(0, Math.floor(minutes));
  if (m < 1) return t("duration.now");
  if (m < 60) return t("duration.minutes", { m });
  return t("duration.hours", { h: Math.floor(m / 60), m: m % 60 });
}
