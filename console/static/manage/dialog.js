// One modal dialog at a time: a form that stays open with the server's refusal shown in it,
// or a yes/no confirmation.

import { bi, fill, h } from "/display/static/kit/dom.js";
import { t } from "./i18n.js";
import { buildForm, readForm, showErrors } from "./forms.js";

const dialog = () => document.getElementById("dialog");

export function closeDialog() {
  const d = dialog();
  if (d.open) d.close();
  fill(d);
}

function show(title, ...body) {
  const d = dialog();
  fill(d, h("header", { class: "dialog-head" }, h("h2", {}, bi(title)),
    h("button", { type: "button", class: "x", "aria-label": "close", onclick: closeDialog }, "×")), ...body);
  if (!d.open) d.showModal();
  return d;
}

/**
 * A form in the dialog; `submit(values)` may throw an ApiError, which is shown in the form.
 * On success the dialog closes and `after(result)` runs (it may open the next dialog).
 */
export function formDialog({ title, fields, submitLabel, submit, after, intro }) {
  const form = buildForm(fields, { submit: submitLabel, cancel: closeDialog });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const result = await submit(readForm(form, fields));
      closeDialog();
      if (after) after(result);
    } catch (err) {
      showErrors(form, err);
    } finally {
      button.disabled = false;
    }
  });
  show(title, intro ? h("p", { class: "intro" }, bi(intro)) : null, form);
  form.querySelector("input:not([type=checkbox]), select, textarea")?.focus();
  return form;
}

/** Ask before something that cannot be undone; resolves true or false. */
export function confirmDialog(title, question) {
  return new Promise((resolve) => {
    const answer = (yes) => () => { closeDialog(); resolve(yes); };
    show(title, h("p", { class: "intro" }, bi(question)),
      h("div", { class: "row-end" },
        h("button", { type: "button", class: "quiet", onclick: answer(false) }, bi(t("cancel"))),
        h("button", { type: "button", class: "danger", "data-confirm": "yes", onclick: answer(true) }, bi(t("confirm")))));
    dialog().addEventListener("cancel", () => resolve(false), { once: true });
  });
}

/** Show content with a close button (a token shown once). */
export function infoDialog(title, ...body) {
  show(title, ...body, h("div", { class: "row-end" },
    h("button", { type: "button", class: "primary", onclick: closeDialog }, bi(t("done")))));
}
