"""The clips voice: recorded WAV clips joined by name, and the silent none:// voice."""

from __future__ import annotations

import importlib
import io
import math
import os
import struct
import wave
from pathlib import Path

import pytest

from drivers.errors import UnsupportedDeviceUrl
from drivers.voice import (
    Announcement,
    ClipInvalid,
    ClipMissing,
    VoiceUnavailable,
    open_voice,
)

if os.environ.get("CI"):
    importlib.import_module("pypinyin")
else:
    pytest.importorskip("pypinyin")

RATE = 16000
CALL = Announcement.call("A012", "3")
#: Clip names for the call sentence, each with its own length in frames.
CALL_CLIPS = {
    "qing": 3200,
    "A": 2400,
    "0": 2000,
    "1": 2100,
    "2": 2200,
    "3": 2300,
    "hao": 2600,
    "dao": 2700,
    "chuangkou": 5200,
    "banli": 5300,
}


def write_clip(path: Path, frames: int, *, rate: int = RATE, channels: int = 1) -> None:
    """Write a 440 Hz tone of `frames` frames as 16-bit PCM."""
    tone = (int(8000 * math.sin(2 * math.pi * 440 * i / rate)) for i in range(frames))
    samples = [s for s in tone for _ in range(channels)]
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(channels)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(struct.pack(f"<{len(samples)}h", *samples))


def frames_of(data: bytes) -> tuple[int, int]:
    with wave.open(io.BytesIO(data), "rb") as reader:
        return reader.getnframes(), reader.getframerate()


@pytest.fixture
def clips(tmp_path: Path) -> Path:
    for name, frames in CALL_CLIPS.items():
        write_clip(tmp_path / f"{name}.wav", frames)
    return tmp_path


def test_the_call_is_the_sum_of_its_clips(clips: Path) -> None:
    voice = open_voice(f"clips://{clips}")
    frames, rate = frames_of(voice.render(CALL))
    words = ["qing", "A", "0", "1", "2", "hao", "dao", "3", "hao", "chuangkou", "banli"]
    assert rate == RATE
    assert frames == sum(CALL_CLIPS[w] for w in words)


def test_clips_are_chosen_longest_word_first(clips: Path) -> None:
    write_clip(clips / "chuang.wav", 100)
    write_clip(clips / "kou.wav", 100)
    write_clip(clips / "窗口.wav", 7000)
    voice = open_voice(f"clips://{clips}")
    names = [p.name if p else None for p in voice.clips_for("到3号窗口")]
    assert names == ["dao.wav", "3.wav", "hao.wav", "窗口.wav"]
    (clips / "窗口.wav").unlink()
    (clips / "chuangkou.wav").unlink()
    names = [p.name if p else None for p in voice.clips_for("窗口")]
    assert names == ["chuang.wav", "kou.wav"]


def test_a_tone_numbered_clip_wins_over_a_toneless_one(clips: Path) -> None:
    write_clip(clips / "hao4.wav", 100)
    voice = open_voice(f"clips://{clips}")
    assert [p.name for p in voice.clips_for("号") if p] == ["hao4.wav"]


def test_a_missing_clip_is_named(clips: Path) -> None:
    (clips / "chuangkou.wav").unlink()
    voice = open_voice(f"clips://{clips}")
    with pytest.raises(ClipMissing, match=r"chuang\.wav") as caught:
        voice.render(CALL)
    assert "窗" in str(caught.value) and caught.value.zh == "缺少语音片段"


def test_a_missing_digit_clip_is_named_by_the_digit(clips: Path) -> None:
    (clips / "2.wav").unlink()
    with pytest.raises(ClipMissing, match=r"\b2\.wav \(for '2'\)"):
        open_voice(f"clips://{clips}").render(CALL)


def test_punctuation_adds_a_pause(clips: Path) -> None:
    voice = open_voice(f"clips://{clips}?pause_ms=250")
    frames, _ = frames_of(voice.render(Announcement("请，3号")))
    assert frames == CALL_CLIPS["qing"] + RATE // 4 + CALL_CLIPS["3"] + CALL_CLIPS["hao"]


def test_the_english_line_is_not_spoken_from_clips(clips: Path) -> None:
    voice = open_voice(f"clips://{clips}")
    assert voice.render(CALL) == voice.render(Announcement(CALL.zh))
    assert voice.render(Announcement("", CALL.en)) == b""


@pytest.mark.parametrize("kind", ["other rate", "stereo", "not a wav"])
def test_a_clip_that_does_not_fit_is_named(clips: Path, kind: str) -> None:
    target = clips / "dao.wav"
    if kind == "other rate":
        write_clip(target, 2700, rate=22050)
    elif kind == "stereo":
        write_clip(target, 2700, channels=2)
    else:
        target.write_bytes(b"RIFF....this is not a wave file")
    with pytest.raises(ClipInvalid, match=r"dao\.wav"):
        open_voice(f"clips://{clips}").render(CALL)


def test_rendered_phrases_are_cached(clips: Path) -> None:
    voice = open_voice(f"clips://{clips}?cache=8")
    first = voice.render(CALL)
    (clips / "banli.wav").unlink()
    assert voice.render(CALL) is first, "served from the cache, the clip is not read again"
    with pytest.raises(ClipMissing, match=r"ban\.wav"):
        voice.render(Announcement.call("A013", "3"))


def test_a_missing_clip_folder_is_unavailable(tmp_path: Path) -> None:
    with pytest.raises(VoiceUnavailable):
        open_voice(f"clips://{tmp_path / 'nowhere'}")


def test_none_voice_renders_nothing() -> None:
    voice = open_voice("none://")
    assert voice.render(CALL) == b""
    assert voice.render(Announcement("")) == b""


@pytest.mark.parametrize("url", ["mp3:///tmp", "none://?cache=many", "clips:///tmp?pause_ms=-1"])
def test_bad_urls_are_refused(url: str) -> None:
    with pytest.raises(UnsupportedDeviceUrl):
        open_voice(url)
