// Cases (办件督办). By default the 督办 view: running cases with a red or yellow deadline card
// (red first), or with a promised material overdue, and the bad-rating follow-ups near or past
// their due day. The state filter lists all cases (or those of one state, department and
// accepted-day range), a page at a time. A click opens the case with its steps and moves.

import { bi, fill, h, inline } from "/display/static/kit/dom.js";
import { get, hallPath } from "./api.js";
import { listOf } from "./board_actions.js";
import { openCase } from "./cases_detail.js";
import { t } from "./i18n.js";
import { state } from "./store.js";
import { table } from "./table.js";

const STATES = ["late", "all", "running", "accepted", "in_review", "approved", "rejected", "ready_for_pickup", "delivered"];

/** The hall's local day (YYYY-MM-DD) of an ISO time; the list's `at` is the server's clock. */
export function localDay(iso, zone = state.board?.hall?.timezone ?? "Asia/Shanghai") {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return "";
  return new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

/** "超期3个工作日" for a red card (the server counts working days), "剩1个工作日" otherwise. */
export function daysText(c) {
  if (c.card === "red" || c.days_over) return t("cases.days_over_work", { n: c.days_over ?? 1 });
  if (c.days_left === null || c.days_left === undefined) return t("cases.no_deadline");
  return t("cases.days_left", { n: c.days_left });
}

export function cardPill(c) {
  if (c.card) return h("span", { class: `pill ${c.card}`, "data-card": c.card }, inline(t(`cases.card.${c.card}`)));
  if (c.material_overdue) return h("span", { class: "pill yellow", "data-card": "material" }, inline(t("cases.card.material")));
  return "—";
}

function summary(rows, followups) {
  const count = (pred) => rows.filter(pred).length;
  const box = (kind, n, key = `cases.count.${kind}`) => h("div", { class: `case-count ${kind}`, "data-count": kind },
    h("span", { class: "n" }, String(n)), bi(t(key)));
  return h("div", { class: "case-counts" },
    box("red", count((c) => c.card === "red")),
    box("yellow", count((c) => c.card === "yellow")),
    box("material", count((c) => c.material_overdue)),
    box("followups", followups.length, "cases.followups"));
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

/** The filter: state (督办 or a case state), department, accepted between two days. */
function filter(query, departments, apply) {
  const option = (value, label, selected) => h("option", { value, ...(selected ? { selected: true } : {}) }, label);
  const stateLabel = (s) => t(s === "late" || s === "all" || s === "running" ? `cases.state.${s}` : `cases.status.${s}`);
  const plain = (text) => `${text.zh} · ${text.en}`;
  const stateSel = h("select", { name: "state", id: "case-state", "aria-label": "state" },
    STATES.map((s) => option(s, plain(stateLabel(s)), s === query.state)));
  const deptSel = h("select", { name: "department", id: "case-department", "aria-label": "department" },
    option("", "—", !query.department), departments.map((d) => option(d, d, d === query.department)));
  const from = h("input", { type: "date", name: "from", value: query.from, "aria-label": "from" });
  const to = h("input", { type: "date", name: "to", value: query.to, "aria-label": "to" });
  const form = h("form", { class: "case-filter", novalidate: true },
    h("label", { for: "case-state" }, inline(t("cases.filter.state"))), stateSel,
    h("label", { for: "case-department" }, inline(t("cases.filter.department"))), deptSel,
    h("label", {}, inline(t("reports.from"))), from, h("label", {}, inline(t("reports.to"))), to,
    h("button", { type: "submit", class: "primary" }, inline(t("cases.filter.show"))));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    apply({ state: stateSel.value, department: deptSel.value, from: from.value, to: to.value, page: 1 });
  });
  return form;
}

function followupTable(followups) {
  const who = (f) => (f.window ? inline(t("at_window", { window: f.window })) : "—");
  return table([
    { head: t("cases.col.card"), cell: (f) => h("span", { class: `pill ${f.card}`, "data-card": f.card }, inline(t(`followup.card.${f.card}`))) },
    { head: t("cases.col.number"), cell: (f) => h("code", {}, f.ticket ?? "") },
    { head: t("cases.col.window"), cell: who },
    { head: t("cases.col.days"), cls: "num", cell: (f) => h("span", { class: "days" },
      inline(f.days_over ? t("followup.days_over", { n: f.days_over }) : t("followup.due", { day: f.due_on ?? "" }))) },
  ], followups, { rowAttrs: (f) => ({ "data-followup": f.id, "data-card": f.card }) });
}

export function casesTab(changed) {
  let reload = async () => {};
  let query = { state: "late", department: "", from: "", to: "", page: 1 };
  const open = (number) => openCase(number, { after: () => { changed(); return reload(); } });
  const columns = [
    { head: t("cases.col.card"), cell: cardPill },
    { head: t("cases.col.number"), cell: (c) => h("code", {}, c.number) },
    { head: t("cases.col.days"), cls: "num", cell: (c) => h("span", { class: "days" }, inline(daysText(c))) },
    { head: t("cases.col.department"), cell: (c) => c.department || "—" },
    { head: t("col.service"), cell: (c) => bi({ zh: c.service?.name_zh ?? c.service?.code ?? "", en: c.service?.name_en ?? "" }) },
    { head: t("cases.col.applicant"), cell: (c) => h("span", { class: "applicant" },
      c.name_masked ?? "", " ", h("span", { class: "mono muted" }, c.id_masked ?? "")) },
    { head: t("cases.col.deadline"), cls: "num", cell: (c) => h("span", { class: "mono" }, c.deadline) },
    { head: t("col.status"), cell: (c) => bi(t(`cases.status.${c.status}`)) },
    { head: null, cls: "acts", cell: (c) => h("button", { type: "button", class: "act", "data-open": c.number,
      onclick: () => open(c.number) }, inline(t("cases.open"))) },
  ];
  const rowAttrs = (c) => ({ "data-case": c.number, "data-status": c.status,
    "data-card": c.card ?? (c.material_overdue ? "material" : "none"), class: `case-row ${c.card ?? ""}`.trim(),
    onclick: (e) => { if (!e.target.closest("button")) open(c.number); } });
  const listPath = () => {
    const q = new URLSearchParams({ state: query.state, page: String(query.page) });
    for (const k of ["department", "from", "to"]) if (query[k]) q.set(k, query[k]);
    return hallPath(`/cases?${q}`);
  };
  return {
    async load(body) {
      reload = () => this.load(body);
      const apply = (next) => { query = next; return this.load(body); };
      const late = query.state === "late";
      const [found, catalogue] = await Promise.all([
        get(late ? hallPath("/cases/late") : listPath()),
        get(hallPath("/catalogue")).catch(() => ({})),
      ]);
      const departments = [...new Set(listOf(catalogue, "services").map((s) => s.category).filter(Boolean))].sort();
      const rows = listOf(found, "cases");
      const followups = late ? (found?.followups ?? []) : [];
      const head = h("div", { class: "cases-head" },
        late ? summary(rows, followups) : h("span", { class: "case-total", "data-total": found?.total ?? 0 }, inline(t("cases.total", { n: found?.total ?? 0 }))),
        finder(open));
      const more = !late && (found?.page ?? 1) * (found?.page_size ?? 50) < (found?.total ?? 0)
        ? h("button", { type: "button", class: "quiet", id: "cases-more", onclick: () => apply({ ...query, page: query.page + 1 }) }, inline(t("cases.more")))
        : null;
      fill(body, head, filter(query, departments, apply),
        table(columns, rows, { rowAttrs, empty: t(late ? "cases.none" : "cases.none_in_state") }),
        more,
        followups.length ? [h("h3", { class: "label" }, bi(t("cases.followups"))), followupTable(followups)] : null);
    },
    add() {},
  };
}
