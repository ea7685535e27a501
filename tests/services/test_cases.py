"""Cases (办件) of promised matters: moved by the back office, looked up by the applicant."""

from __future__ import annotations

from datetime import date

import pytest

from server.domain.cases import CaseStatus, Delivery
from server.domain.errors import IllegalCaseMove, InvalidValue, UnknownCase
from server.domain.ticket import Outcome
from server.services import cases
from server.services.case_results import CaseView
from server.services.events import CaseChanged
from tests.fakes import HALL
from tests.services.people import LI, ZHANG


def accepted(desk, id_number: str = ZHANG) -> str:
    """A civil-affairs matter accepted at window 2: the case's number."""
    desk.issue("civil_affairs", id_number=id_number, name="张三明")
    window = desk.sign_in(2)
    desk.call(window)
    case = desk.finish(window, outcome=Outcome.ACCEPTED).case
    assert case is not None
    return str(case.number)


def move(desk, number: str, action: str, actor=None, **kw) -> CaseView:
    """One move by `actor`, by default a manager of the back office (no window)."""
    cmd = cases.MoveCase(HALL, number, action, actor or desk.clerk_of_back_office, **kw)
    return desk.run.run(cases.move_case, cmd)


@pytest.fixture
def desk(desk):
    desk.clerk_of_back_office = desk.run.staff("reviewer", "manager")
    return desk


def stored(desk, number: str):
    return desk.run.read(lambda uow: uow.cases.by_number(HALL, number))


def test_every_move_is_a_timed_attributed_step(desk):
    number = accepted(desk)
    desk.run.clock.advance(hours=1)
    for action in ("review", "approve", "ready"):
        assert move(desk, number, action).number == number
    done = move(desk, number, "deliver", desk.clerk, method=Delivery.WINDOW)  # at window 2
    assert done.status == "delivered" and done.delivery == "window"
    case_id = stored(desk, number).id
    steps = desk.run.read(lambda uow: uow.cases.steps(case_id))
    assert [(s["action"], s["to"], s["actor_name"], s["window"]) for s in steps] == [
        ("accept", "accepted", "Clerk1", 2),
        ("review", "in_review", "Reviewer", None),
        ("approve", "approved", "Reviewer", None),
        ("ready", "ready_for_pickup", "Reviewer", None),
        ("deliver", "delivered", "Clerk1", 2),
    ]
    assert [e.kind for e in desk.published(CaseChanged)] == [
        "opened", "review", "approve", "ready", "deliver",
    ]  # fmt: skip
    assert stored(desk, number).version == 4


def test_a_refusal_needs_its_reason_and_remedy_and_changes_nothing_without(desk):
    number = accepted(desk)
    move(desk, number, "review")
    before = stored(desk, number)
    with pytest.raises(InvalidValue) as refused:
        move(desk, number, "reject", reason="材料不符")
    assert refused.value.params["field"] == "remedy"
    assert stored(desk, number) == before
    rejected = move(desk, number, "reject", reason="材料不符", remedy="可申请行政复议")
    assert rejected.status == "rejected" and rejected.remedy == "可申请行政复议"


def test_a_move_out_of_order_is_refused(desk):
    number = accepted(desk)
    desk.forget_events()
    with pytest.raises(IllegalCaseMove):
        move(desk, number, "approve")  # not reviewed yet
    assert stored(desk, number).status is CaseStatus.ACCEPTED
    assert desk.published(CaseChanged) == []


def test_a_material_owed_is_recorded_with_its_promise_day(desk):
    number = accepted(desk)
    owed = move(desk, number, "materials", received=("身份证",), missing=("户口本",),
                promise_date=date(2026, 11, 25))  # fmt: skip
    assert owed.missing == ["户口本"] and owed.promise_date == "2026-11-25"
    assert stored(desk, number).materials == ("身份证",)


def test_an_applicant_sees_only_their_own_cases(desk):
    mine = accepted(desk)
    desk.issue("civil_affairs", id_number=LI)
    desk.call(desk.window(2))
    desk.finish(desk.window(2), outcome=Outcome.ACCEPTED)
    found = desk.run.run(cases.look_up, cases.LookUpCases(HALL, id_number=ZHANG))
    assert [c.number for c in found.cases] == [mine]
    assert found.cases[0].name_masked == "张*明" and not hasattr(found.cases[0], "window_id")
    with pytest.raises(UnknownCase):
        desk.run.run(cases.look_up, cases.LookUpCases(HALL, "20261123-0002", ZHANG))
