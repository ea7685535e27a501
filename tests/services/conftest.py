"""Use cases on the fake unit of work: no Flask, no database, the clock passed in.

The hall is tests/fakes/hall.demo_hall(): windows 1 (consult), 2-4 (general), 5 (business
registration), 6 (real estate); the clock starts on Monday 2026-11-23 10:00 in Shanghai.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from server.services import counter, tickets, windows
from server.services.commands import Actor, Finish, IssueTicket, WindowCommand
from server.services.views import IssuedTicket, TicketView
from tests.fakes import HALL, FakeUnitOfWork, HallRun, demo_hall


@dataclass
class Desk:
    """The hall with a kiosk and a clerk; short verbs for the steps tests take often."""

    run: HallRun
    uow: FakeUnitOfWork
    kiosk: Actor
    clerk: Actor

    def issue(self, service: str = "social_security", **kw: Any) -> IssuedTicket:
        self.run.clock.advance(seconds=10)  # one citizen after another
        return self.run.run(tickets.issue_ticket, IssueTicket(HALL, service, self.kiosk, **kw))

    def window(self, number: int) -> int:
        return self.run.window_id(number)

    def sign_in(self, number: int, actor: Actor | None = None) -> int:
        window_id = self.window(number)
        self.run.run(windows.sign_in, WindowCommand(window_id, actor or self.clerk))
        return window_id

    def call(self, window_id: int, actor: Actor | None = None) -> TicketView:
        self.run.clock.advance(seconds=2)  # past the double-click guard
        return self.run.run(counter.call_next, WindowCommand(window_id, actor or self.clerk))

    def act(self, handler: Any, window_id: int, actor: Actor | None = None) -> Any:
        return self.run.run(handler, WindowCommand(window_id, actor or self.clerk))

    def finish(
        self, window_id: int, actor: Actor | None = None, **kw: Any
    ) -> counter.FinishedTicket:
        return self.run.run(counter.finish, Finish(window_id, actor or self.clerk, **kw))

    def published(self, kind: type) -> list[Any]:
        return self.uow.events_of(kind)

    def forget_events(self) -> None:
        self.uow.published.clear()


def make_desk(cfg: Any = None) -> Desk:
    uow = FakeUnitOfWork.of(cfg or demo_hall())
    run = HallRun(lambda: uow)
    return Desk(run, uow, run.kiosk(), run.staff("clerk1"))


@pytest.fixture
def desk() -> Desk:
    return make_desk()
