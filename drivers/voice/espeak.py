"""Speech from the espeak-ng program: Chinese through pinyin, English with an English voice.

Debian's espeak-ng misreads hanzi with its `cmn` voice, so Chinese is first turned into
tone-numbered pinyin (pypinyin) and read by `cmn-latn-pinyin`.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import wave

from drivers.voice.announcement import Announcement
from drivers.voice.base import DEFAULT_CACHE_SIZE, Voice
from drivers.voice.errors import SpeechFailed, VoiceUnavailable
from drivers.voice.phrase import english_ssml, espeak_pinyin
from drivers.voice.wav import Pcm, join, read_wav, to_wav

log = logging.getLogger(__name__)

ZH_VOICE = "cmn-latn-pinyin"
EN_VOICE = "en"
TIMEOUT_S = 20.0


class EspeakVoice(Voice):
    """Render announcements with the `espeak-ng` binary writing WAV to its stdout."""

    def __init__(
        self,
        url: str,
        *,
        zh_voice: str = ZH_VOICE,
        en_voice: str = EN_VOICE,
        rate: int | None = None,
        gap_ms: int = 400,
        cache_size: int = DEFAULT_CACHE_SIZE,
    ) -> None:
        super().__init__(url, cache_size)
        binary = shutil.which("espeak-ng")
        if binary is None:
            raise VoiceUnavailable("espeak-ng is not installed")
        self.binary = binary
        self.zh_voice, self.en_voice = zh_voice, en_voice
        self.rate, self.gap_ms = rate, gap_ms
        for voice in (zh_voice, en_voice):
            self._check_voice(voice)

    def _check_voice(self, voice: str) -> None:
        """Fail at open, not at the first call, when a configured voice is missing."""
        command = [self.binary, "-q", "-v", voice, "a"]
        try:
            done = subprocess.run(command, capture_output=True, timeout=TIMEOUT_S, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise VoiceUnavailable(f"espeak-ng: {exc}") from None
        if done.returncode != 0:
            message = done.stderr.decode(errors="replace").strip()
            raise VoiceUnavailable(f"espeak-ng voice {voice!r}: {message}")

    def speak(self, text: str, voice: str, *, ssml: bool = False) -> Pcm:
        """Run espeak-ng on `text` (fed through stdin) and return its audio."""
        command = [self.binary, "-v", voice, "--stdout", "--stdin"]
        if self.rate is not None:
            command += ["-s", str(self.rate)]
        if ssml:
            command.append("-m")
        try:
            done = subprocess.run(
                command, input=text.encode(), capture_output=True, timeout=TIMEOUT_S, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SpeechFailed(f"espeak-ng: {exc}") from None
        if done.returncode != 0 or not done.stdout:
            message = done.stderr.decode(errors="replace").strip()
            raise SpeechFailed(f"espeak-ng -v {voice} exited {done.returncode}: {message}")
        try:
            return read_wav(done.stdout)
        except (wave.Error, EOFError) as exc:
            raise SpeechFailed(f"espeak-ng gave no WAV: {exc}") from None

    def _synthesize(self, announcement: Announcement) -> bytes:
        parts = []
        pinyin = espeak_pinyin(announcement.zh)
        if pinyin.strip(" ,"):
            parts.append(self.speak(pinyin, self.zh_voice))
        if announcement.en.strip():
            parts.append(self.speak(english_ssml(announcement.en), self.en_voice, ssml=True))
        if not parts:
            return b""
        try:
            audio = join(parts, self.gap_ms)
        except ValueError as exc:
            raise SpeechFailed(f"voices {self.zh_voice} and {self.en_voice}: {exc}") from None
        log.debug("espeak: %.1f s for %r", audio.seconds, announcement.zh)
        return to_wav(audio)
