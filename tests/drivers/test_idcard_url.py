"""Opening readers by URL: sam+serial, plain pyserial URLs, sim://."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.errors import DeviceNotFound, DeviceTimeout, UnsupportedDeviceUrl
from drivers.idcard import IdCardReader, SimIdCardReader, open_idcard_reader
from drivers.idcard.cards import load_cards
from drivers.idcard.emulator import ReaderEmulator
from drivers.idcard.records import ForeignerCard2023


@pytest.fixture
def emulator() -> Iterator[ReaderEmulator]:
    with ReaderEmulator(load_cards()) as running:
        running.place(0)
        yield running


def test_sam_serial_url(emulator: ReaderEmulator) -> None:
    assert emulator.url.startswith("sam+serial:///") and emulator.url.endswith("?baud=115200")
    with open_idcard_reader(emulator.url) as reader:
        assert reader.read_once() is not None


def test_spy_url_logs_the_real_bytes(
    emulator: ReaderEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    # spy's ?file= option never closes its file, so let it write to stderr.
    with open_idcard_reader(f"spy://{emulator.path}") as reader:
        assert reader.read_once() is not None
    traffic = " ".join(capsys.readouterr().err.split())
    assert "TX 0000 AA AA AA 96 69 00 03 20 01 22" in traffic  # find card, as sent
    assert traffic.count(" TX ") == 3 and " RX " in traffic  # find, select, read and replies


def test_loop_url_hears_only_its_own_command() -> None:
    with open_idcard_reader("loop://", timeout=0.1) as reader:
        with pytest.raises(DeviceTimeout):
            reader.find_card()  # the echoed command is skipped as no reply


def test_missing_device() -> None:
    with pytest.raises(DeviceNotFound):
        open_idcard_reader("sam+serial:///dev/ttyNOSUCHREADER?baud=115200")


def test_not_connected_until_asked() -> None:
    reader = open_idcard_reader("sam+serial:///dev/ttyNOSUCHREADER", connect=False)
    assert isinstance(reader, IdCardReader) and not reader.is_open
    with pytest.raises(DeviceNotFound):
        reader.open()


@pytest.mark.parametrize(
    "url",
    [
        "/dev/ttyUSB0",
        "nosuchscheme://x",
        "sam+serial://",
        "sam+serial:///dev/ttyUSB0?baud=fast",
        "sam+serial:///dev/ttyUSB0?parity=E",
        "sim://?card=nobody",
        "sim://?colour=red",
    ],
)
def test_bad_urls(url: str) -> None:
    with pytest.raises(UnsupportedDeviceUrl):
        open_idcard_reader(url)


def test_sim_url_starts_and_stops_its_emulator() -> None:
    reader = open_idcard_reader("sim://?card=foreigner-2023-example")
    assert isinstance(reader, SimIdCardReader)
    path = reader.emulator.path
    assert os.path.islink(path)
    card = reader.read_once()
    assert card is not None and isinstance(card.record, ForeignerCard2023)
    reader.emulator.remove()
    assert reader.read_once() is None
    reader.close()
    assert not os.path.exists(path)


def test_sim_url_autoplay_cycles_the_cards() -> None:
    with open_idcard_reader("sim://?autoplay=0.3") as reader:
        assert isinstance(reader, SimIdCardReader)
        seen = set()
        for _ in range(20):
            card = reader.read_once()
            if card is not None:
                seen.add(card.record.number)
            if len(seen) == 2:
                break
            reader.emulator._stop.wait(0.3)
        assert len(seen) == 2


def test_importing_the_driver_pulls_in_no_hardware_library() -> None:
    code = "import sys, drivers.idcard; print('serial' in sys.modules, 'PIL' in sys.modules)"
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    assert result.stdout.split() == ["False", "False"]
