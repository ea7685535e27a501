// Keeping the board live: Socket.IO /live (signed in by the session cookie) says something
// changed; the board is then re-read, at most once a second, and always once more after the
// last event of a burst. A snapshot (every connect and reconnect) triggers a read as well.

import { bi, fill } from "./dom.js";
import { t } from "./i18n.js";

const MIN_GAP_MS = 1000;
const BATCH_MS = 120; // events of one action arrive together: one read for all of them
const SAFETY_MS = 30000; // devices go offline without an event: read now and then anyway

export class Refresher {
  constructor(read) {
    this.read = read;
    this.timer = null;
    this.running = false;
    this.again = false;
    this.lastStart = 0;
    setInterval(() => this.soon(), SAFETY_MS);
  }

  /** Ask for a fresh board; many asks in a burst make one read. */
  soon() {
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) return;
    const wait = Math.max(BATCH_MS, this.lastStart + MIN_GAP_MS - performance.now());
    this.timer = setTimeout(() => this.run(), wait);
  }

  async run() {
    this.timer = null;
    this.running = true;
    this.again = false;
    this.lastStart = performance.now();
    try {
      await this.read();
    } catch (err) {
      console.warn("board read failed", err);
    } finally {
      this.running = false;
      if (this.again) this.soon();
    }
  }
}

// body[data-status] drives the shared banner (console/static/common/base.css) while connecting;
// a refused or missing live feed only shows in the header pill: the REST actions still work.
function showConn(state) {
  const banner = state === "connecting" || state === "reconnecting";
  document.body.dataset.status = banner || state === "live" ? state : "degraded";
  fill("conn", bi(t(`conn.${state}`)));
  fill("status", banner ? bi(t(`conn.${state}`)) : null);
}

/** Connect to /live; every event (or snapshot) asks the refresher for a new board. */
export async function goLive(clientUrl, hall, refresher, onEvent = () => {}) {
  let io;
  try {
    io = (await import(clientUrl)).io;
  } catch (err) {
    console.error("socket.io client failed to load", err);
    showConn("no_client");
    return null;
  }
  showConn("connecting");
  const socket = io("/live", {
    auth: { hall }, // an admin names the hall; a manager's own hall comes from the session
    transports: ["websocket", "polling"],
    tryAllTransports: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 4000,
  });
  socket.on("connect", () => showConn("live"));
  socket.on("disconnect", (reason) => {
    showConn("reconnecting");
    if (reason === "io server disconnect") socket.connect();
  });
  socket.on("connect_error", () => showConn(socket.active ? "reconnecting" : "refused"));
  socket.onAny((name, data) => {
    onEvent(name, data);
    refresher.soon();
  });
  return socket;
}
