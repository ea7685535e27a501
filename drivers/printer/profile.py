"""Describe what a ticket printer can do: paper width, dots and characters per line, native QR."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PaperWidth = Literal[58, 80]

# Font A is 12 x 24 dots on almost every ESC/POS printer; CJK glyphs are 24 x 24.
FONT_A_WIDTH = 12
FONT_HEIGHT = 24


@dataclass(frozen=True)
class PrinterProfile:
    """Printable geometry and abilities of one printer model or configuration."""

    paper_mm: PaperWidth
    dots_per_line: int
    chars_per_line: int
    native_qr: bool = True
    qr_module_dots: int = 6
    number_size: int = 5
    partial_cut: bool = True


def profile_for(
    paper_mm: int, *, native_qr: bool = True, partial_cut: bool = True
) -> PrinterProfile:
    """Return the usual profile for 58 mm (384 dots) or 80 mm (576 dots) paper."""
    if paper_mm == 58:
        return PrinterProfile(
            paper_mm=58,
            dots_per_line=384,
            chars_per_line=384 // FONT_A_WIDTH,
            native_qr=native_qr,
            qr_module_dots=5,
            number_size=4,
            partial_cut=partial_cut,
        )
    if paper_mm == 80:
        return PrinterProfile(
            paper_mm=80,
            dots_per_line=576,
            chars_per_line=576 // FONT_A_WIDTH,
            native_qr=native_qr,
            qr_module_dots=6,
            number_size=5,
            partial_cut=partial_cut,
        )
    raise ValueError(f"paper width must be 58 or 80 mm, got {paper_mm}")
