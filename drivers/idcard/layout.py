"""Where each field sits in the 256-byte text block, per card type (offsets in bytes).

The block is UCS-2 little-endian text padded with spaces; the character at byte 248 tells
the card type. The same tables decode a block (driver) and encode one (emulator).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from drivers.idcard.errors import CardTextError
from drivers.idcard.records import CardType

TEXT_SIZE = 256
ENCODING = "utf-16-le"


@dataclass(frozen=True)
class Field:
    """A fixed slot of the text block."""

    name: str
    offset: int
    size: int


TYPE_FIELD = Field("card_type", 248, 2)

_PERSON = (
    Field("name", 0, 30),
    Field("sex", 30, 2),
    Field("nation", 32, 4),
    Field("birth", 36, 16),
    Field("address", 52, 70),
    Field("id_number", 122, 36),
    Field("authority", 158, 30),
    Field("valid_from", 188, 16),
    Field("valid_to", 204, 16),
)

LAYOUTS: dict[CardType, tuple[Field, ...]] = {
    CardType.RESIDENT: _PERSON,
    CardType.HK_MACAU_TAIWAN_PERMIT: _PERSON
    + (Field("pass_number", 220, 18), Field("issue_count", 238, 4)),
    CardType.FOREIGNER_2017: (
        Field("english_name", 0, 120),
        Field("sex", 120, 2),
        Field("number", 122, 30),
        Field("nationality", 152, 6),
        Field("chinese_name", 158, 30),
        Field("valid_from", 188, 16),
        Field("valid_to", 204, 16),
        Field("birth", 220, 16),
        Field("version", 236, 4),
        Field("authority_code", 240, 8),
    ),
    CardType.FOREIGNER_2023: (
        Field("chinese_name", 0, 30),
        Field("sex", 30, 2),
        Field("renewals", 32, 4),
        Field("birth", 36, 16),
        Field("english_name", 52, 70),
        Field("number", 122, 36),
        Field("valid_from", 188, 16),
        Field("valid_to", 204, 16),
        Field("english_name_more", 220, 22),
        Field("nationality", 242, 6),
        Field("previous_number_link", 250, 6),
    ),
}


def field_named(card_type: CardType, name: str) -> Field:
    """Return the slot called `name` in the layout of `card_type`."""
    for field in LAYOUTS[card_type]:
        if field.name == name:
            return field
    raise KeyError(f"{card_type.name} has no field {name!r}")


def decode_field(block: bytes, field: Field, *, strip: bool = True) -> str:
    """Return the text of one slot, trailing padding removed unless `strip` is false."""
    raw = block[field.offset : field.offset + field.size]
    try:
        text = raw.decode(ENCODING)
    except UnicodeDecodeError as exc:
        raise CardTextError(f"{field.name} is not UCS-2 text") from exc
    return text.rstrip(" \x00") if strip else text


def decode_fields(block: bytes, card_type: CardType) -> dict[str, str]:
    """Return every slot of `card_type` as text, padding removed."""
    if len(block) != TEXT_SIZE:
        raise CardTextError(f"text block is {len(block)} bytes, want {TEXT_SIZE}")
    return {field.name: decode_field(block, field) for field in LAYOUTS[card_type]}


def encode_fields(card_type: CardType, values: Mapping[str, str]) -> bytes:
    """Return a 256-byte text block holding `values` in the slots of `card_type`."""
    slots = {field.name: field for field in LAYOUTS[card_type]}
    unknown = set(values) - set(slots)
    if unknown:
        raise ValueError(f"{card_type.name} has no field {sorted(unknown)}")
    block = bytearray(" ".encode(ENCODING) * (TEXT_SIZE // 2))
    for name, value in {**values, TYPE_FIELD.name: card_type.value}.items():
        field = slots.get(name, TYPE_FIELD)
        raw = value.encode(ENCODING)
        if len(raw) > field.size:
            raise ValueError(f"{name} takes {field.size // 2} characters, got {len(value)}")
        block[field.offset : field.offset + len(raw)] = raw
    return bytes(block)
