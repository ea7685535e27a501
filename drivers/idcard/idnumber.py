"""Check digit of the citizen ID number (GB 11643, ISO 7064 MOD 11-2).

The 2023 foreigner permanent residence card uses the same 18-character form and check digit.
"""

from __future__ import annotations

from drivers.idcard.errors import InvalidIdNumber
from gb11643 import check_char


def check_digit(first17: str) -> str:
    """Return the check character for the first 17 digits."""
    if len(first17) != 17 or not first17.isdigit() or not first17.isascii():
        raise InvalidIdNumber("the first 17 characters must be digits")
    return check_char(first17)  # the one implementation, shared with the domain


def is_valid(number: str) -> bool:
    """Tell whether an 18-character ID number has the right check digit."""
    try:
        validate(number)
    except InvalidIdNumber:
        return False
    return True


def validate(number: str) -> str:
    """Return the number (check char upper-cased) or raise InvalidIdNumber."""
    if len(number) != 18:
        raise InvalidIdNumber(f"need 18 characters, got {len(number)}")
    expected = check_digit(number[:17])
    if number[17].upper() != expected:
        raise InvalidIdNumber(f"check digit is {number[17]!r}, want {expected!r}")
    return number[:17] + expected
