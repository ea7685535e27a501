// What the manager does on the board: a window's state, its clerk, its services; re-route a
// waiting ticket; close a follow-up; the display's notice line. Every refusal shows the
// server's words; every success asks for a fresh board (events would bring it anyway).

import { attempt, toast } from "/display/static/kit/toast.js";
import { get, hallPath, post, put } from "./api.js";
import { formDialog } from "./dialog.js";
import { t } from "./i18n.js";
import { state, windowById } from "./store.js";

/** Unwrap a list answer: [...] or {<key>: [...]}. */
export const listOf = (data, key) => (Array.isArray(data) ? data : data?.[key] ?? []);

const label = (zh, en) => ({ zh: zh ?? "", en: en ?? zh ?? "" });
const winLabel = (w) => t("window_option", { number: w.number, name: label(w.name_zh, w.name_en) });

export function makeBoardActions(refresh) {
  const simple = (act, w) => attempt(() => post(`/windows/${w.id}/${act}`),
    t(`done.${act}`, { window: w.number })).then(refresh);

  function pause(w) {
    formDialog({
      title: t("dialog.pause", { window: w.number }),
      fields: [{ name: "reason", label: t("field.reason"), value: "", attrs: { maxlength: 100 } }],
      submitLabel: t("act.pause"),
      submit: (v) => post(`/windows/${w.id}/pause`, { reason: v.reason }),
      after: () => { toast(t("done.pause", { window: w.number })); refresh(); },
    });
  }

  async function assign(w) {
    const users = await attempt(() => get(hallPath("/users")));
    if (!users) return;
    const staff = listOf(users, "users").filter((u) => u.active !== false && u.role === "clerk");
    const options = [{ value: "", label: t("no_clerk") },
      ...staff.map((u) => ({ value: u.id, label: label(u.name ?? u.display_name ?? u.username, u.username) }))];
    const current = w.clerk?.id ?? w.clerk_id ?? "";
    formDialog({
      title: t("dialog.assign", { window: w.number }),
      intro: t("assign_intro"),
      fields: [{ name: "user_id", label: t("field.clerk"), kind: "select", numeric: true, options, value: current }],
      submitLabel: t("act.assign"),
      submit: (v) => post(`/windows/${w.id}/assign`, { user_id: v.user_id }),
      after: () => { toast(t("done.assign", { window: w.number })); refresh(); },
    });
  }

  async function services(w) {
    const data = await attempt(() => get(hallPath("/services")));
    if (!data) return;
    const options = listOf(data, "services").filter((s) => s.active !== false)
      .map((s) => ({ value: s.code, label: label(`${s.prefix} ${s.name_zh}`, s.name_en) }));
    formDialog({
      title: t("dialog.services", { window: w.number }),
      intro: t("services_intro"),
      fields: [{ name: "services", label: t("field.services"), kind: "checks", options, value: w.services ?? [] }],
      submitLabel: t("save"),
      submit: (v) => put(`/windows/${w.id}/services`, { services: v.services }),
      after: () => { toast(t("done.services", { window: w.number })); refresh(); },
    });
  }

  function reroute(ticketId) {
    const ticket = (state.waiting ?? []).find((x) => x.id === ticketId);
    if (!ticket) return;
    const lines = state.board?.lines ?? [];
    const windows = [...(state.board?.windows ?? [])].sort((a, b) => a.number - b.number);
    formDialog({
      title: t("dialog.reroute", { number: ticket.number }),
      intro: t("reroute_intro"),
      fields: [
        { name: "service", label: t("field.to_service"), kind: "select", value: "",
          options: [{ value: "", label: t("keep_service") },
            ...lines.filter((l) => l.code !== ticket.service?.code).map((l) => ({ value: l.code, label: label(`${l.prefix} ${l.name_zh}`, l.name_en) }))] },
        { name: "window_id", label: t("field.to_window"), kind: "select", numeric: true, value: "",
          options: [{ value: "", label: t("any_window") }, ...windows.map((x) => ({ value: x.id, label: winLabel(x) }))] },
      ],
      submitLabel: t("act.reroute"),
      submit: (v) => {
        const body = {};
        if (v.service) body.service = v.service;
        if (v.window_id !== null) body.window_id = v.window_id;
        return post(hallPath(`/tickets/${ticket.id}/reroute`), body);
      },
      after: () => { toast(t("done.reroute", { number: ticket.number })); refresh(); },
    });
  }

  function closeFollowup(id) {
    const f = (state.board?.followups ?? []).find((x) => String(x.id) === String(id));
    formDialog({
      title: t("dialog.followup", { number: f?.ticket ?? f?.number ?? "" }),
      intro: f?.reasons?.length ? { zh: f.reasons.join("、"), en: f.reasons.join(", ") } : null,
      fields: [{ name: "note", label: t("field.note"), kind: "textarea", required: true, attrs: { maxlength: 500 } }],
      submitLabel: t("act.close_followup"),
      submit: (v) => post(`/followups/${id}/close`, { note: v.note }),
      after: () => { toast(t("done.followup")); refresh(); },
    });
  }

  /** One click handler for every board button (rows are redrawn; the handler stays). */
  function onClick(event) {
    const button = event.target.closest("button[data-act]");
    if (!button) return;
    const act = button.dataset.act;
    if (act === "reroute") return reroute(Number(button.dataset.ticketId));
    if (act === "close-followup") return closeFollowup(button.dataset.followup);
    if (act === "edit-notice") return editNotice(refresh);
    const w = windowById(Number(button.dataset.windowId));
    if (!w) return;
    if (act === "pause") return pause(w);
    if (act === "assign") return assign(w);
    if (act === "services") return services(w);
    if (["open", "close", "resume"].includes(act)) return simple(act, w);
  }

  return { onClick };
}

/** Edit the display's notice line, both languages; a refusal shows in the dialog. */
function editNotice(refresh) {
  const hall = state.board?.hall ?? {};
  formDialog({
    title: t("notice"),
    fields: [
      { name: "notice_zh", label: t("notice.zh"), kind: "textarea", value: hall.notice_zh ?? "", attrs: { maxlength: 500, lang: "zh-CN" } },
      { name: "notice_en", label: t("notice.en"), kind: "textarea", value: hall.notice_en ?? "", attrs: { maxlength: 500, lang: "en" } },
    ],
    submit: (v) => put(hallPath("/notice"), v),
    after: () => { toast(t("done.notice")); refresh(); },
  });
}
