// Windows (窗口): number, names, kind; which services a window serves is set on the board.

import { bi, fill, h, inline } from "/display/static/kit/dom.js";
import { toast } from "/display/static/kit/toast.js";
import { get, hallPath, post, put } from "./api.js";
import { listOf } from "./board_actions.js";
import { formDialog } from "./dialog.js";
import { t } from "./i18n.js";
import { table, yesNo } from "./table.js";

const KINDS = ["general", "special", "consult"];

function fields(w) {
  return [
    ...(w ? [] : [{ name: "number", label: t("field.number"), kind: "number", required: true, attrs: { min: 1, step: 1 } }]),
    { name: "name_zh", label: t("field.name_zh"), value: w?.name_zh, required: true, attrs: { maxlength: 60, lang: "zh-CN" } },
    { name: "name_en", label: t("field.name_en"), value: w?.name_en, required: true, attrs: { maxlength: 80, lang: "en" } },
    { name: "kind", label: t("field.kind"), kind: "select", value: w?.kind ?? "general",
      options: KINDS.map((k) => ({ value: k, label: t(`window_kind.${k}`) })) },
    ...(w && w.active !== undefined ? [{ name: "active", label: t("field.active"), kind: "check", value: w.active !== false }] : []),
  ];
}

export function windowsTab(changed) {
  const edit = (w) => formDialog({
    title: w ? t("dialog.edit_window", { window: w.number }) : t("add.windows"),
    fields: fields(w),
    submit: (v) => (w ? put(`/windows/${w.id}`, v) : post(hallPath("/windows"), v)),
    after: () => { toast(t("done.saved")); changed(); },
  });
  const columns = [
    { head: t("col.window"), cls: "num", cell: (w) => h("span", { class: "big" }, w.number) },
    { head: t("col.name"), cell: (w) => bi({ zh: w.name_zh, en: w.name_en }) },
    { head: t("field.kind"), cell: (w) => bi(t(`window_kind.${w.kind}`)) },
    { head: t("col.services"), cell: (w) => (w.services ?? []).join(", ") },
    { head: t("col.state"), cell: (w) => bi(t(`phase.${w.state ?? "closed"}`)) },
    { head: t("field.active"), cell: (w) => yesNo(w.active !== false, t) },
    { head: null, cls: "acts", cell: (w) => h("button", { type: "button", class: "act", "data-edit": w.id, onclick: () => edit(w) }, inline(t("act.edit"))) },
  ];
  return {
    async load(body) {
      const rows = listOf(await get(hallPath("/windows")), "windows").sort((a, b) => a.number - b.number);
      fill(body, table(columns, rows, { rowAttrs: (w) => ({ "data-window-id": w.id }) }));
    },
    add: () => edit(null),
  };
}
