"""A case's journey up the network and back (村代办、镇受理、区审批、镇出件)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from server.domain.alerts import Level
from server.domain.case_journey import Direction, HandoverItem, NotAtThisHall, hop_countdown
from server.domain.cases import CardPolicy, Case, CaseStatus, Delivery
from server.domain.errors import DomainError, IllegalCaseMove
from server.domain.workdays import WorkingCalendar

WEEKDAYS = WorkingCalendar.of()
MONDAY = date(2026, 11, 2)
NOW = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)
FILE = (HandoverItem("申请表", 2, True), HandoverItem("身份证复印件", 1, False))
ROUTE = ("qiaotou", "xiaoxi", "dingcheng")  # village → town → district


def village_case() -> Case:
    return Case.accept(
        calendar=WEEKDAYS, on=MONDAY, at=NOW, promised_days=7, actor_id=1, hall_id="qiaotou",
        number="20261102-0001", service_code="elderly_card", ticket_id=None, route=ROUTE,
    )  # fmt: skip


def travel(case: Case, to: str, actor: int) -> None:
    case.forward(FILE, NOW, MONDAY, actor)
    case.receive(to, NOW + timedelta(hours=1), actor + 1)


def test_the_file_goes_up_hop_by_hop_is_decided_at_the_top_and_comes_back_for_pickup() -> None:
    case = village_case()
    assert case.holder == "qiaotou" and case.approving_hall == "dingcheng"
    hop = case.forward(FILE, NOW, MONDAY, 1, note="代办员 李四")
    assert (hop.from_hall, hop.to_hall, hop.direction) == ("qiaotou", "xiaoxi", Direction.UP)
    assert case.holder is None, "on the road nobody holds it"
    case.receive("xiaoxi", NOW, 2)
    travel(case, "dingcheng", 3)
    case.review(NOW, 5)
    case.approve(NOW, 5)
    travel(case, "xiaoxi", 6)
    travel(case, "qiaotou", 7)
    case.ready(NOW, 8)
    case.deliver(Delivery.WINDOW, "", NOW, 8)
    assert case.status is CaseStatus.DELIVERED
    assert [(h.from_hall, h.to_hall) for h in case.hops] == [
        ("qiaotou", "xiaoxi"), ("xiaoxi", "dingcheng"), ("dingcheng", "xiaoxi"),
        ("xiaoxi", "qiaotou"),
    ]  # fmt: skip
    assert all(h.received_by is not None and h.items == FILE for h in case.hops)


def test_a_case_is_decided_only_where_it_is_approved_and_handed_out_only_where_accepted() -> None:
    case = village_case()
    with pytest.raises(NotAtThisHall):
        case.review(NOW, 5)  # still at the village
    travel(case, "xiaoxi", 1)
    with pytest.raises(NotAtThisHall):
        case.review(NOW, 5)  # the town only passes it on
    travel(case, "dingcheng", 3)
    case.review(NOW, 5)
    case.reject("不符合条件", "可于60日内申请行政复议", NOW, 5)
    with pytest.raises(NotAtThisHall):
        case.ready(NOW, 5)  # the result is handed out at the village, not the district
    travel(case, "xiaoxi", 6)
    travel(case, "qiaotou", 7)
    case.ready(NOW, 8)
    with pytest.raises(IllegalCaseMove):
        case.forward(FILE, NOW, MONDAY, 8)


def test_only_the_hall_a_hop_goes_to_signs_for_it_and_a_handover_lists_its_materials() -> None:
    case = village_case()
    with pytest.raises(DomainError):
        case.forward((), NOW, MONDAY, 1)
    with pytest.raises(DomainError):
        HandoverItem("申请表", 0, True)
    case.forward(FILE, NOW, MONDAY, 1)
    with pytest.raises(NotAtThisHall):
        case.receive("dingcheng", NOW, 9)  # skipping the town
    with pytest.raises(NotAtThisHall):
        case.forward(FILE, NOW, MONDAY, 1)  # already on its way
    case.receive("xiaoxi", NOW, 2)
    with pytest.raises(NotAtThisHall):
        case.receive("xiaoxi", NOW, 2)  # signed once


def test_materials_sent_back_stop_the_clock_until_supplied_at_the_accepting_hall() -> None:
    case = village_case()
    travel(case, "xiaoxi", 1)
    travel(case, "dingcheng", 3)
    deadline = case.deadline
    case.request_materials(("户口簿",), NOW, MONDAY, 5)  # 补正, on Monday
    assert case.status is CaseStatus.MATERIALS_REQUESTED
    assert case.countdown(WEEKDAYS, MONDAY, CardPolicy()) is None, "no card while owed"
    travel(case, "xiaoxi", 6)
    travel(case, "qiaotou", 7)
    with pytest.raises(DomainError):
        case.resubmit(WEEKDAYS, NOW, MONDAY + timedelta(days=3), 8)  # not yet supplied
    case.record_materials(("户口簿",), (), None, NOW, 8)
    case.resubmit(WEEKDAYS, NOW, MONDAY + timedelta(days=3), 8)  # Thursday
    assert case.status is CaseStatus.ACCEPTED
    assert case.deadline == WEEKDAYS.add_working_days(deadline, 3), "Tue, Wed, Thu stood still"
    travel(case, "xiaoxi", 9)  # and up again
    assert case.hops[-1].direction is Direction.UP


def test_a_hop_not_signed_for_turns_yellow_on_its_last_day_then_red() -> None:
    case = village_case()
    hop = case.forward(FILE, NOW, MONDAY, 1)
    assert hop_countdown(hop, WEEKDAYS, MONDAY, 2) is not None
    assert hop_countdown(hop, WEEKDAYS, MONDAY, 2).card is None  # type: ignore[union-attr]
    yellow = hop_countdown(hop, WEEKDAYS, MONDAY + timedelta(days=2), 2)
    assert yellow is not None and yellow.card is not None and yellow.card.level is Level.YELLOW
    red = hop_countdown(hop, WEEKDAYS, MONDAY + timedelta(days=3), 2)
    assert red is not None and red.card is not None and red.card.level is Level.RED
    case.receive("xiaoxi", NOW, 2)
    assert hop_countdown(case.hops[-1], WEEKDAYS, MONDAY + timedelta(days=3), 2) is None


def test_a_case_that_does_not_travel_moves_as_before() -> None:
    case = Case.accept(calendar=WEEKDAYS, on=MONDAY, at=NOW, promised_days=3, hall_id="h",
                       number="n", service_code="s", ticket_id=None)  # fmt: skip
    assert case.holder == "h" == case.approving_hall
    with pytest.raises(NotAtThisHall):
        case.forward(FILE, NOW, MONDAY)  # nowhere to go
    case.review(NOW)
    case.approve(NOW)
    case.ready(NOW)
    assert not case.hops
