// What the console knows: the last /board and /waiting answers and the server clock they carry.
// The board is re-read whole (it is small); between reads only the clocks move.

export const state = {
  board: null,
  waiting: [],
  serverMs: null, // the board's `at`, in epoch ms ...
  readAt: 0, // ... as of this performance.now()
  reads: 0, // how many boards were read (tests wait on it)
};

export function takeBoard(board, waiting) {
  state.board = board;
  state.waiting = waiting ?? state.waiting;
  const at = Date.parse(board?.at ?? "");
  state.serverMs = Number.isNaN(at) ? Date.now() : at;
  state.readAt = performance.now();
  state.reads += 1;
}

/** Server time now in epoch ms (the browser's clock may be wrong; the server's is not). */
export function serverNow() {
  return state.serverMs === null ? Date.now() : state.serverMs + (performance.now() - state.readAt);
}

/** Seconds from an ISO time until now on the server clock (0 if in the future or unknown). */
export function secondsSince(iso) {
  const ms = Date.parse(iso ?? "");
  return Number.isNaN(ms) ? 0 : Math.max(0, (serverNow() - ms) / 1000);
}

/** Seconds passed since the board was read (to age "longest wait" between reads). */
export function secondsSinceRead() {
  return state.serverMs === null ? 0 : (performance.now() - state.readAt) / 1000;
}

export const services = () => state.board?.services ?? null;

export function windowById(id) {
  return (state.board?.windows ?? []).find((w) => w.id === id) ?? null;
}
