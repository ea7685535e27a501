// Page texts, Chinese first: the catalogue the server embeds in the page (#i18n-data, from
// display/i18n, console/i18n or kiosk/i18n). One lookup for every page: t(key) is {zh, en}, an
// unknown key shows as itself. No text a person reads is written in the scripts.
// And the one language switch (consoles): both (Chinese first, English second), Chinese only or
// English only, on <html data-lang>, kept per browser; base.css hides the other line.

import { readJson } from "./dom.js";

let catalogue = null;
const strings = () => (catalogue ??= readJson("i18n-data", { zh: {}, en: {} }));

export function format(template, params = {}) {
  return template.replace(/\{(\w+)\}/g, (whole, key) => (key in params ? String(params[key]) : whole));
}

const pick = (params, lang) =>
  Object.fromEntries(Object.entries(params ?? {}).map(([k, v]) => [k, v?.zh !== undefined ? v[lang] : v]));

/** One text in both languages: {zh, en}; a parameter may itself be a {zh, en} pair. */
export function t(key, params) {
  const { zh, en } = strings();
  return {
    zh: format(zh?.[key] ?? key, pick(params, "zh")),
    en: format(en?.[key] ?? key, pick(params, "en")),
  };
}

export function has(key) {
  return Object.hasOwn(strings().zh ?? {}, key);
}

/** t and has with a prefix implied: scoped("manage.").t("title") reads "manage.title". */
export function scoped(prefix) {
  return { t: (key, params) => t(`${prefix}${key}`, params), has: (key) => has(`${prefix}${key}`) };
}

// The language switch.
export const LANGUAGES = ["both", "zh", "en"];
const LANGUAGE_KEY = "onewindow.console.lang";

export function applyLanguage(lang) {
  const shown = LANGUAGES.includes(lang) ? lang : "both";
  document.documentElement.dataset.lang = shown;
  document.documentElement.lang = shown === "en" ? "en" : "zh-CN";
  return shown;
}

function stored(key) {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null; // storage disabled: both languages
  }
}

/** Show the browser's kept choice; the button (#lang) cycles both -> zh -> en. */
export function wireLanguageSwitch(button = document.getElementById("lang"), key = LANGUAGE_KEY) {
  let current = applyLanguage(stored(key));
  button?.addEventListener("click", () => {
    current = applyLanguage(LANGUAGES[(LANGUAGES.indexOf(current) + 1) % LANGUAGES.length]);
    try {
      window.localStorage.setItem(key, current);
    } catch {
      // not kept: fine
    }
  });
  return current;
}
