"""The citizen whose ID card lies on the reader: what the kiosk may send, show and forget.

The full name and number stay in memory only for the ticket request; the screen and the
logs get the masked forms (张*三, 110***********1234).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TypedDict

from drivers.idcard import CardRecord, IdCard
from drivers.idcard.records import mask_name, mask_number

# GB 11643 numbers (resident cards and HK/Macau/Taiwan residence permits) are what the
# server's per-ID limits understand; other documents go by name only.
ID_NUMBER = re.compile(r"\d{17}[\dX]")


def age_on(birth: date, day: date) -> int:
    """Return the age in whole years on `day` (a 29 February birthday counts from 1 March)."""
    years = day.year - birth.year
    if (day.month, day.day) < (birth.month, birth.day):
        years -= 1
    return years


class PersonView(TypedDict):
    """The person on the kiosk as the screen may show them: masked."""

    name: str
    number: str
    age: int
    green_channel: bool


@dataclass(frozen=True, repr=False)
class Person:
    name: str
    number: str
    birth: date
    card_type: str
    photo_wlt: bytes = b""  # the card's WLT photo, for the person-ID check (人证核验) only

    @classmethod
    def from_card(cls, card: IdCard) -> Person:
        record: CardRecord = card.record
        return cls(
            record.display_name, record.number, record.birth, record.card_type.name, card.photo_wlt
        )

    def __repr__(self) -> str:
        return f"Person({mask_name(self.name)}, {mask_number(self.number)})"

    @property
    def id_number(self) -> str | None:
        """Return the number the server may key limits on, None for other documents."""
        number = self.number.upper()
        return number if ID_NUMBER.fullmatch(number) else None

    def age(self, today: date) -> int:
        return age_on(self.birth, today)

    def green_channel(self, today: date, from_age: int) -> bool:
        """Tell whether to offer 绿色通道 (priority for the elderly) to this person."""
        return self.age(today) >= from_age

    def view(self, today: date, from_age: int) -> PersonView:
        """Return what the screen may show: masked, plus the green-channel offer."""
        return {
            "name": mask_name(self.name),
            "number": mask_number(self.number),
            "age": self.age(today),
            "green_channel": self.green_channel(today, from_age),
        }
