// What the live feed means for this window: which events call for a fresh console view,
// and what the clerk is told at once (a ticket transferred here, a recall, a warning).

import { toast } from "/display/static/kit/toast.js";
import { t } from "../common/i18n.js";

/** A red/yellow warning in words: "黄牌：A012号等候超时". */
export function alertText(a) {
  return t(`counter.alert.${a.kind}`, { level: t(`counter.level.${a.level}`), number: a.number ?? "" });
}

/** Return "refresh", "lines" or null for an event, toasting what the clerk should notice. */
export function judge(name, p, windowId, view) {
  const ticketId = view?.current?.id;
  if (name.startsWith("ticket.")) {
    const here = p.window?.id === windowId;
    const sentHere = p.target_window_id === windowId;
    if (name === "ticket.transferred" && sentHere) {
      const note = p.note ? ` · ${p.note}` : "";
      const text = t("counter.toast.transferred_in", { number: p.number });
      toast({ zh: text.zh + note, en: text.en }, "info");
    }
    if (name === "ticket.recalled" && here) toast(t("counter.toast.recalled", { number: p.number }));
    return here || sentHere || (ticketId && p.id === ticketId) ? "refresh" : null;
  }
  if (name === "window.status") return p.id === windowId ? "refresh" : null;
  if (name === "window.clerk") return p.window_id === windowId ? "refresh" : null; // clerk moved
  if (name === "warning.raised" || name === "warning.cleared") {
    const mine = p.subject === `window:${windowId}` || (ticketId && p.subject === `ticket:${ticketId}`);
    if (mine && name === "warning.raised") toast(alertText(p), "error");
    return mine ? "refresh" : null;
  }
  if (name === "queue.lengths") return "lines";
  return null;
}

/** Whether new line counts change what call-next may do (nobody waiting <-> someone). */
export function emptinessFlips(view, counts) {
  if (!view) return false;
  const waiting = view.lines.some((l) => (counts.get(l.code) ?? l.waiting) > 0) || view.directed.length > 0;
  const reason = view.buttons["call-next"].reason;
  return (reason === "queue_empty" && waiting) || (view.buttons["call-next"].enabled && !waiting);
}
