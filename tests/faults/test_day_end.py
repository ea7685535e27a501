"""The day's end with tickets still waiting, on a ManualClock across midnight and with a
real server started the day after: closed and announced by default, or carried over into
the new day ahead of new tickets with `[rules] carry_over_waiting = true`.

The use case runs as the server's ticker runs it (runtime.execute(end_past_days, hall)).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from config.errors import ConfigError
from server.adapters import tables
from server.adapters.hall_file import load_hall
from server.services.day_end import PastDaysEnded, end_past_days
from tests.faults.conftest import Hall as ServedHall
from tests.faults.conftest import make_hall, wait_until
from tests.scale.conftest import open_hall_file
from tests.server.conftest import EXAMPLE, HALL, Hall, build_hall, events

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY_LAST_SECOND = datetime(2026, 11, 23, 23, 59, 59, tzinfo=SHANGHAI).astimezone(UTC)
TUESDAY_FIRST_SECOND = datetime(2026, 11, 24, 0, 0, 1, tzinfo=SHANGHAI).astimezone(UTC)


def _hall_file(tmp: Path, carry: bool) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace("carry_over_waiting = false", f"carry_over_waiting = {str(carry).lower()}")
    path = tmp / "hall.toml"
    path.write_text(text, encoding="utf-8")
    assert load_hall(path).hall.rules.carry_over_waiting is carry
    return path


@pytest.fixture(params=[False, True], ids=["close", "carry"])
def day_hall(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    built = build_hall(
        f"sqlite:///{tmp_path / 'hall.sqlite3'}", _hall_file(tmp_path, request.param)
    )
    built.carry = request.param  # type: ignore[attr-defined]
    yield built
    built.engine.dispose()


def _tick(hall: Hall) -> PastDaysEnded:
    return hall.runtime.execute(end_past_days, HALL)  # type: ignore[no-any-return]


def _status(hall: Hall, token: str) -> dict[str, Any]:
    r = hall.anonymous().get(f"/tickets/{token}")
    assert r.status_code == 200
    return r.json  # type: ignore[no-any-return]


def _window_id(hall: Hall, number: int) -> int:
    w = tables.windows.c
    with hall.engine.connect() as conn:
        found = select(w.id).where(w.hall_id == HALL, w.number == number)
        return int(conn.execute(found).scalar_one())


def _waiting(hall: Hall, service: str) -> int:
    lines = hall.kiosk().get(f"/halls/{HALL}/queues").json["lines"]
    return int(next(q for q in lines if q["code"] == service)["waiting"])


def test_tickets_left_at_midnight_are_closed_or_carried_and_announced(day_hall: Hall):
    hall, carry = day_hall, day_hall.carry  # type: ignore[attr-defined]
    a1, a2, a3 = (hall.issue("social_security") for _ in range(3))
    window = _window_id(hall, 2)
    clerk = hall.clerk("clerk1", window)
    assert clerk.post(f"/windows/{window}/call-next").json["number"] == a1["number"]
    assert clerk.post(f"/windows/{window}/finish").status_code == 200
    display = hall.display()
    events(display)

    hall.clock.set(MONDAY_LAST_SECOND)  # still Monday: nothing ends
    assert _tick(hall) == PastDaysEnded(closed=[], carried=[])
    assert _status(hall, a2["token"])["status"] == "waiting"

    hall.clock.set(TUESDAY_FIRST_SECOND)
    done = _tick(hall)
    if carry:
        assert done == PastDaysEnded(closed=[], carried=[a2["number"], a3["number"]])
    else:
        assert done == PastDaysEnded(closed=[a2["number"], a3["number"]], carried=[])
    assert _tick(hall) == PastDaysEnded(closed=[], carried=[])  # once only

    (_, ended), *_ = events(display, "day.ended")
    assert ended["day"] == "2026-11-24"
    assert (ended["closed"], ended["carried"]) == (done.closed, done.carried)
    assert ended["announcement"]["zh"] and ended["announcement"]["en"]
    for ticket in (a2, a3):
        state = _status(hall, ticket["token"])
        assert state["status"] == ("waiting" if carry else "cancelled")
    assert _status(hall, a1["token"])["status"] == "done"  # a finished ticket is untouched

    hall.clock.advance(hours=9)  # Tuesday 09:00: open
    new = hall.issue("social_security")
    assert _waiting(hall, "social_security") == (3 if carry else 1)
    if not carry:
        assert new["number"] == "A001"  # numbers restart with the day
        return
    assert new["number"] == "A004"  # after the carried A002, A003: no number twice
    window = _window_id(hall, 3)
    clerk = hall.clerk("clerk2", window)
    called = [clerk.post(f"/windows/{window}/call-next").json["number"]]
    for _ in range(2):
        assert clerk.post(f"/windows/{window}/finish").status_code == 200
        hall.clock.advance(seconds=5)  # past the call guard
        called.append(clerk.post(f"/windows/{window}/call-next").json["number"])
    assert called == [a2["number"], a3["number"], "A004"]  # the carried ones first


def test_a_carried_number_already_given_today_is_closed_not_doubled(tmp_path: Path):
    hall = build_hall(f"sqlite:///{tmp_path / 'h.sqlite3'}", _hall_file(tmp_path, True))
    try:
        first, second = hall.issue(), hall.issue()
        hall.clock.advance(days=1)
        today = hall.issue()  # issued before the day-end pass ran: A001 again
        assert today["number"] == first["number"] == "A001"
        assert _tick(hall) == PastDaysEnded(closed=["A001"], carried=["A002"])
        assert hall.issue()["number"] == "A003"
        t = tables.tickets.c
        with hall.engine.connect() as conn:
            rows = conn.execute(select(t.number).where(t.status == "waiting")).scalars()
            assert sorted(rows) == ["A001", "A002", "A003"]
        assert _status(hall, first["token"])["status"] == "cancelled"
        assert _status(hall, second["token"])["status"] == "waiting"
    finally:
        hall.engine.dispose()


def test_the_rule_is_validated_in_the_hall_file(tmp_path: Path):
    path = _hall_file(tmp_path, False)
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "carry_over_waiting = false", 'carry_over_waiting = "yes"'
        ),
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="carry_over_waiting"):
        load_hall(path)
    assert load_hall(EXAMPLE).hall.rules.carry_over_waiting is False


def test_a_server_started_the_next_day_closes_yesterdays_waiting_tickets(tmp_path: Path):
    """Tickets made yesterday (an in-process app on a ManualClock, on the same file); then
    the real server starts today: its first tick closes them, and today starts at A001."""
    url = f"sqlite:///{tmp_path / 'hall.db'}"
    yesterday = build_hall(url, open_hall_file(EXAMPLE, tmp_path / "open.toml"))
    yesterday.clock.set(datetime.now(UTC) - timedelta(days=1))
    old = [yesterday.issue("household") for _ in range(2)]
    served: ServedHall = make_hall(tmp_path, url)  # new device tokens: yesterday's are gone
    try:
        served.server.start()
        wait_until(
            "yesterday's tickets closed by the first tick",
            lambda: all(
                served.kiosk().get(f"/tickets/{t['token']}").json()["status"] == "cancelled"
                for t in old
            ),
        )
        r = served.kiosk().post(f"/halls/{HALL}/tickets", {"service": "household"})
        assert r.status_code == 201 and r.json()["number"].endswith("001")
    finally:
        served.server.stop()
        yesterday.engine.dispose()
        served.engine.dispose()
