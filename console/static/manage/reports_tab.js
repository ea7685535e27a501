// Reports (报表): one day's figures as the hall reports them upward, links to the printable
// one-page daily and monthly report, and the exports (tickets, cases, ratings as CSV or XLSX).

import { bi, fill, h, inline } from "/display/static/kit/dom.js";
import { get, hallPath, page } from "./api.js";
import { t } from "./i18n.js";
import { localDay } from "./cases_tab.js";
import { serverNow } from "./store.js";

const KINDS = ["tickets", "cases", "ratings"];
const FORMATS = ["csv", "xlsx"];
const FIGURES = {
  tickets: ["tickets", "called", "finished", "average_wait_minutes", "p90_wait_minutes", "within_target_share", "no_show_rate"],
  cases: ["decided", "on_time", "on_time_share"],
  ratings: ["ratings", "rating_rate", "satisfaction", "good_rate"],
  appointments: ["booked", "checked_in", "no_shows", "no_show_rate"],
};

function shown(name, value) {
  if (value === null || value === undefined) return "—";
  if (typeof value !== "number") return String(value);
  if (/share|rate$/.test(name)) return `${(value * 100).toFixed(1)}%`;
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function figures(report) {
  return h("div", { class: "report-groups" }, Object.entries(FIGURES).map(([group, names]) =>
    h("section", { class: "report-group", "data-group": group },
      h("h3", { class: "label" }, bi(t(`reports.group.${group}`))),
      h("dl", { class: "report-figures" }, names.map((name) => [
        h("dt", {}, inline(t(`reports.figure.${name}`))),
        h("dd", { class: "num", "data-figure": `${group}.${name}` }, shown(name, report?.[group]?.[name])),
      ])))));
}

function exports(first, last) {
  const q = `from=${encodeURIComponent(first)}&to=${encodeURIComponent(last)}`;
  return h("div", { class: "report-exports" }, h("span", { class: "label" }, bi(t("reports.exports"))),
    KINDS.map((kind) => h("span", { class: "export", "data-export": kind }, inline(t(`reports.kind.${kind}`)), " ",
      FORMATS.map((fmt) => h("a", { class: "link", download: "", "data-format": fmt,
        href: `/api/v1${hallPath(`/exports/${kind}?${q}&format=${fmt}`)}` }, fmt.toUpperCase())))));
}

/** Links to the printable one-page report (A4, charts) of the day `first` and of its month. */
function printable(first) {
  const base = `/manage/report?hall=${encodeURIComponent(page.hall ?? "")}`;
  return h("div", { class: "report-print" },
    h("a", { class: "link", id: "print-day", target: "_blank", rel: "noopener",
      href: `${base}&period=day&date=${encodeURIComponent(first)}` }, inline(t("report.open_day"))), " ",
    h("a", { class: "link", id: "print-month", target: "_blank", rel: "noopener",
      href: `${base}&period=month&month=${encodeURIComponent(first.slice(0, 7))}` }, inline(t("report.open_month"))));
}

export function reportsTab() {
  let first = "";
  let last = "";
  return {
    async load(body) {
      const today = localDay(new Date(serverNow()).toISOString());
      first ||= today;
      last ||= today;
      const report = await get(hallPath(`/reports?from=${encodeURIComponent(first)}&to=${encodeURIComponent(last)}`));
      const from = h("input", { type: "date", name: "from", value: first, "aria-label": "from" });
      const to = h("input", { type: "date", name: "to", value: last, "aria-label": "to" });
      const form = h("form", { class: "report-period", novalidate: true },
        h("label", {}, inline(t("reports.from"))), from, h("label", {}, inline(t("reports.to"))), to,
        h("button", { type: "submit", class: "primary" }, inline(t("reports.show"))));
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        first = from.value || today;
        last = to.value || first;
        this.load(body);
      });
      fill(body, form, printable(first), figures(report), exports(first, last));
    },
    add() {},
  };
}
