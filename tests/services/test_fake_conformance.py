"""The fake unit of work against the real one: one scenario of a hall's day, run on both.

Every use case's answer (or refusal), every event published and what the ports read back at
the end must be the same on the fake and on SqlUnitOfWork over a SQLite file, so the fake
cannot drift from the adapters unseen. Random tokens and booking codes are replaced by their
order of appearance before comparing.
"""

from __future__ import annotations

import json
from dataclasses import asdict, is_dataclass
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest

from server.adapters.calendar import chinese_working_calendar
from server.adapters.database import make_engine
from server.adapters.unit_of_work import SqlUnitOfWork
from server.bootstrap import prepare_database
from server.domain.cases import Delivery
from server.domain.errors import DomainError
from server.domain.personal import id_check_char
from server.domain.rating import RatingLevel
from server.domain.ticket import Outcome, Priority
from server.services import (
    appointments,
    board,
    cases,
    counter,
    day_end,
    manage,
    snapshot,
    tickets,
    windows,
)
from server.services.commands import (
    CloseFollowUp,
    Finish,
    IssueTicket,
    Pause,
    Rate,
    SetNotice,
    TicketCommand,
    Transfer,
    WindowCommand,
)
from tests.fakes import CITIZEN, HALL, FakeUnitOfWork, HallRun, demo_hall

ZHANG = "11010519800101123" + id_check_char("11010519800101123")
LI = "43010219900202456" + id_check_char("43010219900202456")


class Recorder:
    """The SQL unit of work's publisher: keeps what it was given."""

    def __init__(self) -> None:
        self.published: list[object] = []

    def publish(self, events: list[object]) -> None:
        self.published.extend(events)


def scenario(hall: HallRun) -> list[Any]:
    """A morning at the hall, with refusals on the way; returns each step's outcome."""
    out: list[Any] = []

    def step(handler: Any, *args: Any) -> Any:
        try:
            result = hall.run(handler, *args)
        except DomainError as e:
            result = {"refused": e.code, "params": e.params}
        out.append(result)
        return result

    clerk, helper, manager = (
        hall.staff("clerk1"),
        hall.staff("clerk2"),
        hall.staff("boss", "manager"),
    )
    kiosk = hall.kiosk()
    w2, w3, w5 = hall.window_id(2), hall.window_id(3), hall.window_id(5)
    step(windows.sign_in, WindowCommand(w2, clerk))
    step(windows.sign_in, WindowCommand(w5, helper))

    def issue(service: str, **kw: Any) -> Any:
        hall.clock.advance(seconds=30)
        return step(tickets.issue_ticket, IssueTicket(HALL, service, kiosk, **kw))

    a1 = issue("social_security", id_number=ZHANG, name="张三明", request_key="r1")
    issue("social_security", id_number=ZHANG)  # already waiting
    issue("social_security", id_number=ZHANG, name="张三明", request_key="r1")  # a retry
    issue("social_security", request_key="r1")  # the same key for another request
    issue("household", priority=Priority.ELDERLY)
    issue("business_registration")
    c1 = issue("civil_affairs", id_number=LI, name="李四")
    issue("medical_insurance")

    def at(window: int, handler: Any, cmd: Any = None, actor: Any = clerk) -> Any:
        hall.clock.advance(seconds=5)
        return step(handler, cmd or WindowCommand(window, actor))

    at(w2, counter.call_next)  # the elderly ticket first
    at(w2, counter.call_next)  # busy
    at(w2, counter.recall)
    at(w2, counter.start)
    at(w2, counter.finish, Finish(w2, clerk))
    at(w2, counter.call_next)  # A001
    at(w2, counter.mark_no_show)
    at(w5, counter.call_next, actor=helper)  # its own F001
    at(w5, counter.transfer, Transfer(w5, helper, to_window_id=w3, note="缺营业执照"))
    at(w5, counter.call_next, actor=helper)  # nothing of its own: helps the general line
    at(w5, counter.finish, Finish(w5, helper, outcome=Outcome.CONSULTED))
    step(tickets.rejoin, TicketCommand(a1.token, kiosk))
    at(w2, counter.call_next)  # A001 again, first in line
    at(w2, counter.finish, Finish(w2, clerk))
    at(w2, counter.call_next)  # C001, a promised matter
    at(w2, counter.finish, Finish(w2, clerk, outcome=Outcome.ACCEPTED))
    step(windows.pause, Pause(w2, clerk, reason="lunch"))
    at(w2, counter.call_next)  # paused
    step(windows.resume, WindowCommand(w2, clerk))
    step(tickets.rate, Rate(a1.token, CITIZEN, level=RatingLevel.DISSATISFIED,
                            reasons=("等候太久",)))  # fmt: skip
    step(tickets.rate, Rate(c1.token, CITIZEN, level=RatingLevel.VERY_SATISFIED))

    number = next(r.case.number for r in out if isinstance(r, counter.FinishedTicket) and r.case)
    for action in ("review", "approve", "deliver", "ready"):  # deliver: not ready yet
        step(cases.move_case, cases.MoveCase(HALL, number, action, manager))
    step(cases.move_case, cases.MoveCase(HALL, number, "deliver", clerk, method=Delivery.WINDOW))

    booking = appointments.Book(
        hall_id=HALL,
        service_code="household",
        day=date(2026, 11, 23),
        start=time(11, 0),
        name="王五",
        id_number=LI,
        phone="13812345678",
    )
    booked = step(appointments.book, booking)
    hall.clock.advance(minutes=25)  # on time: 30 minutes early at most
    step(
        appointments.check_in,
        appointments.CheckIn(HALL, kiosk, booking_code=_field(booked, "code"), request_key="r2"),
    )
    step(tickets.issue_ticket, IssueTicket(HALL, "real_estate", kiosk))  # a specialised line
    hall.clock.advance(minutes=45)  # waiting tickets turn yellow and red
    step(snapshot.refresh_alerts, HALL)
    follow_up = _field(hall.read(lambda uow: uow.followups.open(HALL))[0], "id")
    step(manage.close_follow_up, CloseFollowUp(follow_up, manager, "called back"))
    step(manage.set_notice, SetNotice(HALL, manager, "通知", "Notice"))
    step(snapshot.hall_snapshot, HALL)
    step(board.board, HALL)
    step(cases.case_detail, HALL, number)
    step(cases.list_cases, cases.ListCases(HALL))
    step(cases.late_cases, HALL)
    step(board.audit, HALL, 10)
    hall.clock.advance(days=1)
    step(day_end.end_past_days, HALL)
    step(tickets.issue_ticket, IssueTicket(HALL, "social_security", kiosk))  # A001 again
    out.append(_read_back(hall, w2, clerk.user_id or 0))
    return out


def _field(value: Any, name: str) -> Any:
    """A field of a use case's result or a port's row (a dataclass, or a dict not yet typed)."""
    return value[name] if isinstance(value, dict) else getattr(value, name)


def _read_back(hall: HallRun, window_id: int, clerk_id: int) -> dict[str, Any]:
    """What the ports hold at the end, read through them."""

    def read(uow: Any) -> dict[str, Any]:
        day = date(2026, 11, 23)
        found = []
        for ticket_id in range(1, 20):
            try:
                found.append(uow.tickets.get(ticket_id))
            except DomainError:
                break
        return {
            "tickets": found,
            "windows": uow.windows.list(HALL),
            "counters": uow.counters.day_values(HALL, day, ""),
            "recent_calls": uow.tickets.recent_calls(HALL, day, 20),
            "waiting_counts": uow.tickets.waiting_counts(HALL, day),
            "notes": [uow.counter_reads.ticket_notes(t.id) for t in found],
            "clerk_day": uow.counter_reads.clerk_day(HALL, day, clerk_id),
            "last_finished": uow.counter_reads.last_finished_at(window_id, day),
            "appointments": uow.appointments.on_day(HALL, day),
            "ratings": uow.followups.ratings_of_day(HALL, day),
            "alerts": uow.alerts.active(HALL),
            "staff": uow.staff.of_hall(HALL),
            "hall": uow.halls.get(HALL),
        }

    return hall.read(read)


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {"type": type(value).__name__, **_plain(asdict(value))}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    return value


def _text(outcomes: list[Any], events: list[object]) -> str:
    """Both as JSON text, random tokens and codes replaced by their order of appearance."""
    text = json.dumps(
        _plain([outcomes, events]), ensure_ascii=False, default=str, indent=1, sort_keys=True
    )
    secrets = []
    for r in map(_plain, outcomes):
        if isinstance(r, dict):
            secrets += [r[k] for k in ("token", "code") if isinstance(r.get(k), str)]
    for n, secret in enumerate(dict.fromkeys(secrets)):
        text = text.replace(secret, f"<secret {n}>")
    return text


@pytest.fixture
def sql_run(tmp_path: Path) -> Any:
    engine = make_engine(f"sqlite:///{tmp_path / 'hall.sqlite3'}")
    prepare_database(engine, [demo_hall()])
    recorder = Recorder()
    yield HallRun(lambda: SqlUnitOfWork(engine, recorder)), recorder
    engine.dispose()


def test_the_fake_and_the_sql_unit_of_work_agree_on_a_day(sql_run: Any) -> None:
    sql_hall, recorder = sql_run
    fake = FakeUnitOfWork.of(demo_hall(), calendar=chinese_working_calendar())
    fake_hall = HallRun(lambda: fake)

    on_fake = _text(scenario(fake_hall), fake.published)
    on_sql = _text(scenario(sql_hall), recorder.published)

    assert on_fake.count('"refused"') >= 5, "the scenario meets refusals on the way"
    assert on_fake.count('"type": "TicketChanged"') >= 15
    assert on_fake.splitlines() == on_sql.splitlines()
