"""Taking a number: numbering per prefix and day, caps, priority, hoarding limits."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from server.domain.errors import AlreadyWaiting, DailyCapReached, HallClosed, UnknownService
from server.domain.limits import KioskRateLimited, TicketLimitReached
from server.domain.ticket import Priority, TicketStatus
from server.services.events import LinesStale, TicketIssued
from tests.fakes import HALL, demo_hall, tuned
from tests.services.conftest import make_desk
from tests.services.people import LI, ZHANG

MONDAY = date(2026, 11, 23)


def day_counters(desk, prefix: str, day: date = MONDAY) -> dict[str, int]:
    return desk.run.read(lambda uow: uow.counters.day_values(HALL, day, prefix))


def test_numbers_run_per_prefix_from_one_counter_each(desk):
    services = ("social_security", "social_security", "medical_insurance", "social_security")
    assert [desk.issue(s).number for s in services] == ["A001", "A002", "B001", "A003"]
    assert day_counters(desk, "prefix:") == {"prefix:A": 3, "prefix:B": 1}
    assert day_counters(desk, "service:") == {
        "service:medical_insurance": 1,
        "service:social_security": 3,
    }


def test_numbers_restart_each_service_day(desk):
    assert desk.issue().number == "A001"
    desk.run.clock.advance(days=1)  # Tuesday 10:00
    assert desk.issue().number == "A001"
    assert day_counters(desk, "prefix:", date(2026, 11, 24)) == {"prefix:A": 1}
    assert day_counters(desk, "prefix:") == {"prefix:A": 1}, "Monday's counter is left alone"


def test_an_issued_ticket_is_stored_with_its_history_then_announced_without_its_token(desk):
    ticket = desk.issue(id_number=ZHANG.lower(), name="张三明")
    assert ticket.token and ticket.name_masked == "张*明"
    assert ticket.id_masked == ZHANG[:3] + "*" * 11 + ZHANG[-4:]
    issued, stale = desk.uow.published
    assert isinstance(issued, TicketIssued) and issued.ticket.number == "A001"
    assert not hasattr(issued.ticket, "token"), "the token is the citizen's secret"
    assert stale == LinesStale(HALL)
    stored = desk.run.read(lambda uow: uow.tickets.by_token(ticket.token))
    assert stored.status is TicketStatus.WAITING and stored.id_hash
    assert ZHANG not in repr(stored), "only the keyed hash and the masked form are kept"
    assert [e["kind"] for e in desk.uow.db.ticket_events.values()] == ["issued"]


def test_the_daily_cap_refuses_the_next_number_and_counts_nothing():
    desk = make_desk(tuned(demo_hall(), services={"social_security": {"daily_cap": 2}}))
    desk.issue(), desk.issue()
    before = desk.uow.db.snapshot()
    desk.forget_events()
    with pytest.raises(DailyCapReached) as refused:
        desk.issue()
    assert refused.value.params == {"service": "social_security", "cap": 2}
    assert desk.uow.db.snapshot() == before and desk.uow.published == []
    assert desk.issue("medical_insurance").number == "B001", "other services go on"


def test_a_green_channel_ticket_waits_behind_no_normal_one(desk):
    desk.issue(), desk.issue()
    elderly = desk.issue("social_security", priority=Priority.ELDERLY)
    normal = desk.issue()
    assert elderly.priority == "elderly" and elderly.ahead == 0
    assert normal.ahead == 3
    window = desk.sign_in(2)
    assert desk.call(window).number == elderly.number == "A003"


def test_one_person_holds_one_live_ticket_per_service(desk):
    desk.issue(id_number=ZHANG)
    with pytest.raises(AlreadyWaiting):
        desk.issue(id_number=ZHANG)
    assert desk.issue("household", id_number=ZHANG).number == "D001"
    assert desk.issue(id_number=LI).number == "A002", "the refused number was never used"


def test_the_hall_gives_no_numbers_when_closed(desk):
    desk.run.clock.set(datetime(2026, 11, 29, 2, 0, tzinfo=UTC))  # Sunday 10:00
    with pytest.raises(HallClosed):
        desk.issue()
    desk.run.clock.set(datetime(2026, 11, 23, 4, 30, tzinfo=UTC))  # Monday 12:30, lunch
    with pytest.raises(HallClosed):
        desk.issue()
    assert desk.uow.db.tickets == {} and desk.uow.published == []


def test_an_unknown_service_is_refused(desk):
    with pytest.raises(UnknownService):
        desk.issue("passports")


def test_a_kiosks_retry_gets_the_same_ticket_and_announces_nothing(desk):
    first = desk.issue(id_number=ZHANG, request_key="kiosk-1:abc")
    desk.forget_events()
    again = desk.issue(id_number=ZHANG, request_key="kiosk-1:abc")
    assert again.number == first.number and again.token == first.token
    assert len(desk.uow.db.tickets) == 1 and desk.uow.published == []


def test_one_person_takes_at_most_the_halls_numbers_a_day():
    desk = make_desk(tuned(demo_hall(), limits={"tickets_per_id_per_day": 2}))
    desk.issue(id_number=ZHANG), desk.issue("household", id_number=ZHANG)
    with pytest.raises(TicketLimitReached):
        desk.issue("medical_insurance", id_number=ZHANG)
    counts = [n for (scope, _, _), (n, _) in desk.uow.db.rate_counters.items() if scope == "id_day"]
    assert counts == [2], "the refused request's count was rolled back with it"
    assert desk.issue("medical_insurance", id_number=LI).number == "B001"


def test_a_kiosk_issues_at_most_the_halls_numbers_a_minute():
    desk = make_desk(tuned(demo_hall(), limits={"kiosk_tickets_per_minute": 2}))
    desk.issue(), desk.issue()  # 10:00:10, 10:00:20
    with pytest.raises(KioskRateLimited) as refused:
        desk.issue()
    assert refused.value.params["retry_after"] == 30
    desk.run.clock.advance(seconds=30)
    assert desk.issue().number == "A003"
