"""Queue numbers (排队号): one place for how they are made, counted and read back.

Rules:
- A number is its service's prefix (one capital letter) and the day's sequence of that prefix,
  at least three digits: A001 ... A999, then A1000. It never wraps round into a duplicate.
- Sequences are counted per hall, prefix and service day (counter `sequence_counter(prefix)`);
  a new service day has fresh counters, so numbers restart at 001 each day.
- A service's daily cap (今日号已发完) counts that service's tickets of the day (counter
  `issued_counter(code)`), apart from the prefix's sequence.
- A ticket carried over into a new day keeps its number unless the new day has given it already;
  the day's counter of its prefix is then moved past it, so no number is given twice.
- Anything that takes a number from outside (the display's spoken call, the kiosk's voice)
  checks it with `is_number`; `parse_number` reads one back into (prefix, sequence).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from server.domain.catalogue import Service
from server.domain.errors import DailyCapReached

MAX_SEQUENCE = 9_999_999  # seven digits: a number is at most eight characters
# What a number looks like: a prefix letter and three to seven digits. Leading zeros past the
# third digit (B0007) are read too, though format_number never writes them.
NUMBER = re.compile(r"([A-Z])([0-9]{3,7})")
SEQUENCE_COUNTERS = "prefix:"  # the start every prefix's counter key shares (one read per day)


def format_number(prefix: str, sequence: int) -> str:
    """A001 ... A999, then A1000: never wraps round into a duplicate."""
    if not 1 <= sequence <= MAX_SEQUENCE:
        raise ValueError(f"a day's sequence runs from 1 to {MAX_SEQUENCE}, not {sequence}")
    return f"{prefix}{sequence:03d}"


def parse_number(number: str) -> tuple[str, int]:
    """ "A012" -> ("A", 12): the prefix and the day's sequence; ValueError if not a number."""
    found = NUMBER.fullmatch(number)
    if found is None or int(found[2]) == 0:
        raise ValueError(f"not a queue number: {number[:20]!r}")
    return found[1], int(found[2])


def is_number(text: str) -> bool:
    """Whether `text` is a queue number (the check before speaking or showing one)."""
    found = NUMBER.fullmatch(text)
    return found is not None and int(found[2]) > 0


def sequence_counter(prefix: str) -> str:
    """The day's counter key of a prefix's sequence (the last number given)."""
    return f"{SEQUENCE_COUNTERS}{prefix}"


def issued_counter(service_code: str) -> str:
    """The day's counter key of a service's tickets issued (against its daily cap)."""
    return f"service:{service_code}"


def ensure_under_cap(service: Service, issued_today_including_this: int) -> None:
    """Refuse the number past the service's daily cap (今日号已发完)."""
    if service.daily_cap is not None and issued_today_including_this > service.daily_cap:
        raise DailyCapReached(service=service.code, cap=service.daily_cap)


def already_given(number: str, counters: Mapping[str, int]) -> bool:
    """Whether the day's counters (by key) have reached `number`: a carried ticket's number
    the new day has given already cannot be kept."""
    prefix, sequence = parse_number(number)
    return sequence <= counters.get(sequence_counter(prefix), 0)


def counters_past(numbers: Iterable[str], counters: Mapping[str, int]) -> dict[str, int]:
    """How much to add to each of the day's counters (by key) so the next number of every
    prefix comes after all of `numbers` (the tickets carried into the day)."""
    highest: dict[str, int] = {}
    for number in numbers:
        prefix, sequence = parse_number(number)
        key = sequence_counter(prefix)
        highest[key] = max(highest.get(key, 0), sequence)
    return {
        key: sequence - counters.get(key, 0)
        for key, sequence in highest.items()
        if sequence > counters.get(key, 0)
    }
