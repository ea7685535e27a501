// The case look-up (/case): the applicant's own cases by ID number (and a case number),
// state and deadline; everything shown is masked by the server.

import { post } from "../common/client.js";
import { bi, fill, h } from "/display/static/kit/dom.js";
import { t } from "/display/static/kit/i18n.js";
import { page, reason } from "./words.js";

const $ = (id) => document.getElementById(id);

function line(key, params) {
  return h("div", { class: "line" }, bi(t(key, params)));
}

function caseItem(c) {
  const status = t(`case.status.${c.status}`);
  return h("article", { class: `case-item ${c.card ?? ""}`.trim(), "data-number": c.number },
    h("div", { class: "head" }, h("span", { class: "number" }, c.number),
      h("span", { class: "state" }, bi(status))),
    bi({ zh: c.service.name_zh, en: c.service.name_en }),
    h("div", { class: "who" }, `${c.name_masked ?? ""} ${c.id_masked ?? ""}`.trim()),
    line("case.accepted_on", { date: c.accepted_on }),
    line("case.deadline", { date: c.deadline }),
    c.days_left !== null ? line("case.days_left", { n: c.days_left }) : null,
    c.card ? h("span", { class: `badge ${c.card}` }, bi(t(`case.card.${c.card}`))) : null,
    c.missing.length ? line("case.missing", { items: c.missing.join("、"), date: c.promise_date ?? "" }) : null,
    c.reason ? line("case.reason", { reason: c.reason }) : null,
    c.remedy ? line("case.remedy", { remedy: c.remedy }) : null,
    c.delivery ? line("case.delivery", { method: t(`case.method.${c.delivery}`), tracking: c.tracking }) : null);
}

async function search() {
  fill("message", "");
  const body = { id_number: $("id-number").value.trim().toUpperCase() };
  const number = $("case-number").value.trim();
  if (number) body.case_number = number;
  let cases;
  try {
    ({ cases } = await post(`/halls/${encodeURIComponent(page.hall)}/cases/lookup`, body));
  } catch (err) {
    fill("results");
    fill("message", bi(reason(err)));
    return;
  }
  fill("results", cases.length ? cases.map(caseItem) : bi(t("case.none")));
}

$("search").addEventListener("click", search);
document.body.dataset.status = "ready";
