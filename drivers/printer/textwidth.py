"""Measure and wrap text the way a Chinese ESC/POS printer lays it out in columns."""

from __future__ import annotations

import re

# Any non-ASCII character is sent as a multi-byte GB18030 code and printed as a
# full-width (24-dot) glyph, so the printer's column count is simpler than Unicode's
# East Asian Width: ASCII takes one column, everything else two.
_TOKEN = re.compile(r"[\x21-\x7e]+|[ ]+|[^\x20-\x7e]")
# Punctuation that must not begin a line (禁则).
_NO_LINE_START = frozenset("，。、；：？！）】》」』”’%,.;:?!)]…")


def char_width(ch: str) -> int:
    """Return the printed width of one character in columns."""
    return 1 if ord(ch) < 0x80 else 2


def display_width(text: str) -> int:
    """Return the printed width of a string in columns."""
    return sum(char_width(ch) for ch in text)


def _pieces(text: str, columns: int) -> list[str]:
    """Split text into words, spaces and single wide characters, cutting over-long words."""
    pieces: list[str] = []
    for token in _TOKEN.findall(text):
        if token.isascii() and len(token) > columns:
            pieces.extend(token[i : i + columns] for i in range(0, len(token), columns))
        else:
            pieces.append(token)
    return pieces


def _can_carry(current: str, piece: str, columns: int) -> bool:
    """Tell whether `piece` may not open a line and the last character can move down with it."""
    head = current.rstrip()
    return piece in _NO_LINE_START and len(head) > 1 and display_width(head[-1] + piece) <= columns


def wrap(text: str, columns: int) -> list[str]:
    """Wrap text to lines of at most `columns` printed columns, never splitting a word."""
    if columns < 2:
        raise ValueError(f"cannot wrap to fewer than 2 columns, got {columns}")
    lines: list[str] = []
    current = ""
    for piece in _pieces(text, columns):
        if display_width(current + piece) <= columns:
            current += piece
        elif piece.isspace():
            lines.append(current.rstrip())
            current = ""
        elif _can_carry(current, piece, columns):
            # Carry the last character down so the punctuation does not open the line.
            head = current.rstrip()
            lines.append(head[:-1].rstrip())
            current = head[-1] + piece
        else:
            if current.strip():
                lines.append(current.rstrip())
            current = piece.lstrip()
    if current.strip() or not lines:
        lines.append(current.rstrip())
    return lines
