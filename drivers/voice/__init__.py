"""Voice announcements opened from a URL.

- ``espeak://?voice=cmn-latn-pinyin&en_voice=en&rate=150&gap_ms=400``: espeak-ng
- ``clips:///path/to/clips?pause_ms=250``: recorded WAV clips, one per word or syllable
- ``none://``: no sound

Every URL also takes ``cache=N``, the number of rendered phrases kept (default 64).
pypinyin and espeak-ng are needed only when a voice speaks.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from drivers.errors import UnsupportedDeviceUrl
from drivers.voice.announcement import Announcement
from drivers.voice.base import DEFAULT_CACHE_SIZE, SilentVoice, Voice
from drivers.voice.clips import ClipVoice
from drivers.voice.errors import ClipInvalid, ClipMissing, SpeechFailed, VoiceUnavailable
from drivers.voice.espeak import EN_VOICE, ZH_VOICE, EspeakVoice

__all__ = [
    "Announcement",
    "ClipInvalid",
    "ClipMissing",
    "SpeechFailed",
    "Voice",
    "VoiceUnavailable",
    "open_voice",
]

_RATE_RANGE = range(80, 451)  # espeak-ng words per minute


def _options(url: str, query: str) -> dict[str, str]:
    try:
        pairs = parse_qs(query, strict_parsing=bool(query))
    except ValueError:
        raise UnsupportedDeviceUrl(f"{url}: malformed query {query!r}") from None
    return {key: values[-1] for key, values in pairs.items()}


def _int(url: str, options: dict[str, str], key: str, default: int) -> int:
    raw = options.get(key)
    if raw is None:
        return default
    if not raw.isdigit():
        raise UnsupportedDeviceUrl(f"{url}: {key} must be a whole number, not {raw!r}")
    return int(raw)


def _espeak(url: str, options: dict[str, str], cache: int) -> Voice:
    rate = None
    if "rate" in options:
        rate = _int(url, options, "rate", 0)
        if rate not in _RATE_RANGE:
            raise UnsupportedDeviceUrl(f"{url}: rate must be {_RATE_RANGE.start}-450 words/min")
    return EspeakVoice(
        url,
        zh_voice=options.get("voice", ZH_VOICE),
        en_voice=options.get("en_voice", EN_VOICE),
        rate=rate,
        gap_ms=_int(url, options, "gap_ms", 400),
        cache_size=cache,
    )


def open_voice(url: str) -> Voice:
    """Open the voice named by `url`; raise VoiceUnavailable if it cannot speak."""
    parts = urlsplit(url)
    options = _options(url, parts.query)
    cache = _int(url, options, "cache", DEFAULT_CACHE_SIZE)
    if parts.scheme in ("espeak", "clips") and importlib.util.find_spec("pypinyin") is None:
        raise VoiceUnavailable(f"{url}: pypinyin is not installed")
    if parts.scheme == "espeak":
        return _espeak(url, options, cache)
    if parts.scheme == "clips":
        folder = Path(unquote(parts.netloc + parts.path))
        pause_ms = _int(url, options, "pause_ms", 250)
        return ClipVoice(url, folder, pause_ms=pause_ms, cache_size=cache)
    if parts.scheme == "none":
        return SilentVoice(url, cache)
    raise UnsupportedDeviceUrl(url)
