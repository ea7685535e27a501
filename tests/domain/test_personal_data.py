"""Resident ID numbers (GB 11643 check digit) and masking for public screens."""

from __future__ import annotations

import random
from datetime import date

import pytest

from server.domain.errors import InvalidIdNumber, Kind
from server.domain.personal import (
    birth_date_of,
    id_check_char,
    mask_id_number,
    mask_name,
    normalise_id_number,
)

KNOWN_VALID = "11010519491231002X"


def valid(area: str = "110105", birth: str = "19491231", sequence: str = "002") -> str:
    first17 = area + birth + sequence
    return first17 + id_check_char(first17)


def reason(raw: str) -> str:
    with pytest.raises(InvalidIdNumber) as refused:
        normalise_id_number(raw)
    assert refused.value.kind is Kind.REJECTED
    return str(refused.value.params["reason"])


def test_a_known_valid_number_passes() -> None:
    assert id_check_char(KNOWN_VALID[:17]) == "X"
    assert normalise_id_number(KNOWN_VALID) == KNOWN_VALID


def test_the_check_character_is_iso_7064_mod_11_2() -> None:
    # Weights are 2^(17-i) mod 11; the check character c (X = 10) makes sum + c == 1 mod 11.
    rng = random.Random(11643)
    for _ in range(500):
        first17 = "".join(rng.choice("0123456789") for _ in range(17))
        total = sum(int(d) * (2 ** (17 - i) % 11) for i, d in enumerate(first17))
        check = id_check_char(first17)
        assert (total + (10 if check == "X" else int(check))) % 11 == 1


def test_every_check_character_occurs_and_is_accepted() -> None:
    seen: dict[str, str] = {}
    for sequence in range(1000):
        number = valid(area="430102", birth="19850615", sequence=f"{sequence:03d}")
        seen.setdefault(number[17], number)
    assert sorted(seen) == sorted("0123456789X")
    for number in seen.values():
        assert normalise_id_number(number) == number


def test_every_wrong_check_character_is_refused() -> None:
    number = valid()
    for wrong in "0123456789X":
        if wrong != number[17]:
            assert reason(number[:17] + wrong) == "check_digit"


def test_a_lower_case_x_and_surrounding_blanks_are_normalised() -> None:
    assert normalise_id_number(" 11010519491231002x\n") == KNOWN_VALID


@pytest.mark.parametrize(
    "birth",
    ["19490230", "19491301", "19490001", "19491200", "19000229", "00001231"],
)
def test_an_impossible_birth_date_is_refused(birth: str) -> None:
    assert reason(valid(birth=birth)) == "birth_date"


def test_a_leap_day_birth_date_is_accepted() -> None:
    number = valid(birth="20000229")

    assert normalise_id_number(number) == number
    assert birth_date_of(number) == date(2000, 2, 29)


@pytest.mark.parametrize(
    "raw",
    [
        "",
        KNOWN_VALID[:17],
        KNOWN_VALID + "0",
        "1101051949123100X2",  # X not at the end
        "11010519491231002Y",
        "A1010519491231002X",
        "110105-19491231-002X",
        "110105194912310",  # old 15-digit numbers are not accepted
    ],
)
def test_a_badly_formed_number_is_refused(raw: str) -> None:
    assert reason(raw) == "format"


def test_a_superscript_digit_is_a_format_error_not_a_crash() -> None:
    assert reason("²" + KNOWN_VALID[1:]) == "format"


def test_birth_date_of_reads_the_eight_digits_after_the_area() -> None:
    assert birth_date_of(KNOWN_VALID) == date(1949, 12, 31)


def test_mask_id_number_keeps_the_first_three_and_last_four() -> None:
    assert mask_id_number(KNOWN_VALID) == "110***********002X"
    assert mask_id_number("430102198506150012") == "430***********0012"


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张", "张"),
        ("张三", "张*"),
        ("张三明", "张*明"),
        ("欧阳小锋", "欧**锋"),
        (" 李四 ", "李*"),
        ("", ""),
    ],
)
def test_mask_name_hides_all_but_the_first_and_the_last_character(name: str, masked: str) -> None:
    assert mask_name(name) == masked
