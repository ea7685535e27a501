// One case (办件) in the dialog: its facts, every timed step (who by name and window, when,
// what) and the moves its state allows. A refusal shows the server's own words, zh first,
// and the dialog stays.

import { bi, fill, h, inline } from "/display/static/kit/dom.js";
import { refused, toast } from "/display/static/kit/toast.js";
import { get, hallPath, post } from "./api.js";
import { formDialog, infoDialog } from "./dialog.js";
import { errorText, t } from "./i18n.js";
import { cardPill, daysText } from "./cases_tab.js";
import { state } from "./store.js";

// What may follow each state (server/domain/cases.py MOVES; 容缺 materials while running).
const NEXT = {
  accepted: ["review", "materials"],
  in_review: ["approve", "reject", "materials"],
  approved: ["ready"],
  rejected: ["ready"],
  ready_for_pickup: ["deliver"],
  delivered: [],
};
const METHODS = ["window", "post", "cabinet"];
const casePath = (number, rest = "") => hallPath(`/cases/${encodeURIComponent(number)}${rest}`);

function when(iso) {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return "";
  return new Intl.DateTimeFormat("zh-CN", { timeZone: state.board?.hall?.timezone ?? "Asia/Shanghai", year: "numeric", month: "2-digit",
    day: "2-digit", hour: "2-digit", minute: "2-digit", hour12: false }).format(at);
}

const status = (s) => (s ? bi(t(`cases.status.${s}`)) : "—");
const list = (items) => (items?.length ? items.join("、") : "—");
const split = (text) => String(text ?? "").split(/[,，、;；\n]/).map((s) => s.trim()).filter(Boolean);

function facts(c) {
  const row = (key, value) => [h("dt", {}, inline(t(`cases.fact.${key}`))), h("dd", { "data-fact": key }, value)];
  return h("dl", { class: "case-facts" },
    row("status", status(c.status)),
    row("card", cardPill(c)),
    row("service", bi({ zh: c.service?.name_zh ?? c.service?.code ?? "", en: c.service?.name_en ?? "" })),
    row("department", c.department || "—"),
    row("applicant", `${c.name_masked ?? ""} ${c.id_masked ?? ""}`.trim() || "—"),
    row("accepted", when(c.accepted_at)),
    row("deadline", [h("span", { class: "mono" }, `${c.deadline} (${c.promised_days})`), " ",
      c.days_left === null || c.days_left === undefined ? null : h("span", { class: "days" }, inline(daysText(c)))]),
    row("materials", list(c.materials)),
    row("missing", c.missing?.length ? `${list(c.missing)} → ${c.promise_date ?? "?"}` : "—"),
    c.reason ? row("reason", c.reason) : null,
    c.remedy ? row("remedy", c.remedy) : null,
    c.delivery ? row("delivery", [inline(t(`cases.method.${c.delivery}`)), c.tracking ? ` ${c.tracking}` : ""]) : null);
}

/** The step's own data: reason, remedy, method, tracking, materials. */
function stepData(s) {
  const bits = [];
  if (s.method) bits.push(inline(t(`cases.method.${s.method}`)), s.tracking ? ` ${s.tracking}` : "");
  if (s.reason) bits.push(h("div", {}, inline(t("cases.fact.reason")), "：", s.reason));
  if (s.remedy) bits.push(h("div", {}, inline(t("cases.fact.remedy")), "：", s.remedy));
  if (s.received?.length) bits.push(h("div", {}, inline(t("cases.fact.materials")), "：", list(s.received)));
  if (s.missing?.length) bits.push(h("div", {}, inline(t("cases.fact.missing")), "：", list(s.missing), ` → ${s.promise_date ?? ""}`));
  return bits;
}

/** Who took the step, by display name (the server's), and at which window when known. */
function who(s, users) {
  if (s.actor_id === null || s.actor_id === undefined) return "—";
  const name = s.actor_name ?? users.get(s.actor_id) ?? `#${s.actor_id}`;
  return [h("span", { class: "actor" }, name),
    s.window ? h("span", { class: "step-window muted" }, " · ", inline(t("at_window", { window: s.window }))) : null];
}

function steps(c, users) {
  return h("table", { class: "grid case-steps" },
    h("thead", {}, h("tr", {}, [t("col.when"), t("col.who"), t("col.what"), t("cases.col.change"), t("cases.col.details")]
      .map((head) => h("th", {}, bi(head))))),
    h("tbody", {}, (c.steps ?? []).map((s, i) => h("tr", { "data-step": s.action, "data-index": i },
      h("td", { class: "mono" }, when(s.at)),
      h("td", { class: "who" }, who(s, users)),
      h("td", {}, bi(t(`cases.action.${s.action}`))),
      h("td", { class: "change" }, s.from ? inline(t(`cases.status.${s.from}`)) : "", " → ", inline(t(`cases.status.${s.to}`))),
      h("td", { class: "details" }, stepData(s))))));
}

const MOVE_FIELDS = {
  reject: () => [
    { name: "reason", label: t("cases.fact.reason"), kind: "textarea", required: true, attrs: { maxlength: 500 } },
    { name: "remedy", label: t("cases.fact.remedy"), kind: "textarea", required: true, hint: t("cases.hint.remedy"), attrs: { maxlength: 500 } },
  ],
  deliver: () => [
    { name: "method", label: t("cases.fact.delivery"), kind: "select", value: "window",
      options: METHODS.map((m) => ({ value: m, label: t(`cases.method.${m}`) })) },
    { name: "tracking", label: t("cases.field.tracking"), hint: t("cases.hint.tracking"), attrs: { maxlength: 60 } },
  ],
  materials: (c) => [
    { name: "received", label: t("cases.fact.materials"), kind: "textarea", value: (c.materials ?? []).join("、"), hint: t("cases.hint.list") },
    { name: "missing", label: t("cases.fact.missing"), kind: "textarea", value: (c.missing ?? []).join("、"), hint: t("cases.hint.list") },
    { name: "promise_date", label: t("cases.field.promise_date"), kind: "date", value: c.promise_date ?? "" },
  ],
};

/** The form's values as the move's body: lists split, blanks left out. */
function moveBody(action, values) {
  const body = { action };
  for (const [k, v] of Object.entries(values)) {
    if (k === "received" || k === "missing") body[k] = split(v);
    else if (v !== "" && v !== null) body[k] = v;
  }
  return body;
}

/** Open case `number`; `after()` runs once a move went through (to refresh the list). */
export async function openCase(number, { users = new Map(), after = () => {} } = {}) {
  let c;
  try {
    c = await get(casePath(number));
  } catch (err) {
    refused(err);
    return;
  }
  const reopen = (action) => {
    toast(t("cases.done", { number, action: t(`cases.action.${action}`) }));
    after();
    return openCase(number, { users, after });
  };
  const errorSlot = h("div", { class: "form-error", "data-error-for": "_move", role: "alert" });
  const move = async (action, button) => {
    if (MOVE_FIELDS[action]) {
      formDialog({
        title: t("cases.move_title", { number, action: t(`cases.action.${action}`) }),
        fields: MOVE_FIELDS[action](c),
        submitLabel: t(`cases.action.${action}`),
        submit: (values) => post(casePath(number, "/moves"), moveBody(action, values)),
        after: () => reopen(action),
      });
      return;
    }
    button.disabled = true;
    try {
      await post(casePath(number, "/moves"), { action });
      await reopen(action);
    } catch (err) {
      fill(errorSlot, bi(errorText(err)));
      button.disabled = false;
    }
  };
  const moves = (NEXT[c.status] ?? []).map((action) => h("button", {
    type: "button", class: action === "reject" ? "danger act" : "primary", "data-move": action,
    onclick: (e) => move(action, e.currentTarget),
  }, inline(t(`cases.action.${action}`))));
  infoDialog(t("cases.title", { number }),
    h("div", { class: "case-detail", "data-case": c.number, "data-status": c.status },
      facts(c),
      h("h3", { class: "label" }, bi(t("cases.steps"))),
      steps(c, users),
      h("h3", { class: "label" }, bi(t("cases.moves"))),
      h("div", { class: "case-moves" }, moves.length ? moves : bi(t("cases.no_moves"), "muted")),
      errorSlot));
}
