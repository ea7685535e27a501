"""Speech from recorded clips: one WAV file per syllable, word, digit or letter.

Clips are looked up by name, longest word first: for 窗口 the folder may hold
`窗口.wav`, `chuang1kou3.wav` or `chuangkou.wav`, else `chuang.wav` and `kou.wav`.
Digits are `0.wav` ... `9.wav`, letters `A.wav` ... `Z.wav`. Only the Chinese line is
spoken: recording the open vocabulary of English lines is not practical.
"""

from __future__ import annotations

import logging
import wave
from pathlib import Path

from drivers.voice.announcement import Announcement
from drivers.voice.base import DEFAULT_CACHE_SIZE, Voice
from drivers.voice.errors import ClipInvalid, ClipMissing, VoiceUnavailable
from drivers.voice.phrase import Token, tokens
from drivers.voice.wav import Pcm, join, read_wav, silence, to_wav

log = logging.getLogger(__name__)

#: The longest run of syllables tried as one recorded word.
MAX_WORD = 4


def _names(run: list[Token]) -> list[str]:
    """Return the file stems that may hold the recording of `run`, preferred first."""
    if len(run) > 1 and any(t.kind != "syllable" for t in run):
        return []
    names = ["".join(t.text for t in run), "".join(t.pinyin for t in run)]
    names.append("".join(t.toneless for t in run))
    return list(dict.fromkeys(names))


class ClipVoice(Voice):
    """Concatenate the recorded clips of a folder; punctuation becomes a short pause."""

    def __init__(
        self,
        url: str,
        folder: Path,
        *,
        pause_ms: int = 250,
        cache_size: int = DEFAULT_CACHE_SIZE,
    ) -> None:
        super().__init__(url, cache_size)
        if not folder.is_dir():
            raise VoiceUnavailable(f"{url}: no clip folder {folder}")
        self.folder = folder
        self.pause_ms = pause_ms

    def _clip(self, run: list[Token]) -> Path | None:
        for name in _names(run):
            path = self.folder / f"{name}.wav"
            if path.is_file():
                return path
        return None

    def _load(self, path: Path) -> Pcm:
        try:
            return read_wav(path.read_bytes())
        except (OSError, wave.Error, EOFError) as exc:
            raise ClipInvalid(f"{path.name}: {exc}") from None

    def clips_for(self, text: str) -> list[Path | None]:
        """Return the clip of each word of `text`, None standing for a pause."""
        words = tokens(text)
        found: list[Path | None] = []
        start = 0
        while start < len(words):
            if words[start].kind == "pause":
                found.append(None)
                start += 1
                continue
            for size in range(min(MAX_WORD, len(words) - start), 0, -1):
                path = self._clip(words[start : start + size])
                if path is not None:
                    found.append(path)
                    start += size
                    break
            else:
                token = words[start]
                raise ClipMissing(f"{token.clip_name}.wav (for {token.text!r}) in {self.folder}")
        return found

    def _synthesize(self, announcement: Announcement) -> bytes:
        paths = self.clips_for(announcement.zh)
        loaded = {path: self._load(path) for path in paths if path is not None}
        if not loaded:
            return b""
        first = next(iter(loaded.values()))
        for path, pcm in loaded.items():
            if pcm.format != first.format:
                raise ClipInvalid(f"{path.name}: format {pcm.format} differs from {first.format}")
        parts = [loaded[p] if p is not None else silence(first, self.pause_ms) for p in paths]
        return to_wav(join(parts))
