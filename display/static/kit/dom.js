// DOM helpers for every page (wall display, window screen, consoles, booking, kiosk): every
// text goes in through textContent, never as HTML.

/** h("div", {class: "x", onclick: fn}, child, "text", [more]) -> element */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") el.className = value;
    else if (name.startsWith("on") && typeof value === "function") el.addEventListener(name.slice(2), value);
    else if (name === "value" || name === "checked") el[name] = value;
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** A bilingual text ({zh, en}, e.g. t(...) or an ApiError): Chinese first, English second. */
export function bi(text, cls = "") {
  return h("span", { class: `bi ${cls}`.trim() }, h("span", { class: "zh", lang: "zh-CN" }, text?.zh),
    h("span", { class: "en", lang: "en" }, text?.en));
}

/** Chinese and English on one line: "暂停 Pause". */
export function inline(text, cls = "") {
  return h("span", { class: `bi inline ${cls}`.trim() }, h("span", { class: "zh", lang: "zh-CN" }, text?.zh),
    " ", h("span", { class: "en", lang: "en" }, text?.en));
}

/** Replace the children of an element (or of the element with that id); null if none. */
export function fill(target, ...children) {
  const el = typeof target === "string" ? document.getElementById(target) : target;
  if (!el) return null;
  el.replaceChildren();
  return append(el, children);
}

/** Restart a CSS animation class (a new call flashes again even if the last one still does). */
export function flash(el, cls = "flash") {
  if (!el) return;
  el.classList.remove(cls);
  void el.offsetWidth; // force a style flush so the animation starts over
  el.classList.add(cls);
}

/** The JSON a page embeds as <script type="application/json" id=...> (#page-data, #i18n-data). */
export function readJson(id, fallback = null) {
  const el = document.getElementById(id);
  if (!el) return fallback;
  try {
    return JSON.parse(el.textContent);
  } catch {
    return fallback;
  }
}
