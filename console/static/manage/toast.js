// Short messages in the corner: a refusal shows the server's own words (zh first, en second).

import { bi, h } from "./dom.js";
import { t } from "./i18n.js";

const SHOW_MS = { ok: 3500, error: 9000 };

export function toast(text, kind = "ok") {
  const box = document.getElementById("toasts");
  const item = h("div", { class: `toast ${kind}`, role: kind === "error" ? "alert" : "status" }, bi(text));
  const close = () => item.remove();
  item.append(h("button", { type: "button", class: "x", "aria-label": "close", onclick: close }, "×"));
  box.append(item);
  setTimeout(close, SHOW_MS[kind] ?? 4000);
}

/** Show why the server refused (or that it could not be reached). */
export function refused(err) {
  if (err?.code === "offline") return toast(t("error.offline"), "error");
  toast(err?.text ?? t("error.unknown"), "error");
}

/** Run an action; toast its refusal. Returns the result or null. */
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
