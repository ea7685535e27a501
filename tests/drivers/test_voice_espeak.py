"""The espeak-ng voice: real speech from the installed program, checked as WAV audio."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import wave

import numpy as np
import pytest

from drivers.errors import UnsupportedDeviceUrl
from drivers.voice import Announcement, VoiceUnavailable, open_voice
from drivers.voice.phrase import espeak_pinyin

# In CI a missing dependency is a failure, never a skip.
if not os.environ.get("CI"):
    if shutil.which("espeak-ng") is None:
        pytest.skip(
            "espeak-ng is not installed (apt-get install espeak-ng)", allow_module_level=True
        )
    pytest.importorskip("pypinyin")

CALL = Announcement.call("A012", "3")


def _audio(data: bytes) -> tuple[wave._wave_params, np.ndarray]:
    with wave.open(io.BytesIO(data), "rb") as reader:
        params = reader.getparams()
        samples = np.frombuffer(reader.readframes(params.nframes), dtype=np.int16)
    return params, samples


def _seconds(data: bytes) -> float:
    params, _ = _audio(data)
    return params.nframes / params.framerate


@pytest.fixture(scope="module")
def voice():
    return open_voice("espeak://")


def test_the_call_renders_to_a_valid_audible_wav(voice) -> None:
    data = voice.render(CALL)
    params, samples = _audio(data)
    assert data[:4] == b"RIFF" and data[8:12] == b"WAVE"
    assert (params.nchannels, params.sampwidth) == (1, 2) and params.framerate >= 16000
    # The header sizes are exact (espeak-ng's own streamed header says 0x7fffffff).
    assert len(data) == 44 + params.nframes * 2 == 44 + samples.size * 2
    assert int(np.abs(samples).max()) > 5000
    assert float(np.sqrt(np.mean(samples.astype(np.float64) ** 2))) > 500


def test_durations_are_plausible_and_add_up(voice) -> None:
    zh = _seconds(voice.render(Announcement(CALL.zh)))
    en = _seconds(voice.render(Announcement("", CALL.en)))
    both = _seconds(voice.render(CALL))
    assert 13 * 0.15 < zh < 13 * 0.6, "13 syllables"
    assert 1.5 < en < 6.0
    assert both == pytest.approx(zh + 0.4 + en, abs=0.01)


def test_espeak_reads_our_pinyin_as_mandarin_not_as_english() -> None:
    """espeak-ng marks a switch to English with '(en)' in its phoneme output."""

    def phonemes(text: str, voice: str) -> str:
        done = subprocess.run(
            ["espeak-ng", "-v", voice, "-q", "-x", "--stdin"],
            input=text.encode(),
            capture_output=True,
            check=True,
        )
        return done.stdout.decode()

    read = phonemes(espeak_pinyin(CALL.zh), "cmn-latn-pinyin")
    assert "(en)" not in read
    assert read.count("_|") == 13, read
    assert "(en)" in phonemes(CALL.zh, "cmn"), "the hanzi problem this voice works around"


def test_a_faster_rate_gives_shorter_audio() -> None:
    slow = open_voice("espeak://?rate=100").render(Announcement(CALL.zh))
    fast = open_voice("espeak://?rate=300").render(Announcement(CALL.zh))
    assert _seconds(fast) < 0.7 * _seconds(slow)


def test_phrases_are_cached_with_a_bound() -> None:
    voice = open_voice("espeak://?cache=2")
    first = voice.render(CALL)
    assert voice.render(CALL) is first
    voice.render(Announcement.call("B001", "1"))
    voice.render(Announcement.call("B002", "2"))
    assert voice.cached == 2
    again = voice.render(CALL)
    assert again is not first and again == first


@pytest.mark.parametrize("option", ["voice", "en_voice"])
def test_an_unknown_espeak_voice_fails_when_opened(option: str) -> None:
    with pytest.raises(VoiceUnavailable) as caught:
        open_voice(f"espeak://?{option}=nonexistent")
    assert "nonexistent" in str(caught.value) and caught.value.zh == "语音播报不可用"


@pytest.mark.parametrize("url", ["espeak://?rate=fast", "espeak://?rate=20", "tts://"])
def test_bad_voice_urls_are_refused(url: str) -> None:
    with pytest.raises(UnsupportedDeviceUrl):
        open_voice(url)
