"""Decode an ESC/POS byte stream (the subset the layout emits) into typed commands."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from drivers.printer.commands import DLE, EOT, ESC, FS, GS, LF, Align, EccLevel
from drivers.printer.tokens import (
    Bold,
    Command,
    Cut,
    FeedLines,
    Initialize,
    KanjiMode,
    LineFeed,
    QrErrorCorrection,
    QrModel,
    QrModuleSize,
    QrPrint,
    QrStore,
    RasterImage,
    SetAlign,
    SetSize,
    StatusQuery,
    Text,
    Unknown,
)

Step = tuple[Command, int]
_ALIGNS: dict[int, Align] = {
    0: "left",
    1: "center",
    2: "right",
    48: "left",
    49: "center",
    50: "right",
}
_ECC: dict[int, EccLevel] = {48: "L", 49: "M", 50: "Q", 51: "H"}
_CUTS = {0: False, 48: False, 1: True, 49: True}
_CUTS_WITH_FEED = {65: False, 66: True}


def _truncated(data: bytes, pos: int, what: str) -> Step:
    return Unknown(data[pos:], f"truncated {what}"), len(data)


def _is_printable(byte: int) -> bool:
    # GB18030 lead and trail bytes are all >= 0x30, so a control byte never splits a character.
    return byte >= 0x20 and byte != 0x7F


def _text(raw: bytes, kanji: bool) -> Command:
    if kanji:
        try:
            return Text(raw.decode("gb18030"), "gb18030")
        except UnicodeDecodeError:
            return Unknown(raw, "invalid GB18030 text")
    if raw.isascii():
        return Text(raw.decode("ascii"), "ascii")
    return Text(raw.decode("cp437"), "cp437")  # code table 0 (PC437) after ESC @


def _esc(data: bytes, pos: int) -> Step:
    if pos + 1 >= len(data):
        return _truncated(data, pos, "ESC command")
    op = data[pos + 1]
    if op == ord("@"):
        return Initialize(), pos + 2
    if op not in b"aEd":
        return Unknown(data[pos : pos + 2], f"unsupported ESC {chr(op)!r}"), pos + 2
    if pos + 2 >= len(data):
        return _truncated(data, pos, f"ESC {chr(op)}")
    n, end = data[pos + 2], pos + 3
    if op == ord("E"):
        return Bold(bool(n & 1)), end
    if op == ord("d"):
        return FeedLines(n), end
    if n in _ALIGNS:
        return SetAlign(_ALIGNS[n]), end
    return Unknown(data[pos:end], f"bad ESC a value {n}"), end


def _gs_size(data: bytes, pos: int) -> Step:
    if pos + 2 >= len(data):
        return _truncated(data, pos, "GS !")
    n = data[pos + 2]
    width, height = (n >> 4) + 1, (n & 0x0F) + 1
    if width > 8 or height > 8:
        return Unknown(data[pos : pos + 3], f"bad GS ! value {n}"), pos + 3
    return SetSize(width, height), pos + 3


def _gs_cut(data: bytes, pos: int) -> Step:
    if pos + 2 >= len(data):
        return _truncated(data, pos, "GS V")
    m = data[pos + 2]
    if m in _CUTS:
        return Cut(partial=_CUTS[m]), pos + 3
    if m not in _CUTS_WITH_FEED:
        return Unknown(data[pos : pos + 3], f"bad GS V mode {m}"), pos + 3
    if pos + 3 >= len(data):
        return _truncated(data, pos, "GS V")
    return Cut(partial=_CUTS_WITH_FEED[m], feed=data[pos + 3]), pos + 4


def _qr_function(fn: int, params: bytes) -> Command | None:
    if fn == 65 and len(params) == 2 and params[0] in (49, 50, 51):
        return QrModel(params[0] - 48)
    if fn == 67 and len(params) == 1 and 1 <= params[0] <= 16:
        return QrModuleSize(params[0])
    if fn == 69 and len(params) == 1 and params[0] in _ECC:
        return QrErrorCorrection(_ECC[params[0]])
    if fn == 80 and params[:1] == b"0":
        return QrStore(params[1:])
    if fn == 81 and params == b"0":
        return QrPrint()
    return None


def _gs_paren(data: bytes, pos: int) -> Step:
    """Decode GS ( x pL pH ...: every such command carries its own length, so skip it whole."""
    if pos + 4 >= len(data):
        return _truncated(data, pos, "GS ( command")
    op, size = chr(data[pos + 2]), data[pos + 3] | data[pos + 4] << 8
    end = pos + 5 + size
    if end > len(data):
        return _truncated(data, pos, f"GS ( {op}")
    body = data[pos + 5 : end]
    command = None
    if op == "k" and len(body) >= 2 and body[0] == 49:
        command = _qr_function(body[1], body[2:])
    if command is None:
        return Unknown(data[pos:end], f"unsupported GS ( {op} {body[:2].hex(' ')}"), end
    return command, end


def _gs_raster(data: bytes, pos: int) -> Step:
    if pos + 7 >= len(data):
        return _truncated(data, pos, "GS v 0")
    mode = data[pos + 3]
    width_bytes = data[pos + 4] | data[pos + 5] << 8
    height = data[pos + 6] | data[pos + 7] << 8
    end = pos + 8 + width_bytes * height
    if end > len(data):
        return _truncated(data, pos, "GS v 0")
    return RasterImage(width_bytes, height, mode, data[pos + 8 : end]), end


def _gs(data: bytes, pos: int) -> Step:
    head = data[pos + 1 : pos + 3]
    if head[:1] == b"!":
        return _gs_size(data, pos)
    if head[:1] == b"V":
        return _gs_cut(data, pos)
    if head[:1] == b"(":
        return _gs_paren(data, pos)
    if head == b"v0":
        return _gs_raster(data, pos)
    if len(head) < 1:
        return _truncated(data, pos, "GS command")
    return Unknown(data[pos : pos + 2], f"unsupported GS {chr(head[0])!r}"), pos + 2


def _fs(data: bytes, pos: int) -> Step:
    op = data[pos + 1 : pos + 2]
    if op in (b"&", b"."):
        return KanjiMode(op == b"&"), pos + 2
    if not op:
        return _truncated(data, pos, "FS command")
    return Unknown(data[pos : pos + 2], f"unsupported FS {op!r}"), pos + 2


def _dle(data: bytes, pos: int) -> Step:
    if pos + 2 >= len(data):
        return _truncated(data, pos, "DLE command")
    if data[pos + 1] == EOT and data[pos + 2] in (1, 2, 3, 4):
        return StatusQuery(data[pos + 2]), pos + 3
    return Unknown(data[pos : pos + 2], "unsupported DLE command"), pos + 2


_CONTROLS: dict[int, Callable[[bytes, int], Step]] = {ESC: _esc, GS: _gs, FS: _fs, DLE: _dle}


def _control(data: bytes, pos: int) -> Step:
    byte = data[pos]
    if byte == LF:
        return LineFeed(), pos + 1
    handler = _CONTROLS.get(byte)
    if handler is None:
        return Unknown(bytes([byte]), f"unsupported control byte 0x{byte:02x}"), pos + 1
    return handler(data, pos)


def decode(data: bytes) -> list[Command]:
    """Turn ESC/POS bytes into typed commands; anything not understood becomes Unknown."""
    commands: list[Command] = []
    pos, kanji = 0, False
    while pos < len(data):
        if _is_printable(data[pos]):
            end = pos
            while end < len(data) and _is_printable(data[end]):
                end += 1
            commands.append(_text(data[pos:end], kanji))
            pos = end
            continue
        command, pos = _control(data, pos)
        if isinstance(command, KanjiMode):
            kanji = command.on
        elif isinstance(command, Initialize):
            kanji = False
        commands.append(command)
    return commands


def plain_text(commands: Sequence[Command]) -> str:
    """Return the printed text, one line per LF, as a person would read the ticket."""
    parts: list[str] = []
    for command in commands:
        if isinstance(command, Text):
            parts.append(command.text)
        elif isinstance(command, LineFeed):
            parts.append("\n")
    return "".join(parts)
