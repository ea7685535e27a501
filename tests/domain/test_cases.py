"""Cases (办件): every move of the table, timed and attributed; deadline cards at their edges."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from server.domain.alerts import Level, case_deadline_alerts
from server.domain.cases import MOVES, CardPolicy, Case, CaseStatus, Delivery
from server.domain.errors import IllegalMove, InvalidValue
from tests.domain.test_workdays import NATIONAL_DAY

NOW = datetime(2026, 9, 28, 2, 0, tzinfo=UTC)
CARDS = CardPolicy()


def new_case(days: int = 5, on: date = date(2026, 9, 28)) -> Case:
    return Case.accept(
        calendar=NATIONAL_DAY, on=on, at=NOW, promised_days=days, actor_id=7,
        hall_id="h", number="20260928-0001", service_code="civil_affairs", ticket_id=1,
    )  # fmt: skip


def walk(case: Case, *actions: str) -> Case:
    for action in actions:
        match action:
            case "reject":
                case.reject("材料不全", "可申请复议", NOW, 8)
            case "deliver":
                case.deliver(Delivery.WINDOW, "", NOW, 8)
            case "request_materials":
                case.request_materials(("户口簿",), NOW, NOW.date(), 8)
            case "resubmit":
                case.record_materials(("户口簿",), (), None, NOW, 8)
                case.resubmit(NATIONAL_DAY, NOW, NOW.date(), 8)
            case _:
                getattr(case, action)(NOW, 8)
    return case


def test_accepting_sets_the_working_day_deadline_and_records_the_step():
    case = new_case()
    assert case.deadline == date(2026, 10, 10), "over National Day, onto the make-up Saturday"
    assert case.status is CaseStatus.ACCEPTED
    (step,) = case.history
    assert (step.action, step.to_status, step.actor_id, step.at) == ("accept", case.status, 7, NOW)


@pytest.mark.parametrize(
    ("path", "end"),
    [
        (("review", "approve", "ready", "deliver"), CaseStatus.DELIVERED),
        (("review", "reject", "ready", "deliver"), CaseStatus.DELIVERED),
        (("review", "reject"), CaseStatus.REJECTED),
    ],
)
def test_legal_paths_end_where_the_table_says(path, end):
    case = walk(new_case(), *path)
    assert case.status is end
    assert [s.action for s in case.history] == ["accept", *path]
    assert all(s.actor_id == 8 and s.at == NOW for s in case.history[1:])


def test_every_move_outside_the_table_is_illegal():
    reach = {
        CaseStatus.ACCEPTED: (),
        CaseStatus.IN_REVIEW: ("review",),
        CaseStatus.APPROVED: ("review", "approve"),
        CaseStatus.REJECTED: ("review", "reject"),
        CaseStatus.READY: ("review", "approve", "ready"),
        CaseStatus.DELIVERED: ("review", "approve", "ready", "deliver"),
    }
    for status, path in reach.items():
        for action, table in MOVES.items():
            case = walk(new_case(), *path)
            assert case.status is status
            if status in table:
                walk(case, action)
                assert case.status is table[status]
            else:
                with pytest.raises(IllegalMove):
                    walk(case, action)
                assert case.status is status


def test_rejection_and_delivery_need_their_details():
    case = walk(new_case(), "review")
    with pytest.raises(InvalidValue):
        case.reject("  ", "复议", NOW)
    with pytest.raises(InvalidValue):
        case.reject("材料不全", "", NOW)
    walk(case, "approve", "ready")
    with pytest.raises(InvalidValue):
        case.deliver(Delivery.POST, "", NOW)
    with pytest.raises(InvalidValue):
        case.deliver(Delivery.CABINET, " ", NOW)
    case.deliver(Delivery.CABINET, "A-12", NOW, 3)
    assert case.delivery is Delivery.CABINET and case.tracking == "A-12"
    assert case.history[-1].data == {"method": "cabinet", "tracking": "A-12"}


def test_accepting_with_a_missing_material_needs_a_promise_date():
    case = new_case()
    with pytest.raises(InvalidValue):
        case.record_materials(("身份证",), ("户口簿",), None, NOW)
    with pytest.raises(InvalidValue):
        case.record_materials(("身份证",), ("户口簿",), date(2026, 9, 27), NOW)
    case.record_materials(("身份证",), ("户口簿",), date(2026, 9, 30), NOW, 5)
    assert case.missing == ("户口簿",) and case.promise_date == date(2026, 9, 30)
    assert case.status is CaseStatus.ACCEPTED and case.history[-1].action == "materials"
    case.record_materials(("身份证", "户口簿"), (), date(2026, 9, 30), NOW)
    assert case.promise_date is None, "nothing owed, nothing promised"


def card_on(case: Case, day: date) -> tuple[str, int] | None:
    card = case.card(NATIONAL_DAY, day, CARDS)
    return None if card is None else (card.level.value, card.days_left)


def test_cards_at_their_edges_across_the_holiday():
    case = new_case(5)  # accepted Mon 09-28, deadline Sat 10-10 (make-up day)
    assert card_on(case, date(2026, 9, 28)) is None
    assert card_on(case, date(2026, 10, 9)) is None, "Friday: two working days left"
    assert card_on(case, date(2026, 10, 10)) == ("yellow", 1), "the last working day"
    assert card_on(case, date(2026, 10, 11)) == ("red", 0), "the day after the deadline"
    assert case.card(NATIONAL_DAY, date(2026, 10, 10), CARDS).since == date(2026, 10, 10)
    red = case.card(NATIONAL_DAY, date(2026, 10, 20), CARDS)
    assert red.level is Level.RED and red.since == date(2026, 10, 11)


def test_the_share_rule_widens_yellow_for_long_promises():
    case = new_case(10)  # 20 % of 10 = 2 working days of yellow
    assert case.deadline == date(2026, 10, 16)
    assert card_on(case, date(2026, 10, 14)) is None
    assert card_on(case, date(2026, 10, 15)) == ("yellow", 2)
    # A weekend right before the yellow days is yellow too: no fewer days are left.
    long = new_case(10, on=date(2026, 10, 30))  # deadline Fri 11-13
    assert card_on(long, date(2026, 11, 11)) is None
    assert long.card(NATIONAL_DAY, date(2026, 11, 12), CARDS).since == date(2026, 11, 12)
    one = new_case(1, on=date(2026, 11, 6))  # Friday + 1 = Monday 11-09
    assert one.card(NATIONAL_DAY, date(2026, 11, 7), CARDS).since == date(2026, 11, 7)


def test_a_decided_case_carries_no_card():
    case = walk(new_case(), "review", "approve")
    assert case.card(NATIONAL_DAY, date(2026, 12, 1), CARDS) is None


def test_deadline_alerts_count_cases_per_department_and_level():
    t = datetime(2026, 10, 10, tzinfo=UTC)
    alerts = case_deadline_alerts([
        ("民政", Level.YELLOW, t), ("民政", Level.YELLOW, t - timedelta(days=1)),
        ("民政", Level.RED, t), ("不动产", Level.YELLOW, t),
    ])  # fmt: skip
    summary = [(a.subject, a.level.value, a.data["count"], a.since) for a in alerts]
    assert summary == [
        ("cases:民政:red:1", "red", 1, t),
        ("cases:民政:yellow:2", "yellow", 2, t - timedelta(days=1)),
        ("cases:不动产:yellow:1", "yellow", 1, t),
    ]
    assert all(a.kind == "case_deadline" and "number" not in a.data for a in alerts)
