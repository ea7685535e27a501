// Short messages in a corner (#toasts), Chinese first; errors stay longer, each can be closed.
// A refusal shows the server's own words: an ApiError is a {zh, en} text itself (api.js).

import { bi, h } from "./dom.js";

const SHOW_MS = { ok: 5000, info: 5000, error: 9000 };

/** toast(text, kind = "ok" | "info" | "error", {ms (0: until closed), cls, attrs}) -> element */
export function toast(text, kind = "ok", { ms = SHOW_MS[kind] ?? 5000, cls = "", attrs = {} } = {}) {
  const box = document.getElementById("toasts");
  if (!box) return null;
  const item = h("div", { ...attrs, class: `toast ${kind} ${cls}`.trim(), role: kind === "error" ? "alert" : "status" },
    bi(text));
  const close = () => item.remove();
  item.append(h("button", { type: "button", class: "x", "aria-label": "close", onclick: close }, "×"));
  box.append(item);
  if (ms) setTimeout(close, ms);
  return item;
}

/** Show why a call failed: the ApiError's words (a script error shows its message). */
export function refused(err) {
  if (err?.zh === undefined) console.error(err);
  const words = err?.zh !== undefined ? err : { zh: String(err?.message ?? err), en: "" };
  return toast(words, "error");
}

/** Run an action and toast `done` (a {zh, en}) after it, or its refusal; the result or null. */
export async function attempt(action, done) {
  try {
    const out = await action();
    if (done) toast(done);
    return out ?? true;
  } catch (err) {
    refused(err);
    return null;
  }
}
