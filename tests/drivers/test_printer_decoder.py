"""The ESC/POS decoder on hand-made byte strings, including bytes it does not know."""

from __future__ import annotations

import pytest

from drivers.printer import commands as cmd
from drivers.printer import decode, plain_text
from drivers.printer.tokens import (
    Bold,
    Cut,
    FeedLines,
    Initialize,
    KanjiMode,
    LineFeed,
    QrPrint,
    QrStore,
    RasterImage,
    SetAlign,
    SetSize,
    StatusQuery,
    Text,
    Unknown,
)


def test_each_builder_decodes_to_its_command() -> None:
    data = (
        cmd.INITIALIZE
        + cmd.align("right")
        + cmd.bold(True)
        + cmd.char_size(3, 2)
        + cmd.text("Hi")
        + cmd.NEWLINE
        + cmd.feed_lines(7)
        + cmd.cut(partial=False, feed=5)
        + cmd.status_query(4)
    )
    assert decode(data) == [
        Initialize(),
        SetAlign("right"),
        Bold(True),
        SetSize(3, 2),
        Text("Hi", "ascii"),
        LineFeed(),
        FeedLines(7),
        Cut(partial=False, feed=5),
        StatusQuery(4),
    ]


def test_chinese_with_full_width_punctuation_round_trips() -> None:
    line = "您好，请到３号窗口：谢谢！（一次性告知）€𠀀"
    assert decode(cmd.text(line)) == [KanjiMode(True), Text(line, "gb18030"), KanjiMode(False)]


def test_esc_a_accepts_ascii_digit_form() -> None:
    assert decode(b"\x1ba1\x1ba\x32") == [SetAlign("center"), SetAlign("right")]


def test_qr_store_keeps_binary_payload() -> None:
    payload = bytes(range(256))
    data = cmd.qr_native(payload, 4, "H")
    decoded = decode(data)
    assert QrStore(payload) in decoded
    assert decoded[-1] == QrPrint()


def test_raster_image_bits_are_msb_first() -> None:
    (image,) = decode(cmd.raster_image(2, 2, bytes([0b10000001, 0xFF, 0x00, 0b01000000])))
    assert isinstance(image, RasterImage)
    assert image.width == 16
    pixels = image.pixels()
    assert pixels[0][:8] == [True, False, False, False, False, False, False, True]
    assert all(pixels[0][8:])
    assert pixels[1] == [False] * 9 + [True] + [False] * 6


def test_unknown_commands_are_kept_not_dropped() -> None:
    data = b"\x1bt\x00AB\x07\x1c\x43\x1d(L\x03\x00\x30\x45\x01CD"
    decoded = decode(data)
    assert decoded == [
        Unknown(b"\x1bt", "unsupported ESC 't'"),
        Unknown(b"\x00", "unsupported control byte 0x00"),
        Text("AB", "ascii"),
        Unknown(b"\x07", "unsupported control byte 0x07"),
        Unknown(b"\x1cC", "unsupported FS b'C'"),
        Unknown(b"\x1d(L\x03\x000E\x01", "unsupported GS ( L 30 45"),
        Text("CD", "ascii"),
    ]
    rebuilt = b"".join(
        c.data if isinstance(c, Unknown) else c.text.encode() if isinstance(c, Text) else b"?"
        for c in decoded
    )
    assert rebuilt == data  # every byte is accounted for, in order


@pytest.mark.parametrize(
    "data",
    [
        b"\x1d(k\x10\x00\x31\x50\x30abc",
        b"\x1dv0\x00\x02\x00\x02\x00\xff",
        b"\x1b",
        b"\x1da",
        b"\x10",
    ],
)
def test_truncated_commands_become_unknown(data: bytes) -> None:
    decoded = decode(data)
    assert isinstance(decoded[-1], Unknown)
    assert b"".join(c.data for c in decoded if isinstance(c, Unknown)) == data


def test_invalid_gb18030_is_reported() -> None:
    assert decode(b"\x1c&\x81\x20\x1c.") == [
        KanjiMode(True),
        Unknown(b"\x81\x20", "invalid GB18030 text"),
        KanjiMode(False),
    ]


def test_high_bytes_outside_kanji_mode_use_code_page_437() -> None:
    assert decode(b"\x82t\xe9") == [Text("étΘ", "cp437")]


def test_initialize_leaves_kanji_mode() -> None:
    decoded = decode(b"\x1c&" + "中".encode("gb18030") + b"\x1b@\x82")
    assert decoded[-1] == Text("é", "cp437")


def test_plain_text_joins_lines() -> None:
    data = cmd.text("第一行：") + cmd.NEWLINE + cmd.char_size(2, 2) + cmd.text("A012") + cmd.NEWLINE
    assert plain_text(decode(data)) == "第一行：\nA012\n"
