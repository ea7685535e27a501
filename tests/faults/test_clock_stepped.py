"""An NTP-stepped clock mid-day, through the injectable clock of the app: stepped back 10
minutes, then forward an hour (the same service day). Numbers stay unique and contiguous,
the line keeps its order (a ticket taken after the step back is not served before those taken
earlier), and no wait, estimate, service time or warning comes out negative: not on the wall
display's snapshot, a citizen's ticket status, the counter console, the warnings or the
day's report."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from server.adapters import tables
from server.domain.ticket import Outcome, Ticket, queue_time
from server.services.snapshot import refresh_alerts
from tests.server.conftest import HALL, OPEN_MONDAY, Hall, build_hall

DAY = OPEN_MONDAY.date().isoformat()


def negatives(value: Any, path: str = "") -> list[str]:
    """Every number below zero in a JSON value, by its path."""
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in negatives(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in negatives(v, f"{path}[{i}]")]
    if isinstance(value, int | float) and not isinstance(value, bool) and value < 0:
        return [f"{path}={value}"]
    return []


@pytest.fixture
def app_hall(tmp_path: Path) -> Iterator[Hall]:
    """The server tests' hall (the real app on a SQLite file, its clock injected)."""
    built = build_hall(f"sqlite:///{tmp_path / 'hall.sqlite3'}")
    yield built
    built.engine.dispose()


def test_a_stepped_clock_keeps_numbers_order_and_every_duration_sane(app_hall):
    hall = app_hall
    display = hall.anonymous()
    display.headers = {"Authorization": f"Bearer {hall.accounts.display_token}"}
    kiosk, manager = hall.kiosk(), hall.clerk("manager")
    two, three = hall.clerk("clerk1", window=2), hall.clerk("clerk2", window=3)
    issued = [hall.issue() for _ in range(3)]  # A001-A003 at 10:00
    hall.clock.advance(seconds=5)
    assert two.post("/windows/2/call-next").json["number"] == "A001"
    assert two.post("/windows/2/start").status_code == 200
    hall.clock.advance(minutes=2)

    def nothing_negative() -> None:
        hall.runtime.execute(refresh_alerts, HALL)
        views = {
            "snapshot": display.get(f"/halls/{HALL}/snapshot").json,
            "tickets": [kiosk.get(f"/tickets/{t['token']}").json for t in issued],
            "console2": two.get("/windows/2/console").json,
            "console3": three.get("/windows/3/console").json,
            "report": manager.get(f"/halls/{HALL}/reports?from={DAY}&to={DAY}").json,
        }
        assert negatives(views) == []
        waiting = [t for t in views["tickets"] if t["status"] == "waiting"]
        aheads = [t["ahead"] for t in waiting]
        assert aheads == sorted(aheads) and len(set(aheads)) == len(aheads), "the line's order"

    hall.clock.advance(minutes=-10)  # NTP steps the clock back: 09:52
    issued += [hall.issue() for _ in range(2)]  # A004, A005
    nothing_negative()
    assert two.post("/windows/2/finish").status_code == 200
    assert three.post("/windows/3/call-next").json["number"] == "A002", "not A004"
    assert two.post("/windows/2/call-next").json["number"] == "A003", "no call-too-soon"
    nothing_negative()

    hall.clock.advance(hours=1)  # and forward an hour: 10:52, the same day
    issued.append(hall.issue())  # A006
    nothing_negative()
    order = []
    for clerk, window in ((three, 3), (two, 2)) * 3:
        clerk.post(f"/windows/{window}/finish")
        hall.clock.advance(seconds=2)
        called = clerk.post(f"/windows/{window}/call-next")
        if called.status_code == 200:
            order.append(called.json["number"])
    assert order == ["A004", "A005", "A006"], "served in the order taken"
    nothing_negative()

    t = tables.tickets.c
    with hall.engine.connect() as conn:
        rows = conn.execute(select(t.number, t.issued_at, t.called_at, t.serving_at,
                                   t.finished_at).order_by(t.id)).all()  # fmt: skip
    assert [r.number for r in rows] == [f"A00{i}" for i in range(1, 7)], "unique, contiguous"
    for r in rows:
        times = [x for x in (r.issued_at, r.called_at, r.serving_at, r.finished_at) if x]
        assert times == sorted(times), f"{r.number}'s own times run forwards"


def test_the_domain_keeps_a_tickets_own_times_and_the_line_running_forwards():
    at = OPEN_MONDAY
    earlier = at - timedelta(minutes=10)
    assert queue_time(earlier, at) == at, "behind the latest ticket waiting"
    assert queue_time(at, earlier) == at and queue_time(at, None) == at
    ticket = Ticket(id=1, hall_id=HALL, day=at.date(), number="A001", service_code="s",
                    token="t", issued_at=at, queue_at=at)  # fmt: skip
    ticket.call(2, earlier)
    ticket.finish(Outcome.DONE, earlier - timedelta(minutes=1))
    assert ticket.called_at == ticket.serving_at == ticket.finished_at == at
