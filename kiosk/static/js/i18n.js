// The page's words, Chinese first: from the catalogue the server embedded in the page.
const STRINGS = JSON.parse(document.getElementById("i18n-data").textContent);

function fill(text, params) {
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

export function t(key, params = {}) {
  return {
    zh: fill(STRINGS.zh[key] ?? key, params),
    en: fill(STRINGS.en[key] ?? key, params),
  };
}

// A <span class="bi"> with the Chinese line first and the English line under it.
export function bi(words, cls = "") {
  const outer = h("span", { class: `bi ${cls}`.trim() });
  outer.append(h("span", { class: "zh", lang: "zh-CN" }, words.zh || ""));
  outer.append(h("span", { class: "en", lang: "en" }, words.en || ""));
  return outer;
}

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    el.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child !== null && child !== undefined) el.append(child);
  }
  return el;
}
