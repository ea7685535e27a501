// Pressing a counter button, by mouse, keyboard or a hardware call button (which sends keys).
// One request at a time: every button is disabled from the press until the screen is redrawn
// from the server, a held key's repeats are ignored, and the server's 409/429 still decide.

import { post } from "../common/client.js";
import { askOutcome, askPause, askTransfer, isOpen, outcomeKey } from "./dialogs.js";
import { current, setBusy } from "./desk.js";

const KEYS = { F1: "call-next", F2: "recall", F3: "start", F4: "finish", F5: "no-show", F6: "transfer", F7: "pause" };
const ASK = { finish: (v) => askOutcome(v.current.id), transfer: (v) => askTransfer(v), pause: () => askPause() };
let pressing = false;

function buttonFor(slot) {
  return document.querySelector(`#actions .action[data-action="${slot}"]`);
}

/** wire({windowId(), after(outcome)}): clicks and keys run actions; after() redraws.
 * outcome: null when the clerk cancelled, else {error}: the ApiError, or null (it went through). */
export function wire({ windowId, after }) {
  async function press(slot) {
    const btn = buttonFor(slot);
    const view = current();
    if (pressing || isOpen() || !btn || btn.disabled || !view) return;
    pressing = true; // set before any await: a second press in the same tick finds it
    setBusy(true);
    const action = slot === "pause" ? btn.dataset.mode : slot;
    let outcome = null;
    try {
      const body = ASK[action] ? await ASK[action](view) : { ticket_id: view.current?.id ?? null };
      if (body) {
        if (body.ticket_id === null) delete body.ticket_id;
        await post(`/windows/${windowId()}/${action}`, body);
        outcome = { error: null };
      }
    } catch (err) {
      outcome = { error: err };
    } finally {
      pressing = false;
      await after(outcome);
      setBusy(false);
    }
  }

  document.getElementById("actions").addEventListener("click", (event) => {
    const btn = event.target.closest(".action");
    if (btn) press(btn.dataset.action);
  });
  document.addEventListener("keydown", (event) => {
    const slot = KEYS[event.key];
    if (isOpen()) {
      if (!event.repeat && outcomeKey(event.key)) event.preventDefault();
      if (slot) event.preventDefault();
      return;
    }
    if (!slot) return;
    event.preventDefault(); // F1 help, F5 reload, F6 address bar: the console owns these keys
    if (event.repeat) return; // a held key or a bouncing hardware button presses once
    press(slot);
  });
}
