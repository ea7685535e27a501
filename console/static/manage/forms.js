// Forms built from a list of fields; a refusal is shown next to the field it names (zh first),
// or above the buttons when it names none.

import { bi, fill, h } from "/display/static/kit/dom.js";
import { errorText, t } from "./i18n.js";

/**
 * field: {name, label: {zh,en}, kind: text|number|textarea|select|checks|check|password,
 *         value, options: [{value, label: {zh,en}}], required, hint: {zh,en}, attrs}
 */
function control(f) {
  const common = { name: f.name, id: `f-${f.name}`, required: f.required || null, ...(f.attrs ?? {}) };
  switch (f.kind) {
    case "textarea":
      return h("textarea", { ...common, rows: 2 }, f.value ?? "");
    case "select":
      return h("select", common, f.options.map((o) =>
        h("option", { value: o.value, selected: String(o.value) === String(f.value ?? "") }, `${o.label.zh} ${o.label.en}`)));
    case "checks":
      return h("div", { class: "checks", role: "group", "data-name": f.name }, f.options.map((o) =>
        h("label", { class: "check" },
          h("input", { type: "checkbox", name: f.name, value: o.value, checked: (f.value ?? []).includes(o.value) }),
          bi(o.label))));
    case "check":
      return h("input", { ...common, type: "checkbox", checked: Boolean(f.value) });
    default:
      return h("input", { ...common, type: f.kind ?? "text", value: f.value ?? "", autocomplete: "off" });
  }
}

export function buildForm(fields, { submit, cancel, extra } = {}) {
  const form = h("form", { class: "form", novalidate: true });
  for (const f of fields) {
    const row = h("div", { class: `field field-${f.kind ?? "text"}`, "data-field": f.name },
      h("label", { for: `f-${f.name}` }, bi(f.label)), control(f),
      f.hint ? h("div", { class: "hint" }, bi(f.hint)) : null,
      h("div", { class: "field-error", "data-error-for": f.name }));
    form.append(row);
  }
  if (extra) form.append(extra);
  form.append(h("div", { class: "form-error", "data-error-for": "_form" }));
  form.append(h("div", { class: "row-end" },
    cancel ? h("button", { type: "button", class: "quiet", onclick: cancel }, bi(t("cancel"))) : null,
    h("button", { type: "submit", class: "primary" }, bi(submit ?? t("save")))));
  return form;
}

/** The form's values by field kind: numbers as numbers (blank: null), checks as lists. */
export function readForm(form, fields) {
  const out = {};
  for (const f of fields) {
    if (f.kind === "checks") {
      out[f.name] = [...form.querySelectorAll(`input[name="${f.name}"]:checked`)].map((i) => i.value);
    } else if (f.kind === "check") {
      out[f.name] = form.elements[f.name].checked;
    } else {
      const raw = form.elements[f.name].value.trim();
      if (f.kind === "number") out[f.name] = raw === "" ? null : Number(raw);
      else if (f.kind === "select" && f.numeric) out[f.name] = raw === "" ? null : Number(raw);
      else out[f.name] = raw;
    }
  }
  return out;
}

export function clearErrors(form) {
  for (const slot of form.querySelectorAll("[data-error-for]")) fill(slot);
  for (const row of form.querySelectorAll(".field.invalid")) row.classList.remove("invalid");
}

/** Put the server's refusal next to its field (or fields), else at the foot of the form. */
export function showErrors(form, err) {
  clearErrors(form);
  const text = errorText(err);
  const placed = [];
  const put = (name, message) => {
    const slot = form.querySelector(`[data-error-for="${name}"]`);
    if (!slot) return false;
    fill(slot, bi(message));
    slot.closest(".field")?.classList.add("invalid");
    placed.push(name);
    return true;
  };
  for (const [name, message] of Object.entries(err?.fields ?? {})) put(name, message?.zh ? message : text);
  if (!placed.length && err?.field) put(err.field, text);
  if (!placed.length) put("_form", text);
  form.querySelector(".invalid input, .invalid select, .invalid textarea")?.focus();
}
