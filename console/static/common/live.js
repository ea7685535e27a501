// The live connection: Socket.IO namespace /live, by session cookie or device token.
// Every (re)connection starts with a snapshot; until it arrives the page says "reconnecting".

import { showStatus } from "./status.js";

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

/** connect(io, token|null, {snapshot(data) -> false to refuse it, event(name, data)}) */
export function connect(io, token, handlers) {
  const socket = io("/live", {
    auth: token ? { token } : {},
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
  showStatus("connecting");
  socket.on("connect", () => {
    if (synced !== false) showStatus(synced ? "live" : "syncing");
  });
  socket.on("disconnect", (reason) => {
    synced = null;
    showStatus("reconnecting");
    if (reason === "io server disconnect") socket.connect();
  });
  socket.on("connect_error", () => {
    if (socket.active) return showStatus("reconnecting");
    showStatus("refused");
    clearTimeout(retry);
    retry = setTimeout(() => socket.connect(), REFUSED_RETRY_MS);
  });
  socket.on("snapshot", (data) => {
    synced = handlers.snapshot?.(data) !== false;
    if (synced) showStatus("live");
  });
  socket.onAny((name, data) => {
    if (name !== "snapshot") handlers.event?.(name, data);
  });
  return socket;
}
