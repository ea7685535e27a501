"""Personal data: resident ID numbers (GB 11643) and masking for public screens."""

from __future__ import annotations

import re
from datetime import date

from gb11643 import check_char
from server.domain.errors import InvalidIdNumber

_WELL_FORMED = re.compile(r"[0-9]{17}[0-9X]")


def id_check_char(first17: str) -> str:
    """Return the GB 11643 (ISO 7064 MOD 11-2) check character for 17 digits."""
    return check_char(first17)  # the rule itself lives in gb11643, shared with the card driver


def normalise_id_number(raw: str) -> str:
    """Validate an 18-character resident ID number and return it upper-cased."""
    number = raw.strip().upper()
    if not _WELL_FORMED.fullmatch(number):  # ASCII digits only: "²".isdigit() is True
        raise InvalidIdNumber(reason="format")
    try:
        date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise InvalidIdNumber(reason="birth_date") from None
    if id_check_char(number[:17]) != number[17]:
        raise InvalidIdNumber(reason="check_digit")
    return number


def birth_date_of(id_number: str) -> date:
    """Return the birth date encoded in a valid ID number."""
    return date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))


def mask_id_number(id_number: str) -> str:
    """Show the first 3 and last 4 characters only: 430***********1234."""
    return id_number[:3] + "*" * (len(id_number) - 7) + id_number[-4:]


def mask_name(name: str) -> str:
    """Mask a name for public screens: 张三 -> 张*, 张三明 -> 张*明, John Smith -> J*h."""
    name = name.strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]
