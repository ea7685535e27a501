// Voice prompts in elderly mode: the kiosk's voice driver renders WAV; when it is silent
// (none://) the browser's own speech synthesis speaks, if it has one.
import { t } from "/kit/i18n.js";

let playing = null;

// The kiosk's voice says the number of the ticket it just showed; `params` are for the
// browser's own voice only.
export async function speak(key, params = {}) {
  try {
    const response = await fetch(`/api/voice/${key}`);
    if (response.status === 200) {
      const blob = await response.blob();
      if (playing) playing.pause();
      playing = new Audio(URL.createObjectURL(blob));
      await playing.play().catch(() => {});
      return "driver";
    }
  } catch (err) {
    // fall through to the browser's voice
  }
  if (globalThis.speechSynthesis && globalThis.SpeechSynthesisUtterance) {
    const words = t(`voice.${key}`, params);
    speechSynthesis.cancel();
    const utterance = new SpeechSynthesisUtterance(words.zh);
    utterance.lang = "zh-CN";
    speechSynthesis.speak(utterance);
    return "browser";
  }
  return "none";
}
