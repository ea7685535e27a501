"""Queue numbers: prefix plus at least three digits, and the daily cap per service."""

from __future__ import annotations

import pytest

from server.domain.catalogue import Service, WindowKind
from server.domain.errors import DailyCapReached
from server.domain.numbering import ensure_under_cap, format_number


def service(cap: int | None) -> Service:
    kinds = frozenset({WindowKind.GENERAL})
    return Service("social_security", "社保业务", "Social security", "A", kinds, 8, 20, 40, 0, cap)


@pytest.mark.parametrize(
    ("prefix", "sequence", "number"),
    [("A", 1, "A001"), ("A", 42, "A042"), ("A", 999, "A999"), ("A", 1000, "A1000"),
     ("Z", 12345, "Z12345")],
)  # fmt: skip
def test_format_number_pads_to_three_digits_and_never_wraps(
    prefix: str, sequence: int, number: str
) -> None:
    assert format_number(prefix, sequence) == number


def test_numbers_of_a_day_are_all_different() -> None:
    numbers = [format_number("A", n) for n in range(1, 5001)]

    assert len(set(numbers)) == len(numbers)


def test_up_to_the_cap_numbers_are_issued() -> None:
    for issued in (1, 299, 300):
        ensure_under_cap(service(300), issued)


def test_one_past_the_cap_is_refused() -> None:
    with pytest.raises(DailyCapReached) as refused:
        ensure_under_cap(service(300), 301)

    assert refused.value.params == {"service": "social_security", "cap": 300}
    assert refused.value.code == "daily_cap_reached"


def test_a_cap_of_zero_refuses_the_first_number() -> None:
    with pytest.raises(DailyCapReached):
        ensure_under_cap(service(0), 1)


def test_no_cap_means_no_limit() -> None:
    ensure_under_cap(service(None), 1_000_000)
