"""The person from the ID card: age and the green channel, masking, what goes to the server,
and the session that forgets them (read twice, rejected card, failed read, idle)."""

from __future__ import annotations

from datetime import date

from drivers.idcard.cards import DEMO_CARDS, load_cards
from drivers.idcard.commands import CardData
from drivers.idcard.errors import CardReadFailed, InvalidIdNumber
from drivers.idcard.reader import card_from_data
from drivers.idcard.watcher import CardRejected
from kiosk.person import Person, age_on
from kiosk.session import Session


def _card(label: str):
    card = next(c for c in load_cards(DEMO_CARDS) if c.label == label)
    return card_from_data(CardData(card.text, card.wlt))


def test_age_turns_on_the_birthday_not_before():
    birth = date(1956, 12, 1)
    assert age_on(birth, date(2026, 11, 30)) == 69
    assert age_on(birth, date(2026, 12, 1)) == 70
    assert age_on(date(1956, 2, 29), date(2026, 2, 28)) == 69
    assert age_on(date(1956, 2, 29), date(2026, 3, 1)) == 70


def test_green_channel_from_seventy():
    person = Person("李秀英", "430102195207082041", date(1952, 7, 8), "RESIDENT")
    assert person.green_channel(date(2022, 7, 8), 70)
    assert not person.green_channel(date(2022, 7, 7), 70)
    assert person.view(date(2026, 12, 1), 70) == {
        "name": "李*英", "number": "430***********2041", "age": 74, "green_channel": True,
    }  # fmt: skip


def test_masked_everywhere_a_person_is_shown_or_logged():
    person = Person.from_card(_card("resident-wang"))
    assert person.view(date(2026, 12, 1), 70)["name"] == "王*明"
    assert person.view(date(2026, 12, 1), 70)["number"] == "110***********1239"
    assert "王小明" not in repr(person) and "110101198503121239" not in repr(person)
    assert (
        Person("张三", "110101198503121239", date(1985, 3, 12), "R").view(date(2026, 1, 1), 70)[
            "name"
        ]
        == "张*"
    )


def test_only_gb11643_numbers_go_to_the_server():
    assert Person("王", "11010119850312123x", date(1985, 3, 12), "R").id_number == (
        "11010119850312123X"
    )
    assert Person("Smith", "USA330101198501010010", date(1985, 1, 1), "F").id_number is None


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_card_read_twice_is_said_once_and_the_person_kept():
    session = Session(60, Clock())
    card = _card("resident-wang")
    session.on_card(card)
    session.on_card(card)
    view = session.view(date(2026, 12, 1), 70)
    assert view["card"]["kind"] == "again" and view["card"]["seq"] == 2
    assert view["person"]["name"] == "王*明"


def test_another_card_replaces_the_person():
    session = Session(60, Clock())
    session.on_card(_card("resident-wang"))
    session.on_card(_card("resident-li-long-term"))
    assert session.view(date(2026, 12, 1), 70)["person"]["name"] == "李*英"


def test_a_rejected_card_and_a_failed_read_tell_what_to_do():
    session = Session(60, Clock())
    session.on_card(CardRejected(InvalidIdNumber("check digit")))
    assert session.view(date(2026, 12, 1), 70)["card"]["kind"] == "rejected"
    session.on_card_fault(CardReadFailed())
    notice = session.view(date(2026, 12, 1), 70)["card"]
    assert notice["kind"] == "read_failed" and "请将身份证平放在读卡区" in notice["zh"]
    assert "Lay the card flat" in notice["en"] and session.person is None


def test_idle_forgets_the_person_and_a_touch_keeps_them():
    clock = Clock()
    session = Session(30, clock)
    session.on_card(_card("resident-wang"))
    clock.now = 29
    session.touch()
    clock.now = 58
    assert session.person is not None
    clock.now = 59
    assert session.person is None
