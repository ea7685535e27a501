"""Queue numbers: prefix plus at least three digits, read back, their day's counters, and the
daily cap per service."""

from __future__ import annotations

import pytest

from server.domain.catalogue import Service, WindowKind
from server.domain.errors import DailyCapReached
from server.domain.numbering import (
    MAX_SEQUENCE,
    already_given,
    counters_past,
    ensure_under_cap,
    format_number,
    is_number,
    issued_counter,
    parse_number,
    sequence_counter,
)


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


@pytest.mark.parametrize("sequence", [1, 42, 999, 1000, 12345, MAX_SEQUENCE])
def test_a_number_reads_back_into_its_prefix_and_sequence(sequence: int) -> None:
    number = format_number("K", sequence)

    assert is_number(number)
    assert parse_number(number) == ("K", sequence)


def test_after_999_comes_1000_and_it_reads_back() -> None:
    assert format_number("A", 999) == "A999" and format_number("A", 1000) == "A1000"
    assert parse_number("A1000") == ("A", 1000)


def test_a_sequence_outside_the_day_has_no_number() -> None:
    for sequence in (0, -1, MAX_SEQUENCE + 1):
        with pytest.raises(ValueError):
            format_number("A", sequence)


@pytest.mark.parametrize(
    "text",
    ["", "A", "A12", "a012", "AB12", "AB012", "012", "A000", "A012\n", " A012", "A-12",
     "A１２３", "A12345678", "A012;rm"],
)  # fmt: skip
def test_anything_else_is_not_a_number(text: str) -> None:
    assert not is_number(text)
    with pytest.raises(ValueError):
        parse_number(text)


def test_extra_leading_zeros_are_read_though_never_written() -> None:
    assert parse_number("B0007") == ("B", 7) and format_number("B", 7) == "B007"


def test_counters_are_named_per_prefix_and_per_service() -> None:
    assert sequence_counter("A") == "prefix:A" != sequence_counter("B")
    assert issued_counter("social_security") == "service:social_security"
    assert sequence_counter("A") != issued_counter("A")


def test_a_number_the_day_has_given_already_cannot_be_carried_into_it() -> None:
    today = {sequence_counter("A"): 3}

    assert already_given("A003", today) and already_given("A001", today)
    assert not already_given("A004", today)
    assert not already_given("B001", today), "a prefix not used today has given nothing"


def test_carried_numbers_move_each_prefix_counter_past_the_highest() -> None:
    today = {sequence_counter("A"): 1, sequence_counter("C"): 9}

    moves = counters_past(["A002", "A005", "B010", "A003"], today)

    assert moves == {sequence_counter("A"): 4, sequence_counter("B"): 10}
    assert counters_past([], today) == {}


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
