"""Connections dropped on the way (a TCP relay between client and server cuts them):
a display that lost its socket while calls went on shows exactly the current state when it
is back, and a kiosk whose answer was lost retries with the same key and gets the one ticket.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import requests
from sqlalchemy import func, select

from server.adapters import tables
from tests.faults.conftest import Hall, Relay, same_state, wait_until
from tests.scale.conftest import HALL
from tests.server.request_keys import stored_key


@pytest.fixture
def relay(sqlite_hall: Hall) -> Iterator[Relay]:
    r = Relay(sqlite_hall.server.port)
    yield r
    r.close()


def _call_and_finish(hall: Hall, rounds: int) -> list[str]:
    clerk, window = hall.clerk("clerk4", 4), hall.window_id(4)
    called = []
    for _ in range(rounds):
        r = clerk.post(f"/windows/{window}/call-next")
        assert r.status_code == 200, r.text
        called.append(r.json()["number"])
        assert clerk.post(f"/windows/{window}/finish").status_code == 200
    assert clerk.post(f"/windows/{window}/call-next").status_code == 200  # one left at the window
    return called


def test_a_display_cut_off_while_calls_go_on_shows_the_current_state_on_return(
    sqlite_hall: Hall, relay: Relay
):
    hall = sqlite_hall
    kiosk = hall.kiosk()
    for _ in range(6):
        assert kiosk.post(f"/halls/{HALL}/tickets", {"service": "household"}).status_code == 201
    display = hall.display(relay.base)
    first = display.snapshot_on(1)

    relay.refuse.set()  # the network is gone: cut now, and every reconnect attempt dropped
    relay.cut()
    wait_until("the display noticed the drop", lambda: display.connects >= 2)
    called = _call_and_finish(hall, 3)
    for _ in range(2):
        assert kiosk.post(f"/halls/{HALL}/tickets", {"service": "civil_affairs"}).status_code == 201
    heard = [d["number"] for n, d in list(display.events) if n == "ticket.called"]
    assert not set(heard) & set(called)  # it really missed them

    relay.refuse.clear()
    shown = display.snapshot_on(2)
    truth = hall.truth()
    same_state(shown, truth)
    assert shown != first
    calls = [c["number"] for c in shown["recent_calls"]]
    assert set(called) <= set(calls)


def test_a_kiosk_retry_after_a_lost_answer_makes_no_second_ticket(sqlite_hall: Hall, relay: Relay):
    hall = sqlite_hall
    kiosk = hall.kiosk(relay.base)
    key = uuid.uuid4().hex
    body, headers = {"service": "medical_insurance"}, {"Idempotency-Key": key}
    before = hall.truth()

    relay.swallow.set()
    with pytest.raises(requests.ConnectionError):
        kiosk.post(f"/halls/{HALL}/tickets", body, headers)
    assert relay.swallowed == 1
    t = tables.tickets.c
    stored = stored_key(hall.engine, hall.accounts.kiosk_token, key)  # kept with its device
    count = select(func.count()).where(t.hall_id == HALL, t.request_key == stored)
    with hall.engine.connect() as conn:  # the server did make it: only the answer was lost
        assert conn.execute(count).scalar_one() == 1

    relay.swallow.clear()
    kiosk = hall.kiosk(relay.base)  # a fresh connection, as a kiosk's retry would open
    retries = [kiosk.post(f"/halls/{HALL}/tickets", body, headers) for _ in range(3)]
    assert {r.status_code for r in retries} == {201}
    assert len({(r.json()["id"], r.json()["number"]) for r in retries}) == 1
    with hall.engine.connect() as conn:
        assert conn.execute(count).scalar_one() == 1
        row = conn.execute(select(t.id).where(t.request_key == stored)).one()
    assert retries[0].json()["id"] == row.id

    def waiting(snapshot: dict) -> int:  # type: ignore[type-arg]
        return sum(line["waiting"] for line in snapshot["lines"])

    assert waiting(hall.truth()) == waiting(before) + 1
