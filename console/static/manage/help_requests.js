// A kiosk calls for staff (kiosk.help: a failed person-ID check, a ticket whose identity is
// checked at a window): a toast that stays until the manager closes it. The words come from
// the server in both languages; the event comes on the board's live connection (main.js).

import { toast } from "/display/static/kit/toast.js";

const MAX_SHOWN = 5;

export function showHelp(request) {
  if (!request?.message) return;
  toast(request.message, "error", { ms: 0, cls: "help-request", attrs: { "data-help": request.id } });
  const shown = document.querySelectorAll("#toasts .help-request");
  if (shown.length > MAX_SHOWN) shown[0].remove();
}
