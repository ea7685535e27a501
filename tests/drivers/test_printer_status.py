"""DLE EOT status replies, bit by bit, and what print_ticket does with them."""

from __future__ import annotations

import logging

import pytest

from drivers.errors import DeviceError, DeviceOffline
from drivers.printer import CoverOpen, PaperOut, PrinterOffline, PrinterStatus
from drivers.printer.status import (
    UNKNOWN_STATUS,
    ensure_printable,
    parse_cover_open,
    parse_online,
    parse_paper,
    read_status,
)


@pytest.mark.parametrize(
    ("reply", "online"),
    [
        (0x12, True),  # fixed bits only
        (0x16, True),  # drawer pin 3 high: not about being online
        (0x1A, False),  # bit 3: offline
        (0x52, True),  # bit 6: waiting for online recovery, still reports online bit clear
        (0x5A, False),
        (0x00, None),  # fixed bits missing: noise, not a status
        (0xFF, None),
        (0x92, None),  # bit 7 must be 0
        (None, None),  # no reply
    ],
)
def test_dle_eot_1_online(reply: int | None, online: bool | None) -> None:
    assert parse_online(reply) is online


@pytest.mark.parametrize(
    ("reply", "cover_open"),
    [
        (0x12, False),
        (0x16, True),  # bit 2: cover open
        (0x32, False),  # bit 5: stopped at paper end, cover closed
        (0x36, True),
        (0x1A, False),  # bit 3: feed button, not the cover
        (0x13, None),
        (None, None),
    ],
)
def test_dle_eot_2_cover(reply: int | None, cover_open: bool | None) -> None:
    assert parse_cover_open(reply) is cover_open


@pytest.mark.parametrize(
    ("reply", "paper"),
    [
        (0x12, "ok"),
        (0x1E, "near_end"),  # bits 2-3
        (0x72, "out"),  # bits 5-6
        (0x7E, "out"),  # both sensors
        (0x16, "near_end"),  # one near-end bit alone reads as the worse state
        (0x32, "out"),
        (0x00, "unknown"),
        (0x10, "unknown"),
        (0xFF, "unknown"),
        (None, "unknown"),
    ],
)
def test_dle_eot_4_paper(reply: int | None, paper: str) -> None:
    assert parse_paper(reply) == paper


def test_no_reply_is_unknown_never_ok() -> None:
    asked: list[int] = []

    def silent(n: int) -> int | None:
        asked.append(n)
        return None

    assert read_status(silent) == UNKNOWN_STATUS
    assert asked == [1]  # one silent query is enough; do not wait out three timeouts


def test_read_status_asks_1_2_4() -> None:
    replies = {1: 0x1A, 2: 0x32, 4: 0x72}
    asked: list[int] = []

    def printer(n: int) -> int | None:
        asked.append(n)
        return replies[n]

    assert read_status(printer) == PrinterStatus(online=False, paper="out", cover_open=False)
    assert asked == [1, 2, 4]


def test_garbage_replies_are_unknown() -> None:
    status = read_status(lambda n: 0xFF)
    assert status == PrinterStatus(online=None, paper="unknown", cover_open=None)


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (PrinterStatus(False, "out", False), PaperOut),
        (PrinterStatus(False, "ok", True), CoverOpen),
        (PrinterStatus(False, "ok", False), PrinterOffline),
        (PrinterStatus(False, "out", True), PaperOut),
    ],
)
def test_ensure_printable_raises_typed_errors(status: PrinterStatus, error: type) -> None:
    with pytest.raises(error) as raised:
        ensure_printable(status)
    assert isinstance(raised.value, DeviceError)
    assert isinstance(raised.value, DeviceOffline)
    assert raised.value.zh and raised.value.en
    assert any("\u4e00" <= ch <= "\u9fff" for ch in raised.value.zh)


def test_paper_out_message() -> None:
    assert PaperOut().zh == "打印机缺纸，请联系工作人员"
    assert "out of paper" in PaperOut().en
    assert PaperOut().code == "printer_paper_out"


def test_near_end_and_unknown_print_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="drivers.printer.status"):
        ensure_printable(PrinterStatus(True, "near_end", False))
        ensure_printable(UNKNOWN_STATUS)
    messages = [record.getMessage() for record in caplog.records]
    assert any("near its end" in m for m in messages)
    assert any("unknown" in m for m in messages)
