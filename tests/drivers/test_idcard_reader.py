"""The reader driver against the pty emulator, through pyserial: real bytes at 115200 baud."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import serial

from drivers.errors import DeviceNotFound, DeviceOffline, DeviceTimeout
from drivers.idcard import IdCardReader, open_idcard_reader
from drivers.idcard.cards import DEMO_CARDS, load_cards
from drivers.idcard.commands import Command, Reply
from drivers.idcard.emulator import ReaderEmulator
from drivers.idcard.errors import (
    CardReadFailed,
    FrameChecksumError,
    ReaderBadCommand,
    ReaderChecksumRejected,
    SamSelfTestFailed,
    SelectFailed,
    TruncatedFrame,
)
from drivers.idcard.frame import FrameParser, build_frame
from drivers.idcard.records import (
    CardType,
    ForeignerCard2017,
    ForeignerCard2023,
    ResidencePermit,
    ResidentCard,
)
from drivers.idcard.simsam import Fault

DEMO = json.loads(DEMO_CARDS.read_text(encoding="utf-8"))["cards"]
WIRE_TIME_OF_READ_REPLY = 1295 * 10 / 115200


@pytest.fixture
def emulator() -> Iterator[ReaderEmulator]:
    with ReaderEmulator(load_cards(), slow_delay=0.6) as running:
        yield running


@pytest.fixture
def reader(emulator: ReaderEmulator) -> Iterator[IdCardReader]:
    with open_idcard_reader(emulator.url, timeout=0.3, read_timeout=0.6) as opened:
        yield opened


@pytest.mark.parametrize("index", range(len(DEMO)), ids=[card["label"] for card in DEMO])
def test_every_demo_card_reads_back_as_its_json(
    emulator: ReaderEmulator, reader: IdCardReader, index: int
) -> None:
    emulator.place(index)
    card = reader.read_once()
    assert card is not None
    fields = DEMO[index]["fields"]
    record = card.record
    expected_type = CardType[DEMO[index]["type"].upper()]
    assert record.card_type is expected_type
    assert record.number == fields.get("id_number", fields.get("number"))
    assert record.sex.value == fields["sex"]
    assert record.birth.strftime("%Y%m%d") == fields["birth"]
    if isinstance(record, ResidentCard | ResidencePermit):
        assert (record.name, record.address, record.authority) == (
            fields["name"],
            fields["address"],
            fields["authority"],
        )
    if isinstance(record, ForeignerCard2017 | ForeignerCard2023):
        assert (record.chinese_name, record.english_name, record.nationality) == (
            fields["chinese_name"],
            fields["english_name"],
            fields["nationality"],
        )
    assert card.photo_wlt == emulator.cards[index].wlt and len(card.photo_wlt) == 1024


def test_resident_card_values(emulator: ReaderEmulator, reader: IdCardReader) -> None:
    emulator.place(1)
    card = reader.read_once()
    assert card is not None and isinstance(card.record, ResidentCard)
    assert card.record.nation.name == "回"
    assert card.record.validity.long_term


def test_sam_commands(reader: IdCardReader) -> None:
    reader.reset()
    reader.sam_status()
    assert reader.sam_id().text == "05.01-20230915-0000012345-0000067890"


def test_no_card(reader: IdCardReader) -> None:
    assert reader.find_card() is False
    assert reader.read_once() is None


def test_select_needs_a_found_card(emulator: ReaderEmulator, reader: IdCardReader) -> None:
    emulator.place(0)
    with pytest.raises(SelectFailed) as caught:
        reader.select_card()
    assert caught.value.zh == "选卡失败，请重新放置身份证"


def test_one_read_takes_at_least_its_wire_time(
    emulator: ReaderEmulator, reader: IdCardReader
) -> None:
    emulator.place(0)
    started = time.perf_counter()
    assert reader.read_once() is not None
    elapsed = time.perf_counter() - started
    # The emulator paces replies like a 115200-baud line; bench/cardread.py measures the
    # 300 ms target, this only bounds it loosely so a busy test machine does not fail it.
    assert WIRE_TIME_OF_READ_REPLY <= elapsed < 1.0


def test_fingerprint_and_new_address(emulator: ReaderEmulator, reader: IdCardReader) -> None:
    emulator.place(0)
    card = reader.read_once(fingerprint=True)
    assert card is not None and card.fingerprint == emulator.cards[0].fingerprint
    assert card.fingerprint is not None and len(card.fingerprint) == 1024
    assert reader.read_new_address() == DEMO[0]["new_address"]
    emulator.place(1)
    card = reader.read_once(fingerprint=True)
    assert card is not None and card.fingerprint == b""
    assert reader.read_new_address() is None


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        (Fault.READ_FAILURE, CardReadFailed),
        (Fault.SELECT_FAILURE, SelectFailed),
    ],
)
def test_card_faults_raise_typed_errors_once(
    emulator: ReaderEmulator, reader: IdCardReader, fault: Fault, error: type[Exception]
) -> None:
    emulator.place(0)
    emulator.inject(fault)
    with pytest.raises(error):
        reader.read_once()
    assert reader.read_once() is not None


def test_no_card_fault(emulator: ReaderEmulator, reader: IdCardReader) -> None:
    emulator.place(0)
    emulator.inject(Fault.NO_CARD)
    assert reader.read_once() is None
    assert reader.read_once() is not None


def test_sam_self_test_failure(emulator: ReaderEmulator, reader: IdCardReader) -> None:
    emulator.inject(Fault.SAM_FAILURE)
    with pytest.raises(SamSelfTestFailed) as caught:
        reader.sam_status()
    assert caught.value.code == "idcard_sam_self_test"
    reader.sam_status()


def test_bad_checksum_is_resent(emulator: ReaderEmulator, reader: IdCardReader) -> None:
    emulator.place(0)
    emulator.inject(Fault.BAD_CHECKSUM, on=[Command.READ_TEXT_PHOTO])
    assert reader.read_once() is not None
    assert emulator.received[-4:] == [
        Command.FIND_CARD,
        Command.SELECT_CARD,
        Command.READ_TEXT_PHOTO,
        Command.READ_TEXT_PHOTO,  # sent again after the damaged reply
    ]


def test_command_damaged_on_the_way_is_resent(
    emulator: ReaderEmulator, reader: IdCardReader
) -> None:
    emulator.place(0)
    emulator.inject(Fault.DAMAGED_COMMAND, on=[Command.SELECT_CARD])
    assert reader.read_once() is not None
    assert emulator.received.count(Command.SELECT_CARD) == 2
    emulator.inject(Fault.DAMAGED_COMMAND, times=2, on=[Command.SELECT_CARD])
    assert reader.find_card()
    with pytest.raises(ReaderChecksumRejected):
        reader.select_card()


def test_bad_checksum_past_the_retries_raises_then_recovers(
    emulator: ReaderEmulator, reader: IdCardReader
) -> None:
    emulator.place(0)
    emulator.inject(Fault.BAD_CHECKSUM, times=2)
    with pytest.raises(FrameChecksumError):
        reader.find_card()
    assert reader.read_once() is not None


def test_half_frame_is_resent(emulator: ReaderEmulator, reader: IdCardReader) -> None:
    emulator.place(0)
    emulator.inject(Fault.HALF_FRAME, on=[Command.READ_TEXT_PHOTO])
    assert reader.read_once() is not None


def test_half_frame_without_retries_raises_then_recovers(
    emulator: ReaderEmulator, reader: IdCardReader
) -> None:
    reader.retries = 0
    emulator.place(0)
    emulator.inject(Fault.HALF_FRAME, on=[Command.READ_TEXT_PHOTO])
    with pytest.raises(TruncatedFrame):
        reader.read_once()
    assert reader.read_once() is not None


def test_line_noise_before_a_reply(emulator: ReaderEmulator, reader: IdCardReader) -> None:
    emulator.place(2)
    emulator.inject(Fault.GARBAGE, times=3)
    card = reader.read_once()
    assert card is not None and card.record.number.endswith("X")


def test_slow_reply_times_out_and_the_late_reply_is_not_taken(
    emulator: ReaderEmulator, reader: IdCardReader, caplog: pytest.LogCaptureFixture
) -> None:
    emulator.place(0)
    emulator.inject(Fault.SLOW_REPLY, on=[Command.FIND_CARD])
    with pytest.raises(DeviceTimeout):
        reader.find_card()
    # The late "card found" (9F) reply must not pass for the next command's: the reader waits
    # for a SAM ID reply first, skipping everything before it.
    reader.timeout = 1.0  # the emulator answers only after its 0.6 s late reply
    reader.select_card()
    assert "SAM_ID: skipped a late reply (SW3 9F)" in caplog.text
    assert emulator.received[-2:] == [Command.SAM_ID, Command.SELECT_CARD]
    card = reader.read_card()
    assert card.record.number == DEMO[0]["fields"]["id_number"]


def test_unplug_and_replug(emulator: ReaderEmulator, reader: IdCardReader) -> None:
    emulator.place(0)
    assert reader.read_once() is not None
    emulator.unplug()
    with pytest.raises(DeviceOffline):
        reader.find_card()
    with pytest.raises(DeviceNotFound):
        reader.reopen()
    assert not reader.is_open
    emulator.replug()
    reader.reopen()
    card = reader.read_once()
    assert card is not None and card.record.number == DEMO[0]["fields"]["id_number"]


def test_closed_reader_is_offline(reader: IdCardReader) -> None:
    reader.close()
    with pytest.raises(DeviceOffline):
        reader.find_card()


def raw_exchange(path: str, frame: bytes) -> Reply:
    """Send raw bytes on the emulator's port and return the reply (to test the emulator)."""
    with serial.serial_for_url(path, baudrate=115200, timeout=1) as port:
        port.write(frame)
        parser = FrameParser()
        deadline = time.monotonic() + 1
        while time.monotonic() < deadline:
            parser.feed(port.read(port.in_waiting or 1))
            found = parser.next_frame()
            if found is not None:
                return Reply.from_frame(found)
    raise AssertionError("no reply")


def test_emulator_rejects_unknown_commands_and_damaged_frames(emulator: ReaderEmulator) -> None:
    unknown = raw_exchange(emulator.path, build_frame(b"\x99\x99"))
    assert unknown.sw3 == ReaderBadCommand.sw3
    damaged = Command.FIND_CARD.frame()[:-1] + b"\x00"
    assert raw_exchange(emulator.path, damaged).sw3 == ReaderChecksumRejected.sw3


def test_card_file_with_a_photo_path(tmp_path: Path) -> None:
    photo = tmp_path / "face.jpg"
    photo.write_bytes(b"\xff\xd8 not really a jpeg \xff\xd9")
    entry = {**DEMO[0], "photo": "face.jpg"}
    (tmp_path / "cards.json").write_text(json.dumps({"cards": [entry]}), encoding="utf-8")
    card = load_cards(tmp_path / "cards.json")[0]
    assert card.photo_path == photo
