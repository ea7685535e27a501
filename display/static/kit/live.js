// The live connection of every page: Socket.IO namespace /live (server/web/live.py), signed
// in by a device token, the session cookie, or a ticket. Every (re)connection starts with a
// full snapshot; until it arrives the page is "syncing" and must not show what it had before
// as if it were current. The browser client is the npm one the display blueprint serves.

const REFUSED_RETRY_MS = 15000;

/** Load the vendored Socket.IO client (display/node_modules); null when it is missing. */
export async function loadClient(url) {
  try {
    return (await import(url)).io;
  } catch (err) {
    console.error("socket.io client failed to load", err);
    return null;
  }
}

/**
 * connect(io, {auth, status(state, why), snapshot(data) -> false to refuse it, event(name, data)})
 * auth: {token} (a device), {} (the session's user), {hall} (an admin picks the hall).
 * states: "connecting", "syncing" (connected, waiting for the snapshot), "live",
 * "reconnecting", "refused" (the server said no: bad token, unknown hall; retried slowly).
 */
export function connect(io, { auth = {}, status = () => {}, snapshot = () => true, event = () => {} } = {}) {
  const socket = io("/live", {
    auth,
    transports: ["websocket", "polling"],
    tryAllTransports: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 4000,
    randomizationFactor: 0.3,
  });
  let retry = null;
  // This connection's snapshot (it may come before "connect"): null not yet, true taken,
  // false refused by the page (which shows why, so "connect" must not hide that).
  let synced = null;
  status("connecting");
  socket.on("connect", () => {
    if (synced !== false) status(synced ? "live" : "syncing");
  });
  socket.on("disconnect", (reason) => {
    synced = null;
    status("reconnecting", reason);
    if (reason === "io server disconnect") socket.connect(); // the server closed us: ask again
  });
  socket.on("connect_error", (err) => {
    if (socket.active) return status("reconnecting", err.message);
    status("refused", err.message);
    clearTimeout(retry);
    retry = setTimeout(() => socket.connect(), REFUSED_RETRY_MS);
  });
  socket.on("snapshot", (data) => {
    synced = snapshot(data) !== false;
    if (synced) status("live");
  });
  socket.onAny((name, data) => {
    if (name !== "snapshot") event(name, data);
  });
  return socket;
}
