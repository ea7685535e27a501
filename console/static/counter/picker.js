// Choosing a window: the hall's windows from the catalogue; signing in opens the chosen one.

import { bi, fill, h } from "/display/static/kit/dom.js";
import { get, post } from "../common/client.js";
import { t } from "../common/i18n.js";

/** Draw the windows; resolve with the window id once the clerk has signed in to one. */
export async function pick(hall, me, showError) {
  let catalogue;
  try {
    catalogue = await get(`/halls/${hall}/catalogue`);
  } catch (err) {
    showError(err);
    return null;
  }
  return new Promise((resolve) => {
    const buttons = catalogue.windows.map((w) => {
      const mine = me.window_id === w.id;
      const taken = w.staffed && !mine;
      const b = h("button", { type: "button", class: `window-choice state-${w.state}`, "data-window": w.id, disabled: taken },
        h("span", { class: "no" }, t("counter.window", { number: w.number }).zh), bi({ zh: w.name_zh, en: w.name_en }),
        taken ? bi(t("counter.window_taken"), "tag") : mine ? bi(t("counter.window_mine"), "tag") : null);
      b.addEventListener("click", async () => {
        for (const other of document.querySelectorAll(".window-choice")) other.disabled = true;
        try {
          await post(`/windows/${w.id}/sign-in`);
          return resolve(w.id);
        } catch (err) {
          showError(err);
          return resolve(pick(hall, me, showError));
        }
      });
      return b;
    });
    fill("window-list", buttons);
  });
}
