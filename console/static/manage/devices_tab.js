// Device tokens (设备令牌): kiosks, wall displays, rating pads, counter screens. A new token is
// shown once (with a copy button and the page the device should open); revoking asks first.

import { bi, fill, h, inline } from "/display/static/kit/dom.js";
import { refused, toast } from "/display/static/kit/toast.js";
import { get, hallPath, page, post } from "./api.js";
import { listOf } from "./board_actions.js";
import { partText, printerText } from "./side_view.js";
import { confirmDialog, formDialog, infoDialog } from "./dialog.js";
import { duration, t } from "./i18n.js";
import { secondsSince } from "./store.js";
import { table } from "./table.js";

const KINDS = ["kiosk", "display", "rating_pad", "counter"];

/** The page a device opens with its token (none for a kiosk: it goes in kiosk.toml). */
function deviceUrl(kind, token, windowId) {
  const base = window.location.origin;
  const hall = encodeURIComponent(page.hall);
  if (kind === "display") return windowId ? `${base}/display/window/${windowId}#token=${token}` : `${base}/display/hall/${hall}#token=${token}`;
  if (kind === "rating_pad" && windowId) return `${base}/rate/${windowId}#token=${token}`;
  if (kind === "counter" && windowId) return `${base}/display/window/${windowId}#token=${token}`;
  return null;
}

async function copy(text, input) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    input.select();
    document.execCommand("copy");
  }
  toast(t("done.copied"));
}

function copyRow(labelText, value, attrs) {
  const input = h("input", { type: "text", readonly: true, value, class: "mono", ...attrs });
  return h("div", { class: "field copy-row" }, h("label", {}, bi(labelText)),
    h("div", { class: "copy" }, input,
      h("button", { type: "button", class: "primary", onclick: () => copy(value, input) }, inline(t("act.copy")))));
}

function showToken(result, kind, windowId) {
  const token = result.token;
  const url = deviceUrl(kind, token, windowId ?? result.device?.window_id ?? result.window_id);
  infoDialog(t("dialog.token"), h("p", { class: "intro warn" }, bi(t("token_once"))),
    copyRow(t("field.token"), token, { id: "new-token" }),
    url ? copyRow(t("field.device_url"), url, { id: "new-token-url" }) : h("p", { class: "hint" }, bi(t("hint.kiosk_token"))));
}

export function devicesTab(changed) {
  let windows = [];
  const issue = () => formDialog({
    title: t("add.devices"),
    fields: [
      { name: "kind", label: t("field.kind"), kind: "select", value: "display", options: KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) })) },
      { name: "name", label: t("field.device_name"), required: true, attrs: { maxlength: 100 } },
      { name: "window_id", label: t("field.window"), kind: "select", numeric: true, value: "", hint: t("hint.device_window"),
        options: [{ value: "", label: t("no_window") }, ...windows.map((w) => ({ value: w.id, label: t("window_option", { number: w.number, name: { zh: w.name_zh, en: w.name_en } }) }))] },
    ],
    submitLabel: t("act.issue"),
    submit: async (v) => {
      const body = { kind: v.kind, name: v.name };
      if (v.window_id !== null) body.window_id = v.window_id;
      return { result: await post(hallPath("/devices"), body), kind: v.kind, windowId: v.window_id };
    },
    after: ({ result, kind, windowId }) => { showToken(result, kind, windowId); changed(); },
  });
  const revoke = async (d) => {
    if (!(await confirmDialog(t("dialog.revoke"), t("revoke_question", { name: d.name })))) return;
    try {
      await post(`/devices/${d.id}/revoke`);
      toast(t("done.revoked", { name: d.name }));
      changed();
    } catch (err) {
      refused(err);
    }
  };
  const winNo = (id) => windows.find((w) => w.id === id)?.number ?? "—";
  const columns = [
    { head: t("field.kind"), cell: (d) => bi(t(`kind.${d.kind}`)) },
    { head: t("field.device_name"), cell: (d) => d.name },
    { head: t("col.window"), cls: "num", cell: (d) => (d.window_id ? winNo(d.window_id) : "—") },
    { head: t("col.issued"), cell: (d) => bi(t("ago", { d: duration(secondsSince(d.created_at)) })) },
    { head: t("col.status"), cell: (d) => (d.revoked ? bi(t("revoked"), "muted") : bi(d.online ? t("online") : t("offline"))) },
    { head: t("col.health"), cell: (d) => (d.kind !== "kiosk" || d.revoked ? "" :
      h("span", { class: "health", "data-faults": (d.faults ?? []).join(" ") },
        printerText(d.printer) ?? inline(t("health.unreported")), " ", partText("reader", d.reader), " ", partText("camera", d.camera))) },
    { head: null, cls: "acts", cell: (d) => (d.revoked ? "" :
      h("button", { type: "button", class: "act danger", "data-revoke": d.id, onclick: () => revoke(d) }, inline(t("act.revoke")))) },
  ];
  return {
    async load(body) {
      const [devices, wins] = await Promise.all([get(hallPath("/devices")), get(hallPath("/windows"))]);
      windows = listOf(wins, "windows").sort((a, b) => a.number - b.number);
      const rows = listOf(devices, "devices").sort((a, b) => Number(a.revoked) - Number(b.revoked) || b.id - a.id);
      fill(body, table(columns, rows, { rowAttrs: (d) => ({ "data-device": d.id, class: d.revoked ? "inactive" : "" }) }));
    },
    add: issue,
  };
}
