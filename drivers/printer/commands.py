"""Build the ESC/POS byte sequences the ticket layout emits (a small, documented subset)."""

from __future__ import annotations

from typing import Literal

ESC = 0x1B
GS = 0x1D
FS = 0x1C
DLE = 0x10
EOT = 0x04
LF = 0x0A

Align = Literal["left", "center", "right"]
EccLevel = Literal["L", "M", "Q", "H"]

ALIGN_CODES: dict[Align, int] = {"left": 0, "center": 1, "right": 2}
ECC_CODES: dict[EccLevel, int] = {"L": 48, "M": 49, "Q": 50, "H": 51}
QR_MAX_DATA = 7089

INITIALIZE = bytes([ESC, ord("@")])
KANJI_ON = bytes([FS, ord("&")])
KANJI_OFF = bytes([FS, ord(".")])
NEWLINE = bytes([LF])


def align(mode: Align) -> bytes:
    """Return ESC a n."""
    return bytes([ESC, ord("a"), ALIGN_CODES[mode]])


def bold(on: bool) -> bytes:
    """Return ESC E n."""
    return bytes([ESC, ord("E"), 1 if on else 0])


def char_size(width: int, height: int) -> bytes:
    """Return GS ! n selecting a width and height multiplier of 1..8."""
    if not (1 <= width <= 8 and 1 <= height <= 8):
        raise ValueError(f"character size must be 1..8, got {width}x{height}")
    return bytes([GS, ord("!"), ((width - 1) << 4) | (height - 1)])


def feed_lines(n: int) -> bytes:
    """Return ESC d n (print and feed n lines)."""
    if not 0 <= n <= 255:
        raise ValueError(f"feed must be 0..255 lines, got {n}")
    return bytes([ESC, ord("d"), n])


def text(value: str) -> bytes:
    """Encode text: ASCII as is, anything else as GB18030 inside FS & ... FS .

    python-escpos' own encoder is not used on purpose: it maps full-width punctuation
    such as "，" and "：" to "?".
    """
    if value.isascii():
        return value.encode("ascii")
    return KANJI_ON + value.encode("gb18030") + KANJI_OFF


def _qr_function(fn: int, params: bytes) -> bytes:
    """Return GS ( k pL pH cn=49 fn params."""
    size = len(params) + 2
    return bytes([GS, ord("("), ord("k"), size & 0xFF, size >> 8, 49, fn]) + params


def qr_native(payload: bytes, module_dots: int, ecc: EccLevel) -> bytes:
    """Return the GS ( k sequence: model 2, module size, error correction, store, print."""
    if not 1 <= module_dots <= 16:
        raise ValueError(f"QR module size must be 1..16 dots, got {module_dots}")
    if not 0 < len(payload) <= QR_MAX_DATA:
        raise ValueError(f"QR payload must be 1..{QR_MAX_DATA} bytes, got {len(payload)}")
    return (
        _qr_function(65, bytes([50, 0]))
        + _qr_function(67, bytes([module_dots]))
        + _qr_function(69, bytes([ECC_CODES[ecc]]))
        + _qr_function(80, bytes([48]) + payload)
        + _qr_function(81, bytes([48]))
    )


def raster_image(width_bytes: int, height: int, data: bytes, mode: int = 0) -> bytes:
    """Return GS v 0 m xL xH yL yH d1..dk (1 bit per dot, MSB leftmost, 1 = black)."""
    if len(data) != width_bytes * height:
        raise ValueError(f"raster needs {width_bytes * height} bytes, got {len(data)}")
    header = bytes([GS, ord("v"), ord("0"), mode])
    sizes = bytes([width_bytes & 0xFF, width_bytes >> 8, height & 0xFF, height >> 8])
    return header + sizes + data


def cut(partial: bool = True, feed: int = 0) -> bytes:
    """Return GS V: function B (m=65/66, feed then cut) when feeding, else m=0/1."""
    if feed:
        return bytes([GS, ord("V"), 66 if partial else 65, feed])
    return bytes([GS, ord("V"), 1 if partial else 0])


def status_query(n: int) -> bytes:
    """Return DLE EOT n (real-time status transmission)."""
    if n not in (1, 2, 3, 4):
        raise ValueError(f"DLE EOT n must be 1..4, got {n}")
    return bytes([DLE, EOT, n])
