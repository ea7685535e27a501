// Short messages in the corner, Chinese first; errors stay a little longer.

import { bi, h } from "./dom.js";

export function toast(text, kind = "info", ms = kind === "error" ? 8000 : 5000) {
  const box = document.getElementById("toasts");
  if (!box) return;
  const item = h("div", { class: `toast ${kind}`, role: kind === "error" ? "alert" : "status" }, bi(text));
  box.append(item);
  setTimeout(() => item.remove(), ms);
}
