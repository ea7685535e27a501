// Cases (办件) for 督办: running cases with a red or yellow deadline card (red first), or with a
// promised material overdue; a click opens the case with its timed steps and next moves.

import { get, hallPath } from "./api.js";
import { listOf } from "./board_actions.js";
import { openCase } from "./cases_detail.js";
import { bi, fill, h, inline } from "./dom.js";
import { t } from "./i18n.js";
import { state } from "./store.js";
import { table } from "./table.js";

/** The hall's local day (YYYY-MM-DD) of an ISO time; the list's `at` is the server's clock. */
export function localDay(iso, zone = state.board?.hall?.timezone ?? "Asia/Shanghai") {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return "";
  return new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

/** Calendar days from `first` to `last` (both YYYY-MM-DD). */
const daysBetween = (first, last) => Math.round((Date.parse(last) - Date.parse(first)) / 86_400_000);

/** "超期3天" for a red card, "剩1个工作日" otherwise. */
export function daysText(c, today) {
  if (c.card === "red") return t("cases.days_over", { n: Math.max(1, daysBetween(c.deadline, today)) });
  if (c.days_left === null || c.days_left === undefined) return t("cases.no_deadline");
  return t("cases.days_left", { n: c.days_left });
}

export function cardPill(c) {
  if (c.card) return h("span", { class: `pill ${c.card}`, "data-card": c.card }, inline(t(`cases.card.${c.card}`)));
  if (c.material_overdue) return h("span", { class: "pill yellow", "data-card": "material" }, inline(t("cases.card.material")));
  return "—";
}

function summary(rows) {
  const count = (pred) => rows.filter(pred).length;
  const box = (kind, n) => h("div", { class: `case-count ${kind}`, "data-count": kind },
    h("span", { class: "n" }, String(n)), bi(t(`cases.count.${kind}`)));
  return h("div", { class: "case-counts" },
    box("red", count((c) => c.card === "red")),
    box("yellow", count((c) => c.card === "yellow")),
    box("material", count((c) => c.material_overdue)));
}

function finder(open) {
  const input = h("input", { type: "text", name: "case_number", id: "case-number", maxlength: 20,
    placeholder: "20261123-0001", autocomplete: "off", "aria-label": "case number" });
  const form = h("form", { class: "case-find", novalidate: true },
    h("label", { for: "case-number" }, inline(t("cases.find"))), input,
    h("button", { type: "submit", class: "primary" }, inline(t("cases.open"))));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const number = input.value.trim();
    if (number) open(number);
  });
  return form;
}

export function casesTab(changed) {
  let users = new Map();
  let reload = async () => {};
  const open = (number) => openCase(number, { users, after: () => { changed(); return reload(); } });
  const columns = (today) => [
    { head: t("cases.col.card"), cell: cardPill },
    { head: t("cases.col.number"), cell: (c) => h("code", {}, c.number) },
    { head: t("cases.col.days"), cls: "num", cell: (c) => h("span", { class: "days" }, inline(daysText(c, today))) },
    { head: t("cases.col.department"), cell: (c) => c.department || "—" },
    { head: t("col.service"), cell: (c) => bi({ zh: c.service?.name_zh ?? c.service?.code ?? "", en: c.service?.name_en ?? "" }) },
    { head: t("cases.col.applicant"), cell: (c) => h("span", { class: "applicant" },
      c.name_masked ?? "", " ", h("span", { class: "mono muted" }, c.id_masked ?? "")) },
    { head: t("cases.col.deadline"), cls: "num", cell: (c) => h("span", { class: "mono" }, c.deadline) },
    { head: t("col.status"), cell: (c) => bi(t(`cases.status.${c.status}`)) },
    { head: null, cls: "acts", cell: (c) => h("button", { type: "button", class: "act", "data-open": c.number,
      onclick: () => open(c.number) }, inline(t("cases.open"))) },
  ];
  return {
    async load(body) {
      const [late, people] = await Promise.all([
        get(hallPath("/cases/late")),
        get(hallPath("/users")).catch(() => []),
      ]);
      users = new Map(listOf(people, "users").map((u) => [u.id, u.name ?? u.username]));
      const rows = listOf(late, "cases");
      const today = localDay(late?.at);
      reload = () => this.load(body);
      fill(body, h("div", { class: "cases-head" }, summary(rows), finder(open)),
        table(columns(today), rows, {
          rowAttrs: (c) => ({ "data-case": c.number, "data-card": c.card ?? (c.material_overdue ? "material" : "none"),
            class: `case-row ${c.card ?? ""}`.trim(), onclick: (e) => { if (!e.target.closest("button")) open(c.number); } }),
          empty: t("cases.none"),
        }));
    },
    add() {},
  };
}
