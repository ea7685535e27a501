// The three actions that ask first: finish (the outcome), transfer (where, and a note) and
// pause (why). Each resolves to the request body, or null when the clerk cancels.

import { bi, fill, h } from "/display/static/kit/dom.js";
import { t } from "../common/i18n.js";

const OUTCOMES = ["done", "accepted", "consulted", "returned"];
const PAUSES = ["lunch", "meeting", "fault", "away", "other"];
const dialog = () => document.getElementById("dialog");

export const isOpen = () => dialog().open;

function open(titleKey, fields, collect, { submit = true } = {}) {
  const box = dialog();
  return new Promise((resolve) => {
    let done = false;
    const finish = (value) => {
      if (done) return;
      done = true;
      box.close();
      resolve(value);
    };
    const form = h("form", { class: "dialog-form", novalidate: true },
      h("h2", {}, bi(t(titleKey))), fields(finish),
      h("div", { class: "dialog-buttons" },
        h("button", { type: "button", class: "quiet", "data-cancel": "" }, bi(t("common.cancel"))),
        submit ? h("button", { type: "submit", class: "primary", "data-submit": "" }, bi(t("common.confirm"))) : null));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const body = collect(form);
      if (body) finish(body);
    });
    form.querySelector("[data-cancel]").addEventListener("click", () => finish(null));
    box.addEventListener("close", () => finish(null), { once: true });
    fill(box, form);
    box.showModal();
    form.querySelector("[autofocus]")?.focus();
  });
}

export function askOutcome(ticketId) {
  return open("counter.outcome.title", (finish) => h("div", { class: "outcomes" },
    OUTCOMES.map((o, i) => {
      const b = h("button", { type: "button", class: "outcome", "data-outcome": o, autofocus: i === 0 },
        h("kbd", {}, String(i + 1)), bi(t(`counter.outcome.${o}`)));
      b.addEventListener("click", () => finish({ ticket_id: ticketId, outcome: o }));
      b.addEventListener("keydown", (e) => e.stopPropagation());
      return b;
    }),
  ), () => null, { submit: false });
}

/** Keys 1-4 pick an outcome while the finish dialog is open. */
export function outcomeKey(key) {
  const index = Number(key) - 1;
  if (!isOpen() || !(index >= 0 && index < OUTCOMES.length)) return false;
  dialog().querySelector(`[data-outcome="${OUTCOMES[index]}"]`)?.click();
  return true;
}

function select(name, empty, options) {
  return h("select", { name, id: `f-${name}` }, h("option", { value: "" }, `${empty.zh} ${empty.en}`),
    options.map((o) => h("option", { value: o.value }, o.label)));
}

export function askTransfer(view) {
  const services = view.targets.services.map((s) => ({ value: s.code, label: `${s.name_zh} ${s.name_en}` }));
  const windows = view.targets.windows.map((w) => ({
    value: String(w.id), label: `${t("counter.window", { number: w.number }).zh} ${w.name_zh}`,
  }));
  return open("counter.transfer.title", () => h("div", { class: "fields" },
    h("label", { for: "f-service" }, bi(t("counter.transfer.to_service"))),
    select("service", { zh: "—", en: "" }, services),
    h("label", { for: "f-window_id" }, bi(t("counter.transfer.to_window"))),
    select("window_id", t("counter.transfer.any_window"), windows),
    h("label", { for: "f-note" }, bi(t("counter.transfer.note"))),
    h("textarea", { name: "note", id: "f-note", maxlength: 200, rows: 3 }),
    h("label", { class: "check" }, h("input", { type: "checkbox", name: "keep_place", checked: true }),
      bi(t("counter.transfer.keep_place")))),
  (form) => {
    const service = form.service.value || null;
    const windowId = form.window_id.value ? Number(form.window_id.value) : null;
    if (!service && !windowId) {
      form.service.focus();
      return null;
    }
    const body = { ticket_id: view.current.id, note: form.note.value.trim(), keep_place: form.keep_place.checked };
    if (service) body.service = service;
    if (windowId) body.window_id = windowId;
    return body;
  });
}

export function askPause() {
  return open("counter.pause.title", () => h("div", { class: "fields" },
    h("div", { class: "label" }, bi(t("counter.pause.reason"))),
    h("div", { class: "choices" }, PAUSES.map((p, i) => h("label", { class: "choice" },
      h("input", { type: "radio", name: "reason", value: p, checked: i === 0, autofocus: i === 0 }),
      bi(t(`counter.pause.${p}`))))),
    h("label", { for: "f-detail" }, bi(t("counter.pause.detail"))),
    h("input", { name: "detail", id: "f-detail", maxlength: 80 })),
  (form) => {
    const picked = t(`counter.pause.${form.reason.value}`).zh;
    const detail = form.detail.value.trim();
    return { reason: detail ? `${picked}：${detail}` : picked };
  });
}
