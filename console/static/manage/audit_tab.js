// The audit list (操作日志): who changed what, when, from what to what.

import { bi, fill, h } from "/display/static/kit/dom.js";
import { get, hallPath } from "./api.js";
import { listOf } from "./board_actions.js";
import { has, t } from "./i18n.js";
import { table } from "./table.js";

const LIMIT = 200;

function when(iso) {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return "";
  return new Intl.DateTimeFormat("zh-CN", {
    month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false,
  }).format(at);
}

/** "key: before → after" for each changed key (values kept short). */
function change(entry) {
  const before = entry.before ?? {};
  const after = entry.after ?? {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  const short = (v) => (v === undefined ? "∅" : JSON.stringify(v).slice(0, 60));
  return keys.map((k) => h("div", { class: "change" }, h("code", {}, k), " ", short(before[k]), " → ", short(after[k])));
}

export function auditTab() {
  const columns = [
    { head: t("col.when"), cell: (e) => h("span", { class: "mono" }, when(e.at)) },
    { head: t("col.who"), cell: (e) => e.actor?.name ?? e.actor_name ?? "—" },
    { head: t("col.what"), cell: (e) => (has(`audit.${e.action}`) ? bi(t(`audit.${e.action}`)) : h("code", {}, e.action)) },
    { head: t("col.subject"), cell: (e) => h("code", {}, e.subject ?? "") },
    { head: t("col.change"), cell: change },
  ];
  return {
    async load(body) {
      const rows = listOf(await get(hallPath(`/audit?limit=${LIMIT}`)), "entries");
      fill(body, table(columns, rows, { rowAttrs: (e) => ({ "data-audit": e.action }), empty: t("no_audit") }));
    },
    add() {},
  };
}
