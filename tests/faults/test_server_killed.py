"""SIGKILL the server in the middle of a load, start it again on the same SQLite file.

Three kiosks issue tickets with an Idempotency-Key (retrying the same key until answered),
two clerks call and finish, a display is connected. Proven after the restart: every ticket
a client saw acknowledged is stored, in its last acknowledged state or a later one that a
client had asked for; no number is reused; every key made at most one ticket; the display
reconnected by itself and its new snapshot equals the server's state.
"""

from __future__ import annotations

import threading
import uuid
from collections import defaultdict
from functools import partial
from typing import Any

import requests
from sqlalchemy import func, select

from server.adapters import tables
from server.domain.idempotency import scoped_key
from tests.faults.conftest import WAIT, Hall, Http, same_state, wait_until
from tests.scale.conftest import HALL
from tests.server.request_keys import device_id

KIOSKS, CLERKS = 3, [("clerk2", 2), ("clerk3", 3)]
SERVICES = ["social_security", "household", "medical_insurance"]
BEFORE_KILL, AFTER_RESTART = 24, 12  # tickets acknowledged before the kill / after restart

ORDER = {"waiting": 0, "called": 1, "done": 2}


class Load:
    """The clients' record of what the server acknowledged; a gate holds retries."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.issued: dict[str, dict[str, Any]] = {}  # key -> acknowledged ticket
        self.keys: list[str] = []  # every key sent, acknowledged or not
        self.acked: dict[int, str] = {}  # ticket id -> last acknowledged state
        self.asked: dict[int, set[str]] = defaultdict(set)  # states asked for, maybe unanswered
        self.numbers_before_kill: set[str] = set()
        self.stop = threading.Event()
        self.resume = threading.Event()
        self.resume.set()
        self.errors: list[str] = []

    def send(self, call: Any) -> requests.Response:
        """Send until answered: a dropped connection waits for the gate, then retries."""
        while True:
            try:
                return call()  # type: ignore[no-any-return]
            except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError):
                # refused, reset, or cut in the middle of the answer: unanswered either way
                if not self.resume.wait(WAIT * 2):
                    raise

    def count(self) -> int:
        with self.lock:
            return len(self.issued)


def _kiosk(load: Load, kiosk: Http, n: int) -> None:
    i = 0
    while not load.stop.is_set():
        key = uuid.uuid4().hex
        body = {"service": SERVICES[(n + i) % len(SERVICES)]}
        with load.lock:
            load.keys.append(key)
        headers = {"Idempotency-Key": key}
        r = load.send(partial(kiosk.post, f"/halls/{HALL}/tickets", body, headers))
        if r.status_code != 201:
            load.errors.append(f"issue {r.status_code} {r.text}")
            return
        ticket = r.json()
        with load.lock:
            load.issued[key] = ticket
            load.acked.setdefault(ticket["id"], "waiting")
        i += 1


def _clerk(load: Load, clerk: Http, window_id: int) -> None:
    while not load.stop.is_set():
        load.resume.wait(WAIT * 2)
        r = load.send(lambda: clerk.get(f"/windows/{window_id}/snapshot"))
        current = r.json()["window"].get("current")
        if current:  # a call from before the kill, answered or not: finish it
            _act(load, clerk, window_id, "finish", current["id"], "done")
            continue
        r = load.send(lambda: clerk.post(f"/windows/{window_id}/call-next"))
        if r.status_code != 200:
            code = r.json()["error"]["code"]
            if code not in ("queue_empty", "window_busy", "call_too_soon"):
                load.errors.append(f"call {r.status_code} {r.text}")
                return
            continue
        called = r.json()
        with load.lock:
            load.acked[called["id"]] = "called"
        _act(load, clerk, window_id, "finish", called["id"], "done")


def _act(load: Load, clerk: Http, window_id: int, action: str, ticket: int, state: str) -> None:
    with load.lock:
        load.asked[ticket].add(state)
    r = load.send(lambda: clerk.post(f"/windows/{window_id}/{action}", {"ticket_id": ticket}))
    if r.status_code == 200:
        with load.lock:
            load.acked[ticket] = state
    elif not _no_longer_current(r.json()["error"]):
        load.errors.append(f"{action} {r.status_code} {r.text}")


def _no_longer_current(error: dict[str, Any]) -> bool:
    """The window holds no ticket now, or another one: a retried finish whose first, unanswered
    attempt was committed before the kill (its state is checked against `asked` below)."""
    if error["code"] in ("no_current_ticket", "not_current"):
        return True
    return error["code"] == "illegal_move" and error["params"].get("state") in ("idle", "stale")


def test_sigkill_mid_load_loses_no_acknowledged_ticket_and_reuses_no_number(sqlite_hall: Hall):
    hall = sqlite_hall
    display = hall.display()
    load = Load()
    clerks = [(hall.clerk(user, n), hall.window_id(n)) for user, n in CLERKS]
    workers = [
        threading.Thread(target=_kiosk, args=(load, hall.kiosk(), n), daemon=True)
        for n in range(KIOSKS)
    ] + [threading.Thread(target=_clerk, args=(load, c, w), daemon=True) for c, w in clerks]
    for worker in workers:
        worker.start()

    wait_until("tickets issued before the kill", lambda: load.count() >= BEFORE_KILL)
    load.resume.clear()  # from now on a dropped request waits for the restart to retry
    hall.server.kill()
    with load.lock:
        load.numbers_before_kill = {t["number"] for t in load.issued.values()}
        acked_before_kill = dict(load.acked)
    killed_with = len(load.numbers_before_kill)

    hall.server.start()
    # Nothing moves until the display is back: its new snapshot must be the server's state.
    shown = display.snapshot_on(2)
    same_state(shown, hall.truth())

    load.resume.set()
    wait_until(
        "tickets issued after the restart", lambda: load.count() >= killed_with + AFTER_RESTART
    )
    load.stop.set()
    for worker in workers:
        worker.join(WAIT * 2)
        assert not worker.is_alive()
    assert not load.errors, load.errors
    assert "done" in load.acked.values() and "waiting" in load.acked.values()  # a real mix

    t = tables.tickets.c
    with hall.engine.connect() as conn:
        rows = conn.execute(
            select(t.id, t.number, t.status, t.request_key).where(t.hall_id == HALL)
        )
        stored = {r.id: r for r in rows}
        per_key = dict(
            conn.execute(
                select(t.request_key, func.count()).where(t.hall_id == HALL).group_by(t.request_key)
            ).all()
        )

    # Every acknowledged ticket is there, with the number and key it was acknowledged with.
    device = f"device:{device_id(hall.engine, hall.accounts.kiosk_token)}"  # keys are kept hashed
    for key, ticket in load.issued.items():
        row = stored[ticket["id"]]
        assert (row.number, row.request_key) == (ticket["number"], scoped_key(device, key))
    # ...in its last acknowledged state, or a later one a clerk asked for (answer lost).
    for ticket_id, state in load.acked.items():
        status = str(stored[ticket_id].status)
        status = status.split(".")[-1].lower()
        allowed = {state} | {s for s in load.asked[ticket_id] if ORDER[s] > ORDER[state]}
        assert status in allowed, (ticket_id, state, status)
    # Before the kill, too: nothing acknowledged then went back to an earlier state.
    for ticket_id, state in acked_before_kill.items():
        status = str(stored[ticket_id].status).split(".")[-1].lower()
        assert ORDER[status] >= ORDER[state]
    # No key made two tickets (a retried issue after the kill returned the first one).
    assert all(per_key.get(key, 0) <= 1 for key in load.keys)
    # No number reused: all stored numbers distinct; the new ones all above the old ones.
    numbers = [r.number for r in stored.values()]
    assert len(numbers) == len(set(numbers))
    after = {t["number"] for t in load.issued.values()} - load.numbers_before_kill
    assert len(after) >= AFTER_RESTART
    for number in after:
        same_prefix = [int(n[1:]) for n in load.numbers_before_kill if n[0] == number[0]]
        assert int(number[1:]) > max(same_prefix, default=0), number
    assert hall.server.starts == 2
