"""Typed records for the four card types the SAM module reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING

from drivers.idcard.nations import Nation


class CardType(Enum):
    """Card type as marked by the character at byte 248 of the text block."""

    RESIDENT = " "
    HK_MACAU_TAIWAN_PERMIT = "J"
    FOREIGNER_2017 = "I"
    FOREIGNER_2023 = "Y"


class Sex(Enum):
    """Sex code of GB/T 2261.1."""

    UNKNOWN = "0"
    MALE = "1"
    FEMALE = "2"
    UNSPECIFIED = "9"

    @property
    def zh(self) -> str:
        """Return the Chinese label."""
        return {"0": "未知", "1": "男", "2": "女", "9": "未说明"}[self.value]

    @property
    def en(self) -> str:
        """Return the English label."""
        return {"0": "unknown", "1": "male", "2": "female", "9": "unspecified"}[self.value]


@dataclass(frozen=True)
class Validity:
    """Validity period; `end` is None for a long-term (长期) card."""

    start: date
    end: date | None

    @property
    def long_term(self) -> bool:
        """Tell whether the card never expires."""
        return self.end is None

    def covers(self, day: date) -> bool:
        """Tell whether the card is valid on `day`."""
        return self.start <= day and (self.end is None or day <= self.end)


def mask_name(name: str) -> str:
    """Return a name with its middle hidden (张*明, 李*)."""
    if len(name) <= 2:
        return name[:1] + "*" * (len(name) - 1)
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_number(number: str) -> str:
    """Return a document number showing only its first 3 and last 4 characters."""
    if len(number) <= 7:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


class _MaskedRepr:
    """Keep personal information out of logs: repr shows masked name and number only."""

    if TYPE_CHECKING:

        @property
        def display_name(self) -> str: ...

        @property
        def number(self) -> str: ...

    def __repr__(self) -> str:
        masked = f"{mask_name(self.display_name)}, {mask_number(self.number)}"
        return f"{type(self).__name__}({masked})"


@dataclass(frozen=True, repr=False)
class ResidentCard(_MaskedRepr):
    """Resident identity card (居民身份证)."""

    name: str
    sex: Sex
    nation: Nation
    birth: date
    address: str
    id_number: str
    authority: str
    validity: Validity
    card_type = CardType.RESIDENT

    @property
    def display_name(self) -> str:
        """Return the holder's name as printed."""
        return self.name

    @property
    def number(self) -> str:
        """Return the document number."""
        return self.id_number


@dataclass(frozen=True, repr=False)
class ResidencePermit(_MaskedRepr):
    """Residence permit for Hong Kong, Macau and Taiwan residents (港澳台居民居住证)."""

    name: str
    sex: Sex
    birth: date
    address: str
    id_number: str
    authority: str
    validity: Validity
    pass_number: str
    issue_count: int
    card_type = CardType.HK_MACAU_TAIWAN_PERMIT

    @property
    def display_name(self) -> str:
        """Return the holder's name as printed."""
        return self.name

    @property
    def number(self) -> str:
        """Return the document number."""
        return self.id_number


@dataclass(frozen=True, repr=False)
class ForeignerCard2017(_MaskedRepr):
    """Foreigner's permanent residence ID card, 2017 edition (外国人永久居留身份证)."""

    english_name: str
    chinese_name: str
    sex: Sex
    number: str
    nationality: str
    birth: date
    validity: Validity
    version: str
    authority_code: str
    card_type = CardType.FOREIGNER_2017

    @property
    def display_name(self) -> str:
        """Return the Chinese name, or the English one when the card has none."""
        return self.chinese_name or self.english_name


@dataclass(frozen=True, repr=False)
class ForeignerCard2023(_MaskedRepr):
    """Foreigner's permanent residence ID card, 2023 edition (新版永居证)."""

    chinese_name: str
    english_name: str
    sex: Sex
    renewals: int
    birth: date
    number: str
    validity: Validity
    nationality: str
    previous_number_link: str
    card_type = CardType.FOREIGNER_2023

    @property
    def display_name(self) -> str:
        """Return the Chinese name, or the English one when the card has none."""
        return self.chinese_name or self.english_name


CardRecord = ResidentCard | ResidencePermit | ForeignerCard2017 | ForeignerCard2023


@dataclass(frozen=True)
class IdCard:
    """One card as read: the typed record plus the raw blocks it came from."""

    record: CardRecord
    text: bytes
    photo_wlt: bytes
    fingerprint: bytes | None = None

    def __repr__(self) -> str:
        # Personal information stays out of logs and tracebacks.
        return f"IdCard({self.record.card_type.name}, photo={len(self.photo_wlt)} bytes)"
