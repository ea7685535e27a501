// Spoken calls, one after another: a new call waits for the one being spoken (never cuts it
// off), a burst is spoken in order, a recall is spoken again. Audio comes from the server's
// voice driver (WAV, fetched with the display token while the call before it plays: only the
// next one, so a burst does not make the server render a minute of speech at once); where the
// server cannot speak, the browser's speech synthesis reads the catalogue's text; with neither,
// the call is only shown. `items` is public so tests can check what was said, in which order.

import { t } from "../kit/i18n.js";

const KEEP = 50; // finished items kept for inspection
const SILENT_MS = 400;
const STALL_MS = 4000; // beyond the audio's own length before giving up on "ended"
const SPEECH_LIMIT_MS = 20000; // one utterance never holds the queue longer

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class Announcer {
  constructor({ audioUrl, token, onBlocked = () => {} }) {
    this.audioUrl = audioUrl;
    this.token = token;
    this.onBlocked = onBlocked;
    this.items = [];
    this.speaking = null;
    this._queue = [];
    this._audio = new Map(); // seq -> Promise<Blob|null>
    this._seq = 0;
    this._running = false;
  }

  /** Queue a call ({kind, number, window: {number}, announcement?}). */
  enqueue(call) {
    const number = call.number;
    const window = call.window.number;
    const fallback = t("call.spoken", { spoken: spokenDigits(number), number, window });
    const item = {
      seq: ++this._seq,
      kind: call.kind,
      number,
      window,
      zh: call.announcement?.zh_spoken ?? fallback.zh,
      en: call.announcement?.en ?? fallback.en,
      state: "queued",
      via: null,
      queuedAt: performance.now(),
      startedAt: null,
      endedAt: null,
    };
    this.items.push(item);
    this._queue.push(item);
    this._run();
    return item;
  }

  get pending() {
    return this._queue.length + (this.speaking ? 1 : 0);
  }

  async _run() {
    if (this._running) return;
    this._running = true;
    try {
      while (this._queue.length) {
        const item = this._queue.shift();
        this._prefetch(item);
        if (this._queue.length) this._prefetch(this._queue[0]); // ready when this one ends
        this.speaking = item;
        await this._say(item);
        this.speaking = null;
        this._trim();
      }
    } finally {
      this._running = false;
    }
  }

  async _say(item) {
    item.state = "speaking";
    item.startedAt = performance.now();
    try {
      const blob = await this._audio.get(item.seq);
      const played = blob ? await playBlob(blob) : "none";
      if (played === "blocked") this.onBlocked();
      if (played === "played") item.via = "audio";
      else if (await speak(item)) item.via = "speech";
      else {
        item.via = "none";
        await sleep(SILENT_MS);
      }
    } catch (err) {
      item.via = "error";
      item.error = String(err);
    } finally {
      this._audio.delete(item.seq);
      item.state = "done";
      item.endedAt = performance.now();
    }
  }

  _prefetch(item) {
    if (!this._audio.has(item.seq)) this._audio.set(item.seq, this._fetch(item.number, item.window));
  }

  async _fetch(number, window) {
    const url = `${this.audioUrl}?${new URLSearchParams({ number, window: String(window) })}`;
    try {
      const r = await fetch(url, { headers: { Authorization: `Bearer ${this.token}` } });
      if (r.status !== 200) return null;
      const blob = await r.blob();
      return blob.size ? blob : null;
    } catch {
      return null;
    }
  }

  _trim() {
    const done = this.items.filter((i) => i.state === "done");
    if (done.length > KEEP) {
      const drop = new Set(done.slice(0, done.length - KEEP));
      this.items = this.items.filter((i) => !drop.has(i));
    }
  }
}

/** Play a WAV blob to its end: "played", "blocked" (autoplay policy) or "failed". */
async function playBlob(blob) {
  const url = URL.createObjectURL(blob);
  const audio = new Audio(url);
  try {
    const ended = new Promise((resolve) => {
      audio.addEventListener("ended", () => resolve("played"), { once: true });
      audio.addEventListener("error", () => resolve("failed"), { once: true });
    });
    await audio.play(); // rejects when autoplay is blocked
    const limit = ((Number.isFinite(audio.duration) ? audio.duration : 15) * 1000) + STALL_MS;
    return await Promise.race([ended, sleep(limit).then(() => "played")]);
  } catch (err) {
    return err?.name === "NotAllowedError" ? "blocked" : "failed";
  } finally {
    audio.pause();
    URL.revokeObjectURL(url);
  }
}

function voiceFor(lang) {
  if (!("speechSynthesis" in window)) return null;
  const prefix = lang.slice(0, 2);
  return window.speechSynthesis.getVoices().find((v) => v.lang.replace("_", "-").startsWith(prefix)) ?? null;
}

function utter(text, lang, voice) {
  const said = new Promise((resolve) => {
    const u = new SpeechSynthesisUtterance(text);
    u.lang = lang;
    u.voice = voice;
    u.onend = () => resolve(true);
    u.onerror = () => resolve(false); // e.g. "not-allowed" before any user gesture
    window.speechSynthesis.speak(u);
  });
  const stalled = sleep(SPEECH_LIMIT_MS).then(() => {
    window.speechSynthesis.cancel();
    return false;
  });
  return Promise.race([said, stalled]);
}

/** Speak with the browser's synthesis, Chinese then English; false if it has no voice. */
async function speak(item) {
  const zh = voiceFor("zh-CN");
  const en = voiceFor("en");
  let spoken = false;
  if (zh) spoken = (await utter(item.zh, "zh-CN", zh)) || spoken;
  if (en) spoken = (await utter(item.en, "en", en)) || spoken;
  return spoken;
}

/** "A012" -> "A零一二": digits one by one, as the server's own spoken text does. */
export function spokenDigits(number) {
  const digits = "零一二三四五六七八九";
  return [...number].map((c) => (c >= "0" && c <= "9" ? digits[Number(c)] : c)).join("");
}
