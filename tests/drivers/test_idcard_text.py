"""Text blocks of the four card types, built here byte by byte from the documented offsets."""

from __future__ import annotations

from datetime import date

import pytest

from drivers.errors import DeviceError
from drivers.idcard import idnumber
from drivers.idcard.errors import CardTextError, InvalidIdNumber, UnknownCardType
from drivers.idcard.nations import NATIONS, Nation
from drivers.idcard.records import (
    CardType,
    ForeignerCard2017,
    ForeignerCard2023,
    ResidencePermit,
    ResidentCard,
    Sex,
    Validity,
)
from drivers.idcard.text import parse_text


def block(mark: str, slots: dict[tuple[int, int], str]) -> bytes:
    """Return a 256-byte UCS-2 block with each text at (offset, size), space padded."""
    buffer = bytearray(" ".encode("utf-16-le") * 128)
    for (offset, size), text in {**slots, (248, 2): mark}.items():
        raw = text.encode("utf-16-le")
        assert len(raw) <= size, text
        buffer[offset : offset + len(raw)] = raw
    return bytes(buffer)


RESIDENT = {
    (0, 30): "王小明",
    (30, 2): "1",
    (32, 4): "01",
    (36, 16): "19850312",
    (52, 70): "北京市东城区示例胡同12号",
    (122, 36): "110101198503121239",
    (158, 30): "北京市公安局东城分局",
    (188, 16): "20150601",
    (204, 16): "20350601",
}


def test_resident_card() -> None:
    record = parse_text(block(" ", RESIDENT))
    assert record == ResidentCard(
        name="王小明",
        sex=Sex.MALE,
        nation=Nation("01", "汉"),
        birth=date(1985, 3, 12),
        address="北京市东城区示例胡同12号",
        id_number="110101198503121239",
        authority="北京市公安局东城分局",
        validity=Validity(date(2015, 6, 1), date(2035, 6, 1)),
    )
    assert record.card_type is CardType.RESIDENT
    assert record.display_name == "王小明" and record.number == "110101198503121239"


def test_long_term_validity_and_x_check_digit() -> None:
    slots = {**RESIDENT, (122, 36): "45010219780918104x", (204, 16): "长期"}
    record = parse_text(block(" ", slots))
    assert isinstance(record, ResidentCard)
    assert record.id_number == "45010219780918104X"
    assert record.validity.long_term and record.validity.end is None
    assert record.validity.covers(date(2099, 1, 1))
    assert not record.validity.covers(date(2015, 5, 31))


def test_full_width_address_fills_its_slot() -> None:
    address = "广西壮族自治区南宁市兴宁区测试街道六号院十二栋三单元五零一室附一号楼下"
    assert len(address) == 35
    record = parse_text(block(" ", {**RESIDENT, (52, 70): address}))
    assert isinstance(record, ResidentCard) and record.address == address


def test_hk_macau_taiwan_residence_permit() -> None:
    slots = {
        **RESIDENT,
        (0, 30): "陈嘉欣",
        (30, 2): "2",
        (32, 4): "",
        (122, 36): "810000199501010023",
        (220, 18): "H98765432",
        (238, 4): "03",
    }
    record = parse_text(block("J", slots))
    assert isinstance(record, ResidencePermit)
    assert record.card_type is CardType.HK_MACAU_TAIWAN_PERMIT
    assert (record.name, record.sex, record.pass_number, record.issue_count) == (
        "陈嘉欣",
        Sex.FEMALE,
        "H98765432",
        3,
    )
    assert record.id_number == "810000199501010023"


def test_foreigner_card_2017() -> None:
    slots = {
        (0, 120): "SAMPLE, ALEX JORDAN",
        (120, 2): "1",
        (122, 30): "USA110850501201",
        (152, 6): "USA",
        (158, 30): "萨安乐",
        (188, 16): "20180301",
        (204, 16): "20280301",
        (220, 16): "19850501",
        (236, 4): "01",
        (240, 8): "1500",
    }
    record = parse_text(block("I", slots))
    assert record == ForeignerCard2017(
        english_name="SAMPLE, ALEX JORDAN",
        chinese_name="萨安乐",
        sex=Sex.MALE,
        number="USA110850501201",
        nationality="USA",
        birth=date(1985, 5, 1),
        validity=Validity(date(2018, 3, 1), date(2028, 3, 1)),
        version="01",
        authority_code="1500",
    )
    assert record.display_name == "萨安乐"


def test_foreigner_card_2023_joins_the_english_name() -> None:
    english = "EXAMPLE-LONGNAME, MARIA ALEXANDRA CHRISTINA"
    slots = {
        (0, 30): "玛丽亚",
        (30, 2): "2",
        (32, 4): "01",
        (36, 16): "19900215",
        (52, 70): english[:35],
        (122, 36): "931276199002150028",
        (188, 16): "20231201",
        (204, 16): "20331201",
        (220, 22): english[35:],
        (242, 6): "DEU",
        (250, 6): "USA",
    }
    record = parse_text(block("Y", slots))
    assert record == ForeignerCard2023(
        chinese_name="玛丽亚",
        english_name=english,
        sex=Sex.FEMALE,
        renewals=1,
        birth=date(1990, 2, 15),
        number="931276199002150028",
        validity=Validity(date(2023, 12, 1), date(2033, 12, 1)),
        nationality="DEU",
        previous_number_link="USA",
    )


def test_foreigner_card_2023_with_short_english_name() -> None:
    slots = {
        (0, 30): "",
        (30, 2): "1",
        (32, 4): "00",
        (36, 16): "19900215",
        (52, 70): "DOE, JOHN",
        (122, 36): "93127619900215001X",
        (188, 16): "20231201",
        (204, 16): "20331201",
        (242, 6): "GBR",
    }
    record = parse_text(block("Y", slots))
    assert isinstance(record, ForeignerCard2023)
    assert record.english_name == "DOE, JOHN" and record.display_name == "DOE, JOHN"


def test_wrong_check_digit_is_a_typed_error() -> None:
    with pytest.raises(InvalidIdNumber) as caught:
        parse_text(block(" ", {**RESIDENT, (122, 36): "110101198503121238"}))
    assert isinstance(caught.value, DeviceError)
    assert caught.value.zh == "证件号码校验失败"
    assert "110101" not in str(caught.value)  # no personal data in messages


def test_permit_and_2023_card_numbers_are_checked_too() -> None:
    permit = {**RESIDENT, (122, 36): "810000199501010024", (220, 18): "H1", (238, 4): "01"}
    with pytest.raises(InvalidIdNumber):
        parse_text(block("J", permit))


@pytest.mark.parametrize(
    ("slot", "value"),
    [
        ((30, 2), "5"),
        ((32, 4), "57"),
        ((36, 16), "19850230"),
        ((36, 16), "1985-3-1"),
        ((204, 16), "永久"),
    ],
)
def test_malformed_fields_are_typed_errors(slot: tuple[int, int], value: str) -> None:
    with pytest.raises(CardTextError):
        parse_text(block(" ", {**RESIDENT, slot: value}))


def test_unknown_card_type() -> None:
    with pytest.raises(UnknownCardType):
        parse_text(block("Z", RESIDENT))


def test_block_must_be_256_bytes() -> None:
    with pytest.raises(CardTextError):
        parse_text(block(" ", RESIDENT)[:200])


def test_nation_table() -> None:
    assert len(NATIONS) == 58
    assert [NATIONS[f"{n:02d}"] for n in (1, 2, 5, 8, 10, 29, 43, 56)] == [
        "汉",
        "蒙古",
        "维吾尔",
        "壮",
        "朝鲜",
        "柯尔克孜",
        "乌孜别克",
        "基诺",
    ]
    assert NATIONS["97"] == "其他" and NATIONS["98"] == "外国血统中国籍人士"
    assert "57" not in NATIONS


def test_sex_labels() -> None:
    assert [(sex.value, sex.zh) for sex in Sex] == [
        ("0", "未知"),
        ("1", "男"),
        ("2", "女"),
        ("9", "未说明"),
    ]


@pytest.mark.parametrize("number", ["11010519491231002X", "440524188001010014"])
def test_gb11643_examples_are_valid(number: str) -> None:
    assert idnumber.is_valid(number)
    assert idnumber.check_digit(number[:17]) == number[17]


@pytest.mark.parametrize(
    "number", ["110105194912310021", "11010519491231002", "1101051949123100AX"]
)
def test_invalid_numbers(number: str) -> None:
    assert not idnumber.is_valid(number)


def test_repr_masks_personal_data() -> None:
    record = parse_text(block(" ", RESIDENT))
    assert repr(record) == "ResidentCard(王*明, 110***********1239)"
