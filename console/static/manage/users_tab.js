// Users and roles (用户与角色): clerks and managers of this hall; passwords set, never shown.

import { bi, fill, h, inline } from "/display/static/kit/dom.js";
import { toast } from "/display/static/kit/toast.js";
import { get, hallPath, page, post, put } from "./api.js";
import { listOf } from "./board_actions.js";
import { formDialog } from "./dialog.js";
import { t } from "./i18n.js";
import { table, yesNo } from "./table.js";

const roles = () => (page.role === "admin" ? ["clerk", "manager", "admin"] : ["clerk", "manager"]);

function fields(u) {
  return [
    ...(u ? [] : [{ name: "username", label: t("field.username"), required: true, attrs: { maxlength: 60, autocomplete: "off" } }]),
    { name: "name", label: t("field.display_name"), value: u?.name, required: true, attrs: { maxlength: 60 } },
    { name: "role", label: t("field.role"), kind: "select", value: u?.role ?? "clerk",
      options: roles().map((r) => ({ value: r, label: t(`role.${r}`) })) },
    { name: "password", label: u ? t("field.new_password") : t("field.password"), kind: "password",
      required: !u, hint: t("hint.password"), attrs: { autocomplete: "new-password", maxlength: 200 } },
    ...(u ? [{ name: "active", label: t("field.active"), kind: "check", value: u.active !== false }] : []),
  ];
}

export function usersTab(changed) {
  let windows = [];
  const edit = (u) => formDialog({
    title: u ? t("dialog.edit_user", { user: u.username }) : t("add.users"),
    fields: fields(u),
    submit: (v) => {
      const body = { ...v };
      if (!body.password) delete body.password;
      return u ? put(`/users/${u.id}`, body) : post(hallPath("/users"), body);
    },
    after: () => { toast(t("done.saved")); changed(); },
  });
  const seatOf = (u) => windows.find((w) => w.id === u.window_id || w.clerk?.id === u.id);
  const columns = [
    { head: t("field.username"), cell: (u) => h("code", {}, u.username) },
    { head: t("field.display_name"), cell: (u) => u.name ?? "" },
    { head: t("field.role"), cell: (u) => bi(t(`role.${u.role}`)) },
    { head: t("col.seat"), cell: (u) => { const w = seatOf(u); return w ? inline(t("at_window", { window: w.number })) : "—"; } },
    { head: t("field.active"), cell: (u) => yesNo(u.active !== false, t) },
    { head: null, cls: "acts", cell: (u) => h("button", { type: "button", class: "act", "data-edit": u.username, onclick: () => edit(u) }, inline(t("act.edit"))) },
  ];
  return {
    async load(body) {
      const [users, wins] = await Promise.all([get(hallPath("/users")), get(hallPath("/windows")).catch(() => [])]);
      windows = listOf(wins, "windows");
      const rows = listOf(users, "users");
      fill(body, table(columns, rows, { rowAttrs: (u) => ({ "data-user": u.username, class: u.active === false ? "inactive" : "" }) }));
    },
    add: () => edit(null),
  };
}
