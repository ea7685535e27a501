// A kiosk calls for staff (kiosk.help: a failed person-ID check, a ticket whose identity is
// checked at a window): a toast that stays until the manager closes it. The words come from
// the server in both languages. Its own /live connection, so the board's code stays as it is.

import { page } from "./api.js";
import { bi, h } from "./dom.js";

const MAX_SHOWN = 5;

function show(request) {
  const box = document.getElementById("toasts");
  if (!box || !request?.message) return;
  const item = h("div", { class: "toast error help-request", role: "alert", "data-help": request.id },
    bi(request.message));
  item.append(h("button", { type: "button", class: "x", "aria-label": "close", onclick: () => item.remove() }, "×"));
  box.append(item);
  const shown = box.querySelectorAll(".help-request");
  if (shown.length > MAX_SHOWN) shown[0].remove();
}

async function listen() {
  let io;
  try {
    io = (await import(page.client)).io;
  } catch (err) {
    console.warn("kiosk help requests: socket.io client failed to load", err);
    return;
  }
  const socket = io("/live", { auth: { hall: page.hall }, forceNew: true, transports: ["websocket", "polling"] });
  socket.on("kiosk.help", show);
  socket.on("connect", () => { document.body.dataset.helpListening = "true"; });
  socket.on("disconnect", () => { document.body.dataset.helpListening = "false"; });
}

listen();
