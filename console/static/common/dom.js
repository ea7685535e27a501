// Tiny DOM helpers: every text goes in through textContent, never as HTML.

/** h("div", {class: "x", "data-y": 1}, child, "text", [more]) -> element */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") el.className = value;
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** A bilingual text: Chinese line first, English line second. */
export function bi(text, cls = "") {
  return h("span", { class: `bi ${cls}`.trim() }, h("span", { class: "zh", lang: "zh-CN" }, text.zh),
    h("span", { class: "en", lang: "en" }, text.en));
}

export function fill(target, ...children) {
  const el = typeof target === "string" ? document.getElementById(target) : target;
  if (!el) return null;
  el.replaceChildren();
  append(el, children);
  return el;
}
