// The live connection: Socket.IO namespace /live, authenticated by the display token.
// Every (re)connection starts with a full snapshot from the server; until it arrives the page
// says "reconnecting" and must not show what it had before as if it were current.

const REFUSED_RETRY_MS = 15000;

/**
 * connect(io, token, {snapshot(data) -> false to refuse it, event(name, data), status(state)})
 * states: "connecting", "syncing" (connected, waiting for the snapshot), "live",
 * "reconnecting", "refused" (token refused; retried slowly).
 */
export function connect(io, token, handlers) {
  const socket = io("/live", {
    auth: { token },
    transports: ["websocket", "polling"],
    tryAllTransports: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 4000,
    randomizationFactor: 0.3,
  });
  let retry = null;
  // Did this connection's snapshot arrive (it may come before "connect")? null: not yet;
  // false: it arrived and the page refused it (and shows why), so "connect" must not hide that.
  let synced = null;
  handlers.status("connecting");
  socket.on("connect", () => {
    if (synced !== false) handlers.status(synced ? "live" : "syncing");
  });
  socket.on("disconnect", (reason) => {
    synced = null;
    handlers.status("reconnecting", reason);
    if (reason === "io server disconnect") socket.connect(); // the server closed us: ask again
  });
  socket.on("connect_error", (err) => {
    if (socket.active) {
      handlers.status("reconnecting", err.message);
      return;
    }
    handlers.status("refused", err.message); // the server said no (bad token, unknown hall)
    clearTimeout(retry);
    retry = setTimeout(() => socket.connect(), REFUSED_RETRY_MS);
  });
  socket.on("snapshot", (data) => {
    synced = handlers.snapshot(data) !== false;
    if (synced) handlers.status("live");
  });
  socket.onAny((name, data) => {
    if (name !== "snapshot") handlers.event(name, data);
  });
  return socket;
}

/** Load the vendored Socket.IO client; null when it is missing (npm not run). */
export async function loadClient(url) {
  try {
    return (await import(url)).io;
  } catch (err) {
    console.error("socket.io client failed to load", err);
    return null;
  }
}
