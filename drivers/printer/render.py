"""Draw decoded ESC/POS commands as a thermal-paper picture, dot for dot, with Pillow."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from drivers.printer.commands import Align, EccLevel
from drivers.printer.fonts import CjkFont
from drivers.printer.profile import FONT_A_WIDTH, FONT_HEIGHT
from drivers.printer.qr import scale_matrix
from drivers.printer.tokens import (
    Bold,
    Command,
    Cut,
    FeedLines,
    Initialize,
    LineFeed,
    QrErrorCorrection,
    QrModuleSize,
    QrPrint,
    QrStore,
    RasterImage,
    SetAlign,
    SetSize,
    Text,
    Unknown,
)

LINE_SPACING = 30  # ESC 2 default: 1/6 inch
WHITE, BLACK = 255, 0
MARGIN = 16


@lru_cache(maxsize=64)
def _face(font: CjkFont, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(font.path, size, index=font.index)


@lru_cache(maxsize=4096)
def glyph(font: CjkFont, ch: str, size: tuple[int, int], bold: bool) -> Image.Image:
    """Return one character cell: 12 or 24 dots wide times the width multiplier, 24 tall."""
    wide, high = size
    cell_w = (FONT_A_WIDTH if ord(ch) < 0x80 else 2 * FONT_A_WIDTH) * wide
    cell_h = FONT_HEIGHT * high
    face = _face(font, cell_h)
    stroke = max(1, cell_h // 24) if bold else 0
    natural = max(1, math.ceil(face.getlength(ch))) + 2 * stroke
    drawn = Image.new("L", (natural, cell_h), WHITE)
    # CJK fonts put the ideographic em box from -0.12 to 0.88 em around the baseline.
    baseline = round(cell_h * 0.88)
    ImageDraw.Draw(drawn).text(
        (stroke, baseline),
        ch,
        font=face,
        fill=BLACK,
        anchor="ls",
        stroke_width=stroke,
        stroke_fill=BLACK,
    )
    target = min(cell_w, max(1, round(natural * wide / high)))
    if target != natural:
        drawn = drawn.resize((target, cell_h))
    cell = Image.new("L", (cell_w, cell_h), WHITE)
    cell.paste(drawn, ((cell_w - target) // 2, 0))
    return cell


def _bitmap(rows: list[list[bool]]) -> Image.Image:
    image = Image.new("L", (len(rows[0]) if rows else 1, max(1, len(rows))), WHITE)
    image.putdata([BLACK if dot else WHITE for row in rows for dot in row])
    return image


@dataclass
class _Qr:
    module_dots: int = 3
    ecc: EccLevel = "L"
    data: bytes = b""


class _Paper:
    """Printer state plus the strips of paper printed so far."""

    def __init__(self, dots: int, font: CjkFont) -> None:
        self.dots, self.font = dots, font
        self.strips: list[Image.Image] = []
        self.line: list[Image.Image] = []
        self.reset()

    def reset(self) -> None:
        self.align: Align = "left"
        self.size = (1, 1)
        self.bold = False
        self.qr = _Qr()

    def place(self, image: Image.Image, height: int | None = None) -> None:
        strip = Image.new("L", (self.dots, height or image.height), WHITE)
        offset = {"left": 0, "center": (self.dots - image.width) // 2}.get(
            self.align, self.dots - image.width
        )
        strip.paste(image, (max(0, offset), 0))
        self.strips.append(strip)

    def put(self, text: str) -> None:
        for ch in text:
            cell = glyph(self.font, ch, self.size, self.bold)
            if sum(c.width for c in self.line) + cell.width > self.dots:
                self.flush()
            self.line.append(cell)

    def flush(self, blank: bool = False) -> None:
        """Print the line buffer; an empty buffer feeds one blank line only when asked."""
        if not self.line:
            if blank:
                self.strips.append(Image.new("L", (self.dots, LINE_SPACING), WHITE))
            return
        height = max(LINE_SPACING, max(c.height for c in self.line) + 6)
        row = Image.new("L", (sum(c.width for c in self.line), height), WHITE)
        x = 0
        for cell in self.line:
            row.paste(cell, (x, height - 3 - cell.height))
            x += cell.width
        self.line = []
        self.place(row)

    def feed(self, lines: int) -> None:
        """Print the line buffer and feed `lines` lines in all (ESC d n)."""
        printed = bool(self.line)
        self.flush()
        for _ in range(lines - printed):
            self.flush(blank=True)

    def qr_print(self) -> None:
        from drivers.printer.qr import qr_matrix

        self.flush()
        if not self.qr.data:
            return
        matrix = qr_matrix(self.qr.data, self.qr.ecc, border=0)
        self.place(_bitmap(scale_matrix(matrix, self.qr.module_dots, 0)))

    def raster(self, image: RasterImage) -> None:
        self.flush()
        picture = _bitmap(image.pixels())
        wide, high = 1 + (image.mode & 1), 1 + (image.mode >> 1 & 1)
        if (wide, high) != (1, 1):
            picture = picture.resize((picture.width * wide, picture.height * high))
        self.place(picture.crop((0, 0, min(picture.width, self.dots), picture.height)))

    def cut(self, partial: bool) -> None:
        self.flush()
        strip = Image.new("L", (self.dots, 12), WHITE)
        step = 12 if partial else 6
        draw = ImageDraw.Draw(strip)
        for x in range(0, self.dots, step):
            draw.line((x, 6, x + step // 2, 6), fill=BLACK, width=2)
        self.strips.append(strip)


def _handlers(paper: _Paper) -> dict[type, Callable[[Any], None]]:
    return {
        Text: lambda c: paper.put(c.text),
        LineFeed: lambda c: paper.flush(blank=True),
        FeedLines: lambda c: paper.feed(c.lines),
        SetSize: lambda c: setattr(paper, "size", (c.width, c.height)),
        SetAlign: lambda c: setattr(paper, "align", c.align),
        Bold: lambda c: setattr(paper, "bold", c.on),
        Initialize: lambda c: paper.reset(),
        QrModuleSize: lambda c: setattr(paper.qr, "module_dots", c.dots),
        QrErrorCorrection: lambda c: setattr(paper.qr, "ecc", c.level),
        QrStore: lambda c: setattr(paper.qr, "data", c.data),
        QrPrint: lambda c: paper.qr_print(),
        RasterImage: paper.raster,
        Cut: lambda c: paper.cut(c.partial),
        Unknown: lambda c: paper.put(f"<?{c.data.hex(' ')}>"),
    }


def render_commands(commands: Sequence[Command], dots: int, font: CjkFont) -> Image.Image:
    """Return a picture of the paper the commands would print, `dots` wide plus margins."""
    paper = _Paper(dots, font)
    handlers = _handlers(paper)
    for command in commands:
        handler = handlers.get(type(command))
        if handler is not None:  # model, Kanji mode and status queries print nothing
            handler(command)
    paper.flush()
    height = sum(strip.height for strip in paper.strips) + 2 * MARGIN
    sheet = Image.new("L", (dots + 2 * MARGIN, height), WHITE)
    y = MARGIN
    for strip in paper.strips:
        sheet.paste(strip, (MARGIN, y))
        y += strip.height
    return sheet
