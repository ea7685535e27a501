"""Parse the 256-byte text block of a card into a typed record."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from drivers.idcard import idnumber
from drivers.idcard.errors import CardTextError, UnknownCardType
from drivers.idcard.layout import (
    TEXT_SIZE,
    TYPE_FIELD,
    decode_field,
    decode_fields,
    field_named,
)
from drivers.idcard.nations import Nation
from drivers.idcard.records import (
    CardRecord,
    CardType,
    ForeignerCard2017,
    ForeignerCard2023,
    ResidencePermit,
    ResidentCard,
    Sex,
    Validity,
)

LONG_TERM = "长期"


def card_type_of(block: bytes) -> CardType:
    """Return the card type marked at byte 248; raise UnknownCardType for any other mark."""
    if len(block) != TEXT_SIZE:
        raise CardTextError(f"text block is {len(block)} bytes, want {TEXT_SIZE}")
    mark = decode_field(block, TYPE_FIELD, strip=False)[0]
    if mark == "\x00":  # some early modules leave the reserved bytes zero on resident cards
        mark = " "
    try:
        return CardType(mark)
    except ValueError:
        raise UnknownCardType(f"type mark {mark!r}") from None


def parse_text(block: bytes) -> CardRecord:
    """Return the typed record for a text block; raise a CardTextError subclass if invalid."""
    card_type = card_type_of(block)
    fields = decode_fields(block, card_type)
    if card_type is CardType.FOREIGNER_2023:
        # The English name runs on from 52/70 into 220/22: join before trimming the padding.
        head = decode_field(block, field_named(card_type, "english_name"), strip=False)
        fields["english_name"] = (head + fields.pop("english_name_more")).rstrip(" \x00")
    return _PARSERS[card_type](fields)


def parse_date(text: str, label: str) -> date:
    """Return the date of a YYYYMMDD field."""
    if len(text) != 8 or not text.isdigit():
        raise CardTextError(f"{label} is not YYYYMMDD")
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise CardTextError(f"{label} is not a calendar date") from None


def _sex(code: str) -> Sex:
    try:
        return Sex(code)
    except ValueError:
        raise CardTextError(f"unknown sex code {code!r}") from None


def _nation(code: str) -> Nation:
    try:
        return Nation.from_code(code)
    except KeyError:
        raise CardTextError(f"unknown nation code {code!r}") from None


def _count(text: str, label: str) -> int:
    if not text.isdigit():
        raise CardTextError(f"{label} is not a number")
    return int(text)


def _validity(fields: dict[str, str]) -> Validity:
    start = parse_date(fields["valid_from"], "valid-from")
    end_text = fields["valid_to"]
    end = None if end_text == LONG_TERM else parse_date(end_text, "valid-to")
    return Validity(start, end)


def _resident(fields: dict[str, str]) -> ResidentCard:
    return ResidentCard(
        name=fields["name"],
        sex=_sex(fields["sex"]),
        nation=_nation(fields["nation"]),
        birth=parse_date(fields["birth"], "birth"),
        address=fields["address"],
        id_number=idnumber.validate(fields["id_number"]),
        authority=fields["authority"],
        validity=_validity(fields),
    )


def _permit(fields: dict[str, str]) -> ResidencePermit:
    return ResidencePermit(
        name=fields["name"],
        sex=_sex(fields["sex"]),
        birth=parse_date(fields["birth"], "birth"),
        address=fields["address"],
        id_number=idnumber.validate(fields["id_number"]),
        authority=fields["authority"],
        validity=_validity(fields),
        pass_number=fields["pass_number"],
        issue_count=_count(fields["issue_count"], "issue count"),
    )


def _foreigner_2017(fields: dict[str, str]) -> ForeignerCard2017:
    number = fields["number"]
    if len(number) != 15 or not number.isalnum() or not number.isascii():
        raise CardTextError("2017 permanent residence number is not 15 letters and digits")
    return ForeignerCard2017(
        english_name=fields["english_name"],
        chinese_name=fields["chinese_name"],
        sex=_sex(fields["sex"]),
        number=number,
        nationality=fields["nationality"],
        birth=parse_date(fields["birth"], "birth"),
        validity=_validity(fields),
        version=fields["version"],
        authority_code=fields["authority_code"],
    )


def _foreigner_2023(fields: dict[str, str]) -> ForeignerCard2023:
    return ForeignerCard2023(
        chinese_name=fields["chinese_name"],
        english_name=fields["english_name"],
        sex=_sex(fields["sex"]),
        renewals=_count(fields["renewals"], "renewal count"),
        birth=parse_date(fields["birth"], "birth"),
        number=idnumber.validate(fields["number"]),
        validity=_validity(fields),
        nationality=fields["nationality"],
        previous_number_link=fields["previous_number_link"],
    )


_PARSERS: dict[CardType, Callable[[dict[str, str]], CardRecord]] = {
    CardType.RESIDENT: _resident,
    CardType.HK_MACAU_TAIWAN_PERMIT: _permit,
    CardType.FOREIGNER_2017: _foreigner_2017,
    CardType.FOREIGNER_2023: _foreigner_2023,
}
