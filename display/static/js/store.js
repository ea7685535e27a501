// The hall's state as the wall display knows it: built from a snapshot, moved by events.
// A snapshot replaces everything (nothing from before a reconnect survives it).

export const RECENT = 8;

export function alertKey(alert) {
  return `${alert.kind}|${alert.subject}`;
}

function fromRecent(c) {
  return { kind: c.kind, number: c.number, at: c.at, window: c.window, announcement: null };
}

export function fromEvent(kind, p) {
  return { kind, number: p.number, at: p.called_at, window: p.window, announcement: p.announcement ?? null };
}

export class HallStore {
  constructor() {
    this.reset();
  }

  reset() {
    this.hall = null;
    this.windows = new Map(); // id -> window view
    this.lines = [];
    this.calls = []; // newest first
    this.alerts = new Map(); // kind|subject -> alert
    this.callSeq = 0; // bumps on every live call, so the view knows when to flash
  }

  /** Replace all state from a snapshot; return the calls the page missed while away. */
  load(snap) {
    const before = this.calls;
    this.reset();
    this.hall = snap.hall ?? null;
    for (const w of snap.windows ?? []) this.windows.set(w.id, w);
    this.lines = snap.lines ?? [];
    this.calls = (snap.recent_calls ?? []).slice(0, RECENT).map(fromRecent);
    for (const a of snap.alerts ?? []) this.alerts.set(alertKey(a), a);
    return missedSince(before, this.calls);
  }

  /** Apply one live event; return the call it makes (to show and announce) or null. */
  apply(name, p) {
    switch (name) {
      case "ticket.called":
      case "ticket.recalled": {
        const call = fromEvent(name === "ticket.called" ? "called" : "recalled", p);
        if (!call.window) return null;
        this.calls = [call, ...this.calls].slice(0, RECENT);
        this.callSeq += 1;
        return call;
      }
      case "window.status":
        if (p && p.id !== undefined) this.windows.set(p.id, p);
        return null;
      case "windows.status": // the hall's windows that changed lately, coalesced by the server
        for (const w of p?.windows ?? []) if (w && w.id !== undefined) this.windows.set(w.id, w);
        return null;
      case "queue.lengths":
        this.lines = p.lines ?? [];
        return null;
      case "warning.raised":
        this.alerts.set(alertKey(p), p);
        return null;
      case "warning.cleared":
        this.alerts.delete(alertKey(p));
        return null;
      case "hall.notice": // the manager edited the scrolling line
        this.hall = { ...(this.hall ?? {}), notice_zh: p.notice_zh ?? "", notice_en: p.notice_en ?? "" };
        return null;
      default:
        return null; // issued, serving, done ...: window.status and queue.lengths follow them
    }
  }

  windowByNumber(number) {
    for (const w of this.windows.values()) if (w.number === number) return w;
    return null;
  }
}

const same = (a, b) => a.kind === b.kind && a.number === b.number && a.window?.number === b.window?.number;

/**
 * Calls at the head of `after` that `before` did not have (newest first): what was called while
 * the connection was down. On a first load `before` is empty and nothing counts as missed.
 */
export function missedSince(before, after) {
  if (!before.length) return [];
  const head = before[0];
  const at = after.findIndex((c) => same(c, head) && c.at === (head.at ?? c.at));
  if (at >= 0) return after.slice(0, at);
  const loose = after.findIndex((c) => same(c, head));
  return loose >= 0 ? after.slice(0, loose) : after.slice();
}
