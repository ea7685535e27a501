"""Typed ESC/POS commands, as produced by the decoder and consumed by the sim renderer."""

from __future__ import annotations

from dataclasses import dataclass

from drivers.printer.commands import Align, EccLevel


@dataclass(frozen=True)
class Initialize:
    """ESC @."""


@dataclass(frozen=True)
class KanjiMode:
    """FS & (on) or FS . (off): multi-byte Chinese characters."""

    on: bool


@dataclass(frozen=True)
class Text:
    """Printable bytes, decoded with the encoding in force (gb18030 inside FS &)."""

    text: str
    encoding: str


@dataclass(frozen=True)
class LineFeed:
    """LF: print the line buffer and feed one line."""


@dataclass(frozen=True)
class FeedLines:
    """ESC d n: print and feed n lines."""

    lines: int


@dataclass(frozen=True)
class SetSize:
    """GS ! n: character width and height multipliers (1..8)."""

    width: int
    height: int


@dataclass(frozen=True)
class SetAlign:
    """ESC a n."""

    align: Align


@dataclass(frozen=True)
class Bold:
    """ESC E n."""

    on: bool


@dataclass(frozen=True)
class QrModel:
    """GS ( k fn 65: QR model (1, 2, or 3 for micro QR)."""

    model: int


@dataclass(frozen=True)
class QrModuleSize:
    """GS ( k fn 67: dots per QR module."""

    dots: int


@dataclass(frozen=True)
class QrErrorCorrection:
    """GS ( k fn 69: error correction level."""

    level: EccLevel


@dataclass(frozen=True)
class QrStore:
    """GS ( k fn 80: QR data stored in the symbol buffer."""

    data: bytes


@dataclass(frozen=True)
class QrPrint:
    """GS ( k fn 81: print the stored QR symbol."""


@dataclass(frozen=True)
class RasterImage:
    """GS v 0: a 1-bit raster image, rows of `width_bytes` bytes, MSB leftmost, 1 = black."""

    width_bytes: int
    height: int
    mode: int
    data: bytes

    @property
    def width(self) -> int:
        return self.width_bytes * 8

    def pixels(self) -> list[list[bool]]:
        """Return the bitmap as rows of dots (True = black)."""
        rows: list[list[bool]] = []
        for y in range(self.height):
            row = self.data[y * self.width_bytes : (y + 1) * self.width_bytes]
            rows.append([bool(byte >> (7 - bit) & 1) for byte in row for bit in range(8)])
        return rows


@dataclass(frozen=True)
class Cut:
    """GS V: full or partial cut, after feeding `feed` motion units (function B)."""

    partial: bool
    feed: int = 0


@dataclass(frozen=True)
class StatusQuery:
    """DLE EOT n: real-time status request."""

    n: int


@dataclass(frozen=True)
class Unknown:
    """Bytes the decoder does not understand, kept so nothing is silently dropped."""

    data: bytes
    reason: str


Command = (
    Initialize
    | KanjiMode
    | Text
    | LineFeed
    | FeedLines
    | SetSize
    | SetAlign
    | Bold
    | QrModel
    | QrModuleSize
    | QrErrorCorrection
    | QrStore
    | QrPrint
    | RasterImage
    | Cut
    | StatusQuery
    | Unknown
)
