// Services (事项): names, number prefix, window kinds, thresholds, daily cap, active.

import { bi, fill, h, inline } from "/display/static/kit/dom.js";
import { toast } from "/display/static/kit/toast.js";
import { get, hallPath, post, put } from "./api.js";
import { listOf } from "./board_actions.js";
import { formDialog } from "./dialog.js";
import { t } from "./i18n.js";
import { table, yesNo } from "./table.js";

const KINDS = ["general", "special", "consult"];
const NUMBERS = ["expected_minutes", "yellow_minutes", "red_minutes", "promised_days", "daily_cap"];

function fields(s) {
  const creating = !s;
  return [
    ...(creating ? [{ name: "code", label: t("field.code"), required: true, hint: t("hint.code"), attrs: { maxlength: 40 } }] : []),
    { name: "name_zh", label: t("field.name_zh"), value: s?.name_zh, required: true, attrs: { maxlength: 60, lang: "zh-CN" } },
    { name: "name_en", label: t("field.name_en"), value: s?.name_en, required: true, attrs: { maxlength: 80, lang: "en" } },
    { name: "prefix", label: t("field.prefix"), value: s?.prefix, required: true, hint: t("hint.prefix"), attrs: { maxlength: 2 } },
    { name: "category", label: t("field.category"), value: s?.category, attrs: { maxlength: 40 } },
    { name: "window_kinds", label: t("field.window_kinds"), kind: "checks", value: s?.window_kinds ?? ["general"],
      options: KINDS.map((k) => ({ value: k, label: t(`window_kind.${k}`) })) },
    ...NUMBERS.map((n) => ({ name: n, label: t(`field.${n}`), kind: "number", value: s?.[n] ?? (n === "promised_days" ? 0 : ""),
      attrs: { min: 0, step: n.endsWith("minutes") ? "any" : 1 } })),
    ...(creating ? [] : [{ name: "active", label: t("field.active"), kind: "check", value: s.active !== false }]),
  ];
}

export function servicesTab(changed) {
  let rows = [];
  const edit = (s) => formDialog({
    title: s ? t("dialog.edit_service", { code: s.code }) : t("add.services"),
    fields: fields(s),
    submit: (v) => (s ? put(hallPath(`/services/${encodeURIComponent(s.code)}`), v) : post(hallPath("/services"), v)),
    after: () => { toast(t("done.saved")); changed(); },
  });
  const columns = [
    { head: t("field.prefix"), cls: "num", cell: (s) => h("span", { class: "prefix" }, s.prefix) },
    { head: t("field.code"), cell: (s) => h("code", {}, s.code) },
    { head: t("col.name"), cell: (s) => bi({ zh: s.name_zh, en: s.name_en }) },
    { head: t("field.category"), cell: (s) => s.category ?? "" },
    { head: t("field.window_kinds"), cell: (s) => (s.window_kinds ?? []).map((k) => inline(t(`window_kind.${k}`), "chip")) },
    { head: t("col.thresholds"), cls: "num", cell: (s) => `${s.expected_minutes} / ${s.yellow_minutes} / ${s.red_minutes}` },
    { head: t("field.promised_days"), cls: "num", cell: (s) => s.promised_days || "—" },
    { head: t("field.daily_cap"), cls: "num", cell: (s) => s.daily_cap ?? "—" },
    { head: t("field.active"), cell: (s) => yesNo(s.active !== false, t) },
    { head: null, cls: "acts", cell: (s) => h("button", { type: "button", class: "act", "data-edit": s.code, onclick: () => edit(s) }, inline(t("act.edit"))) },
  ];
  return {
    async load(body) {
      rows = listOf(await get(hallPath("/services")), "services");
      fill(body, table(columns, rows, { rowAttrs: (s) => ({ "data-service": s.code, class: s.active === false ? "inactive" : "" }) }));
    },
    add: () => edit(null),
  };
}
