"""The ticket layout, read back through the ESC/POS decoder."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import qrcode
from qrcode import constants

from drivers.printer import TicketPrint, decode, plain_text, profile_for, render_ticket
from drivers.printer.textwidth import display_width, wrap
from drivers.printer.tokens import (
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
    Text,
    Unknown,
)

DATA = Path(__file__).parent / "data" / "printer" / "ticket.json"


def load_ticket(**changes: Any) -> TicketPrint:
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    raw["issued_at"] = datetime.fromisoformat(raw["issued_at"])
    raw.update(changes)
    return TicketPrint(**raw)


def printed_lines(commands: list[Command]) -> list[tuple[str, int]]:
    """Return each printed line with the width multiplier in force when it was printed."""
    lines: list[tuple[str, int]] = []
    text, width = "", 1
    for command in commands:
        if isinstance(command, SetSize):
            width = command.width
        elif isinstance(command, Text):
            text += command.text
        elif isinstance(command, LineFeed):
            lines.append((text, width))
            text = ""
    return lines


@pytest.mark.parametrize("paper", [58, 80])
def test_ticket_text_round_trips_with_full_width_punctuation(paper: int) -> None:
    ticket = load_ticket(paper_mm=paper)
    commands = decode(render_ticket(ticket))
    text = plain_text(commands)
    joined = "".join(text.split())  # wrapping drops the spaces and newlines it breaks at

    assert not [c for c in commands if isinstance(c, Unknown)]
    for expected in ("长沙市岳麓区政务服务中心", "社保医保综合业务办理", "您的号码", "A012"):
        assert expected in joined
    for expected in (
        "前方等候：3 人 / People ahead: 3",
        "预计等候：约 15 分钟",
        "取号时间 Issued：2024-05-06 09:30",
        "办理窗口 Windows：综合窗口 1-6 号 General windows 1-6",
        "请备齐以下材料（一次性告知）：",
        "户口簿：户主页和本人页，如为集体户口请提供集体户口首页复印件",
    ):
        assert "".join(expected.split()) in joined
    assert "?" not in text  # nothing degraded by a code page
    for ch in "，：（）":
        assert ch in text


def test_chinese_text_is_gb18030_inside_fs_ampersand() -> None:
    data = render_ticket(load_ticket())
    commands = decode(data)
    for i, command in enumerate(commands):
        if isinstance(command, Text) and not command.text.isascii():
            assert command.encoding == "gb18030"
            assert commands[i - 1] == KanjiMode(on=True)
            assert commands[i + 1] == KanjiMode(on=False)
    assert b"\x1c&" + "前方等候：3 人".encode("gb18030") in data
    assert "：".encode("gb18030") == b"\xa3\xba"


@pytest.mark.parametrize(("paper", "size"), [(58, 4), (80, 5)])
def test_number_is_printed_large_and_centred(paper: int, size: int) -> None:
    commands = decode(render_ticket(load_ticket(paper_mm=paper)))
    lines = printed_lines(commands)
    assert ("A012", size) in lines
    at = commands.index(Text("A012", "ascii"))
    before = [c for c in commands[:at] if isinstance(c, SetSize)][-1]
    assert before == SetSize(size, size)
    assert [c for c in commands[:at] if isinstance(c, SetAlign)][-1] == SetAlign("center")


def test_native_qr_carries_the_status_url() -> None:
    ticket = load_ticket()
    commands = decode(render_ticket(ticket))
    qr = [c for c in commands if type(c).__name__.startswith("Qr")]
    assert qr == [
        QrModel(2),
        QrModuleSize(6),
        QrErrorCorrection("M"),
        QrStore(ticket.status_url.encode()),
        QrPrint(),
    ]
    assert not [c for c in commands if isinstance(c, RasterImage)]


def test_job_starts_with_init_and_ends_with_feed_and_cut() -> None:
    commands = decode(render_ticket(load_ticket()))
    assert commands[0] == Initialize()
    assert commands[-2:] == [FeedLines(4), Cut(partial=True)]
    full = decode(render_ticket(load_ticket(), profile_for(80, partial_cut=False)))
    assert full[-1] == Cut(partial=False)


@pytest.mark.parametrize(("paper", "columns"), [(58, 32), (80, 48)])
def test_every_line_fits_the_paper(paper: int, columns: int) -> None:
    commands = decode(render_ticket(load_ticket(paper_mm=paper)))
    lines = printed_lines(commands)
    assert lines
    for text, width in lines:
        assert display_width(text) * width <= columns, text
    assert max(display_width(text) * width for text, width in lines) == columns  # the rule


def test_narrow_paper_wraps_more_and_keeps_every_character() -> None:
    item = "户口簿：户主页和本人页，如为集体户口请提供集体户口首页复印件"
    wide = [t for t, _ in printed_lines(decode(render_ticket(load_ticket())))]
    narrow = [t for t, _ in printed_lines(decode(render_ticket(load_ticket(paper_mm=58))))]
    assert len(narrow) > len(wide)
    start = next(i for i, line in enumerate(narrow) if line.startswith("3. "))
    pieces = [narrow[start][3:]] + [line[3:] for line in narrow[start + 1 : start + 3]]
    assert all(line.startswith("   ") for line in narrow[start + 1 : start + 3])
    assert "".join(pieces).startswith(item)
    assert not any(line.lstrip().startswith(("，", "：", "）")) for line in narrow)


def test_raster_fallback_is_the_qr_module_matrix() -> None:
    ticket = load_ticket()
    profile = profile_for(80, native_qr=False)
    commands = decode(render_ticket(ticket, profile))
    assert not [c for c in commands if type(c).__name__.startswith("Qr")]
    (image,) = [c for c in commands if isinstance(c, RasterImage)]
    assert image.width <= profile.dots_per_line

    code = qrcode.QRCode(error_correction=constants.ERROR_CORRECT_M, border=4)
    code.add_data(ticket.status_url.encode())
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix)

    pixels = image.pixels()
    module = image.height // size
    assert module * size == image.height and module >= 2
    left = next(x for x in range(image.width) if any(row[x] for row in pixels)) - 4 * module
    read_back = [
        [
            pixels[r * module + dy][left + c * module + dx]
            for dy in range(module)
            for dx in range(module)
        ]
        for r in range(size)
        for c in range(size)
    ]
    assert all(len(set(block)) == 1 for block in read_back)  # each module is one solid square
    assert [[read_back[r * size + c][0] for c in range(size)] for r in range(size)] == matrix
    assert not any(any(row[:left]) or any(row[left + size * module :]) for row in pixels)


def test_raster_fallback_fits_58mm() -> None:
    commands = decode(render_ticket(load_ticket(paper_mm=58), profile_for(58, native_qr=False)))
    (image,) = [c for c in commands if isinstance(c, RasterImage)]
    assert image.width <= 384


def test_control_characters_in_data_cannot_inject_commands() -> None:
    ticket = load_ticket(hall_name="大厅\x1b@\x1dV\x00\n", materials=["材料\x1c."])
    commands = decode(render_ticket(ticket))
    assert commands.count(Initialize()) == 1
    assert sum(isinstance(c, Cut) for c in commands) == 1
    assert not [c for c in commands if isinstance(c, Unknown)]


@pytest.mark.parametrize(
    "change",
    [
        {"number": " "},
        {"people_ahead": -1},
        {"wait_minutes": -5},
        {"paper_mm": 76},
        {"status_url": ""},
    ],
)
def test_ticket_rejects_bad_values(change: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        load_ticket(**change)


def test_materials_are_optional_and_kept_as_tuple() -> None:
    ticket = load_ticket(materials=[])
    assert ticket.materials == ()
    assert "一次性告知" not in plain_text(decode(render_ticket(ticket)))
    assert replace(ticket, materials=["社保卡"]).materials == ("社保卡",)


def test_wrap_rules() -> None:
    assert wrap("请携带身份证，户口簿", 10) == ["请携带身份", "证，户口簿"]
    assert wrap("请携带身份，证", 10) == ["请携带身", "份，证"]  # "，" never opens a line
    assert wrap("Please bring your ID card", 12) == ["Please bring", "your ID card"]
    assert wrap("https://example.org/abcdefghij", 10) == ["https://ex", "ample.org/", "abcdefghij"]
    assert wrap("", 10) == [""]
    assert all(display_width(line) <= 9 for line in wrap("办理窗口：综合窗口 1-6 号", 9))
    with pytest.raises(ValueError):
        wrap("x", 1)


def test_layout_needs_no_device_library() -> None:
    code = (
        "import sys, json, datetime\n"
        "from drivers.printer import TicketPrint, render_ticket, decode, open_printer\n"
        f"raw = json.loads(open({str(DATA)!r}, encoding='utf-8').read())\n"
        "raw['issued_at'] = datetime.datetime.fromisoformat(raw['issued_at'])\n"
        "assert decode(render_ticket(TicketPrint(**raw)))\n"
        "libs = ('escpos', 'qrcode', 'PIL', 'usb', 'serial')\n"
        "print(sorted(m for m in libs if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_unknown_wait_and_a_note_are_printed_in_words() -> None:
    ticket = load_ticket(wait_minutes=None, note="绿色通道 Priority")
    lines = [text for text, _ in printed_lines(decode(render_ticket(ticket)))]
    number_at = next(i for i, text in enumerate(lines) if text.strip() == ticket.number)

    assert lines[number_at + 1].strip() == "绿色通道 Priority"
    assert any("预计等候：暂无法估计 / Wait: not yet known" in text for text in lines)
    assert not any("约 0 分钟" in text for text in lines)
