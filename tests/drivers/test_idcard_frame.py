"""Framing and reply decoding, on bytes only."""

from __future__ import annotations

import random

import pytest

from drivers.errors import DeviceError
from drivers.idcard.commands import CardData, Command, Reply, card_found
from drivers.idcard.errors import (
    CardReadFailed,
    FrameChecksumError,
    FrameError,
    FrameLengthError,
    NoCard,
    NoContent,
    ReaderBadCommand,
    ReaderChecksumRejected,
    ReaderLengthRejected,
    SamSelfTestFailed,
    SelectFailed,
    TruncatedFrame,
    UnexpectedReply,
    UnknownStatus,
    status_error,
)
from drivers.idcard.frame import MAX_LENGTH, Frame, FrameParser, build_frame, checksum

# Frames as printed in reader manuals.
FIND_CARD = bytes.fromhex("AAAAAA9669 0003 2001 22")
FOUND = bytes.fromhex("AAAAAA9669 0008 00009F 00000000 97")
SELECTED = bytes.fromhex("AAAAAA9669 000C 000090 0000000000000000 9C")
NO_CARD = bytes.fromhex("AAAAAA9669 0004 000080 84")


def parse_all(*chunks: bytes) -> list[Frame | FrameError]:
    parser = FrameParser()
    events: list[Frame | FrameError] = []
    for chunk in chunks:
        parser.feed(chunk)
        events += parser.events()
    return events


def kinds(events: list[Frame | FrameError]) -> list[object]:
    return [event.body if isinstance(event, Frame) else type(event) for event in events]


@pytest.mark.parametrize(
    ("command", "wire"),
    [
        (Command.RESET, "AAAAAA9669 0003 10FF EC"),
        (Command.SAM_STATUS, "AAAAAA9669 0003 11FF ED"),
        (Command.SAM_ID, "AAAAAA9669 0003 12FF EE"),
        (Command.FIND_CARD, "AAAAAA9669 0003 2001 22"),
        (Command.SELECT_CARD, "AAAAAA9669 0003 2002 21"),
        (Command.READ_TEXT_PHOTO, "AAAAAA9669 0003 3001 32"),
        (Command.READ_WITH_FINGERPRINT, "AAAAAA9669 0003 3010 23"),
        (Command.READ_NEW_ADDRESS, "AAAAAA9669 0003 3003 30"),
    ],
)
def test_commands_build_the_documented_frames(command: Command, wire: str) -> None:
    assert command.frame() == bytes.fromhex(wire)
    assert Command.from_body(command.value) is command


def test_manual_replies_parse() -> None:
    assert kinds(parse_all(FOUND, SELECTED, NO_CARD)) == [
        bytes.fromhex("00009F00000000"),
        bytes.fromhex("0000900000000000000000"),
        bytes.fromhex("000080"),
    ]
    assert build_frame(bytes.fromhex("00009F00000000")) == FOUND


def test_length_counts_everything_after_itself() -> None:
    frame = build_frame(b"\x01\x02\x03\x04")
    assert int.from_bytes(frame[5:7], "big") == 5
    assert frame[-1] == checksum(frame[5:-1])


def test_byte_by_byte_feeding() -> None:
    assert kinds(parse_all(*[bytes([b]) for b in FOUND + NO_CARD])) == [
        FOUND[7:-1],
        NO_CARD[7:-1],
    ]


def test_garbage_before_the_preamble_is_dropped() -> None:
    garbage = bytes.fromhex("00 FF AA AA 96 69 AA AA AA 96 AA 13")
    assert kinds(parse_all(garbage + FOUND)) == [FOUND[7:-1]]


def test_partial_preamble_at_chunk_end_is_kept() -> None:
    assert kinds(parse_all(b"\x01\x02" + FOUND[:4], FOUND[4:])) == [FOUND[7:-1]]


def test_half_frame_then_a_whole_one_resyncs() -> None:
    # The half frame's LEN reaches into the next frame: its checksum fails, then resync.
    events = parse_all(SELECTED[:9], FOUND)
    assert kinds(events) == [FrameChecksumError, FOUND[7:-1]]


def test_half_of_a_long_reply_then_a_whole_frame_resyncs() -> None:
    # A read reply cut after 300 bytes would wait for 1,288 more: the complete frame after it wins.
    half_read = build_frame(b"\x00\x00\x90" + CardData(bytes(256), bytes(1024)).to_reply())[:300]
    assert kinds(parse_all(half_read, FOUND)) == [TruncatedFrame, FOUND[7:-1]]


def test_half_frame_alone_waits_for_more() -> None:
    parser = FrameParser()
    parser.feed(SELECTED[:9])
    assert parser.next_frame() is None
    assert parser.in_frame and parser.pending == 9
    parser.feed(SELECTED[9:])
    assert parser.next_frame() == Frame(SELECTED[7:-1])


def test_bad_checksum_raises_once_then_resyncs() -> None:
    damaged = FOUND[:-1] + b"\x00"
    parser = FrameParser()
    parser.feed(damaged + NO_CARD)
    with pytest.raises(FrameChecksumError) as caught:
        parser.next_frame()
    assert isinstance(caught.value, DeviceError)
    assert parser.next_frame() == Frame(NO_CARD[7:-1])
    assert parser.next_frame() is None


@pytest.mark.parametrize("length", [0, 1, 2, MAX_LENGTH + 1, 0xFFFF])
def test_length_out_of_range_raises_then_resyncs(length: int) -> None:
    bogus = bytes.fromhex("AAAAAA9669") + length.to_bytes(2, "big") + b"\x00\x00\x90"
    assert kinds(parse_all(bogus + FOUND)) == [FrameLengthError, FOUND[7:-1]]


def test_length_too_short_is_caught_by_checksum_and_next_frame_survives() -> None:
    lying = bytes.fromhex("AAAAAA9669 0003") + SELECTED[7:]
    assert kinds(parse_all(lying + NO_CARD)) == [FrameChecksumError, NO_CARD[7:-1]]


def test_length_too_long_does_not_swallow_the_next_frame() -> None:
    lying = bytes.fromhex("AAAAAA9669 0400") + SELECTED[7:]
    assert kinds(parse_all(lying + FOUND)) == [TruncatedFrame, FOUND[7:-1]]


def test_reset_forgets_a_half_frame() -> None:
    parser = FrameParser()
    parser.feed(SELECTED[:10])
    parser.reset()
    parser.feed(NO_CARD)
    assert parser.next_frame() == Frame(NO_CARD[7:-1])


def test_build_frame_rejects_empty_and_oversized_bodies() -> None:
    with pytest.raises(ValueError):
        build_frame(b"\x01")
    with pytest.raises(ValueError):
        build_frame(bytes(MAX_LENGTH))


def test_random_garbage_stream_survives_and_resyncs() -> None:
    rng = random.Random(20240611)
    stream = bytearray()
    sent: list[bytes] = []
    while len(stream) < 400_000:
        stream += _noise(rng)
        body = bytes([0, 0, 0x90]) + rng.randbytes(rng.randrange(0, 1400))
        frame = build_frame(body)
        roll = rng.random()
        if roll < 0.6:
            sent.append(body)
            stream += frame
        elif roll < 0.75:
            stream += frame[: rng.randrange(1, len(frame))]  # cut short
        elif roll < 0.9:
            stream += frame[:-1] + bytes([frame[-1] ^ rng.randrange(1, 256)])
        else:  # a lying length field
            stream += frame[:5] + rng.randrange(0, 0x10000).to_bytes(2, "big") + frame[7:]
    sentinel = build_frame(b"\x00\x00\x90sentinel")
    stream += sentinel
    parser = FrameParser()
    got: list[bytes] = []
    errors = 0
    position = 0
    while position < len(stream):
        size = rng.randrange(1, 4096)
        parser.feed(bytes(stream[position : position + size]))
        position += size
        for event in parser.events():
            if isinstance(event, Frame):
                got.append(event.body)
            else:
                errors += 1
        assert parser.pending <= MAX_LENGTH + 7 + 4096  # the buffer stays bounded
    assert got[-1] == sentinel[7:-1]
    recovered = sum(1 for body in set(sent) if body in set(got))
    assert recovered >= 0.98 * len(sent), (recovered, len(sent))
    assert errors > 0.2 * len(sent)  # the damaged frames were reported, not swallowed


def _noise(rng: random.Random) -> bytes:
    pieces = [rng.randbytes(rng.randrange(0, 600))]
    if rng.random() < 0.3:
        pieces.append(bytes.fromhex("AAAAAA9669")[: rng.randrange(1, 5)])
    if rng.random() < 0.2:
        pieces.append(b"\xaa" * rng.randrange(1, 8))
    return b"".join(pieces)


STATUS_CLASSES = [
    (0x80, NoCard),
    (0x81, SelectFailed),
    (0x41, CardReadFailed),
    (0x10, ReaderChecksumRejected),
    (0x11, ReaderLengthRejected),
    (0x21, ReaderBadCommand),
    (0x60, SamSelfTestFailed),
    (0x91, NoContent),
    (0x33, UnknownStatus),
]


@pytest.mark.parametrize(("sw3", "cls"), STATUS_CLASSES)
def test_every_status_maps_to_a_typed_error(sw3: int, cls: type[DeviceError]) -> None:
    error = status_error(sw3)
    assert type(error) is cls
    assert isinstance(error, DeviceError)
    assert error.code.startswith("idcard_") and error.zh and error.en
    assert error.sw3 == sw3
    with pytest.raises(cls):
        Reply(0, 0, sw3).check(Command.SELECT_CARD)


def test_status_codes_have_distinct_codes() -> None:
    codes = {cls.code for _, cls in STATUS_CLASSES}
    assert len(codes) == len(STATUS_CLASSES)


def test_find_card_status() -> None:
    assert card_found(Reply.from_frame(Frame(FOUND[7:-1])))
    assert not card_found(Reply.from_frame(Frame(NO_CARD[7:-1])))
    with pytest.raises(SamSelfTestFailed):
        card_found(Reply(0, 0, 0x60))


def test_reply_fits_its_command_only() -> None:
    found = Reply(0, 0, 0x9F, bytes(4))
    read = Reply(0, 0, 0x90, CardData(bytes(256), bytes(1024)).to_reply())
    assert found.fits(Command.FIND_CARD) and not found.fits(Command.SELECT_CARD)
    assert read.fits(Command.READ_TEXT_PHOTO) and not read.fits(Command.SELECT_CARD)
    assert Reply(0, 0, 0x41).fits(Command.SELECT_CARD)  # errors fit any command


def test_reply_needs_three_status_bytes() -> None:
    with pytest.raises(UnexpectedReply):
        Reply.from_frame(Frame(b"\x20\x01"))


def test_read_reply_layout_round_trips() -> None:
    text, photo, prints = bytes(range(256)), bytes(1024), b"\x01" * 1024
    plain = CardData(text, photo).to_reply()
    assert plain[:4] == bytes.fromhex("01000400")
    assert len(build_frame(b"\x00\x00\x90" + plain)) == 1295
    assert CardData.from_reply(plain, fingerprint=False) == CardData(text, photo)
    with_prints = CardData(text, photo, prints).to_reply()
    assert with_prints[:6] == bytes.fromhex("010004000400")
    assert CardData.from_reply(with_prints, fingerprint=True) == CardData(text, photo, prints)


def test_read_reply_with_lying_sizes_is_rejected() -> None:
    with pytest.raises(UnexpectedReply):
        CardData.from_reply(bytes.fromhex("01000400") + bytes(100), fingerprint=False)
    with pytest.raises(UnexpectedReply):
        CardData.from_reply(b"\x01", fingerprint=False)
