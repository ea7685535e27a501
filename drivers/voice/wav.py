"""PCM WAV audio as bytes: read (also espeak-ng's streamed header), join, write."""

from __future__ import annotations

import io
import wave
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Pcm:
    """Uncompressed audio: sample format and the raw interleaved frames."""

    channels: int
    sampwidth: int
    framerate: int
    frames: bytes

    @property
    def format(self) -> tuple[int, int, int]:
        return (self.channels, self.sampwidth, self.framerate)

    @property
    def nframes(self) -> int:
        return len(self.frames) // (self.channels * self.sampwidth)

    @property
    def seconds(self) -> float:
        return self.nframes / self.framerate


def read_wav(data: bytes) -> Pcm:
    """Parse a PCM WAV; raise wave.Error or EOFError if it is not one.

    espeak-ng writes 0x7fffffff as the data size when streaming to stdout, so the
    frames are read up to the end of the bytes instead of trusting the header.
    """
    with wave.open(io.BytesIO(data), "rb") as reader:
        channels, sampwidth, framerate = (
            reader.getnchannels(),
            reader.getsampwidth(),
            reader.getframerate(),
        )
        frames = reader.readframes(reader.getnframes())
    usable = len(frames) - len(frames) % (channels * sampwidth)
    return Pcm(channels, sampwidth, framerate, frames[:usable])


def silence(like: Pcm, milliseconds: int) -> Pcm:
    """Return silence in the format of `like`."""
    count = like.framerate * milliseconds // 1000
    fill = b"\x80" if like.sampwidth == 1 else b"\x00"  # 8-bit WAV is unsigned
    return Pcm(*like.format, fill * (count * like.channels * like.sampwidth))


def join(parts: Sequence[Pcm], gap_ms: int = 0) -> Pcm:
    """Concatenate audio of one format, with `gap_ms` of silence between parts."""
    if not parts:
        raise ValueError("nothing to join")
    first = parts[0]
    for part in parts:
        if part.format != first.format:
            raise ValueError(f"format {part.format} differs from {first.format}")
    gap = silence(first, gap_ms).frames if gap_ms > 0 else b""
    return Pcm(*first.format, gap.join(part.frames for part in parts))


def to_wav(pcm: Pcm) -> bytes:
    """Return `pcm` as a complete WAV file with correct sizes in its header."""
    out = io.BytesIO()
    with wave.open(out, "wb") as writer:
        writer.setnchannels(pcm.channels)
        writer.setsampwidth(pcm.sampwidth)
        writer.setframerate(pcm.framerate)
        writer.writeframes(pcm.frames)
    return out.getvalue()
