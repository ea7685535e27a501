// An on-screen keyboard for a touchscreen without keys: letters for pinyin initials.
import { h } from "/kit/dom.js";

export const LETTERS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];
export const CASE_KEYS = ["1234567890", "ABCDEFGHJK", "LMNPQRSTUV", "WXYZ-"];

export function buildKeyboard(container, rows, onKey) {
  container.replaceChildren();
  for (const row of rows) {
    const line = h("div", { class: "key-row" });
    for (const ch of row) {
      const key = h("button", { type: "button", class: "key", "data-key": ch }, ch.toUpperCase());
      key.addEventListener("click", () => onKey(ch));
      line.append(key);
    }
    container.append(line);
  }
  const last = container.lastElementChild;
  const back = h("button", { type: "button", class: "key key-wide", "data-key": "backspace", "aria-label": "删除 Delete" }, "⌫");
  back.addEventListener("click", () => onKey("backspace"));
  last.append(back);
}
