// A plain table from columns: [{head: {zh,en}, cell: (row) => node|text, cls}].

import { bi, h } from "/display/static/kit/dom.js";

export function table(columns, rows, { rowAttrs = () => ({}), empty } = {}) {
  return h("table", { class: "grid setup-table" },
    h("thead", {}, h("tr", {}, columns.map((c) => h("th", { class: c.cls ?? "" }, c.head ? bi(c.head) : "")))),
    h("tbody", {}, rows.length ? rows.map((r) => h("tr", rowAttrs(r), columns.map((c) => h("td", { class: c.cls ?? "" }, c.cell(r)))))
      : h("tr", {}, h("td", { colspan: columns.length, class: "muted empty" }, empty ? bi(empty) : "—"))));
}

/** A yes/no cell. */
export const yesNo = (value, t) => bi(t(value ? "yes" : "no"), value ? "" : "muted");
