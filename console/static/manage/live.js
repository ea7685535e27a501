// Keeping the board live: the kit's Socket.IO /live connection (signed in by the session
// cookie) says something changed; the board is then re-read, at most once a second, and always
// once more after the last event of a burst. A snapshot (every connect and reconnect) too.

import { connect, loadClient } from "/display/static/kit/live.js";
import { createStatus } from "/display/static/kit/status.js";

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

/** Connect to /live; every event (or snapshot) asks the refresher for a new board.
 * The state shows in the header pill (#conn); while (re)connecting also in the shared
 * banner; a refused or missing live feed only in the pill: the REST actions still work. */
export async function goLive(clientUrl, hall, refresher, onEvent = () => {}) {
  const showConn = createStatus({ prefix: "manage.conn.", pill: "conn", degraded: ["refused", "no_client"] });
  const io = await loadClient(clientUrl);
  if (!io) {
    showConn("no_client");
    return null;
  }
  return connect(io, {
    auth: { hall }, // an admin names the hall; a manager's own hall comes from the session
    status: (state) => showConn(state),
    snapshot() {
      refresher.soon();
    },
    event(name, data) {
      onEvent(name, data);
      refresher.soon();
    },
  });
}
