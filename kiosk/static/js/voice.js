// Voice prompts in elderly mode: the kiosk's voice driver renders WAV; when it is silent
// (none://) the browser's own speech synthesis speaks, if it has one.
import { t } from "/kit/i18n.js";

let playing = null;

export async function speak(key, params = {}) {
  const query = params.number ? `?number=${encodeURIComponent(params.number)}` : "";
  try {
    const response = await fetch(`/api/voice/${key}${query}`);
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
