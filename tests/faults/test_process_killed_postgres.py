"""Two server processes on one PostgreSQL database, events shared through Redis; one is
killed with SIGKILL in the middle of a load and started again.

Each process has a kiosk issuing with an Idempotency-Key (retrying the same key until
answered) and a clerk calling and finishing; a display listens on the survivor. Proven: while
one process is dead, the other's kiosk, clerk and display keep working; after the restart,
every ticket any client saw acknowledged is stored with its number, every key made one
ticket, and no number was given twice (each prefix's numbers run 1..n without a gap).
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import select

from server.adapters import tables
from server.domain.idempotency import scoped_key
from tests.faults.conftest import WAIT, Hall, Server, make_hall, wait_until
from tests.scale.conftest import HALL, Http, redis_url  # noqa: F401  (fixture)
from tests.server.postgres import postgres_url
from tests.server.request_keys import device_id

SERVICES = ["social_security", "household", "medical_insurance"]


class Client:
    """One process's kiosk and clerk, recording what the server acknowledged."""

    def __init__(self, hall: Hall, server: Server, clerk: str, window: int) -> None:
        self.kiosk = hall.kiosk(server.base)
        self.clerk = hall.clerk(clerk, window, server.base)
        self.window = hall.window_id(window)
        self.issued: dict[str, dict[str, Any]] = {}  # key -> acknowledged ticket
        self.calls = 0
        self.errors: list[str] = []
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=t, daemon=True) for t in (self._issue, self._call)]

    def start(self) -> Client:
        for thread in self.threads:
            thread.start()
        return self

    def _send(self, call: Any) -> requests.Response | None:
        """Send until answered; a dead process is retried until it is back (or the end)."""
        while not self.stop.is_set():
            try:
                return call()  # type: ignore[no-any-return]
            except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError):
                time.sleep(0.1)
        return None

    def _issue(self) -> None:
        i = 0
        while not self.stop.is_set():
            key = uuid.uuid4().hex
            body = {"service": SERVICES[i % len(SERVICES)]}
            headers = {"Idempotency-Key": key}
            r = self._send(partial(self.kiosk.post, f"/halls/{HALL}/tickets", body, headers))
            if r is None:
                return
            if r.status_code != 201:
                self.errors.append(f"issue {r.status_code} {r.text}")
                return
            self.issued[key] = r.json()
            i += 1

    def _call(self) -> None:
        while not self.stop.is_set():
            r = self._send(lambda: self.clerk.post(f"/windows/{self.window}/call-next"))
            if r is None:
                return
            if r.status_code == 200:
                self.calls += 1
            elif r.json()["error"]["code"] not in ("queue_empty", "window_busy", "call_too_soon"):
                self.errors.append(f"call {r.status_code} {r.text}")
                return
            f = self._send(lambda: self.clerk.post(f"/windows/{self.window}/finish"))
            if f is None:
                return
            time.sleep(0.05)

    def finish(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(WAIT * 2)
            assert not thread.is_alive()
        assert not self.errors, self.errors


@pytest.fixture
def two_processes(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    redis_url: str,  # noqa: F811
) -> Iterator[tuple[Hall, Server, Server]]:
    hall = make_hall(tmp_path, postgres_url(request))
    (tmp_path / "b").mkdir()
    other = Server(tmp_path / "b", hall.server.database, hall.server.hall_file)
    servers = (hall.server, other)
    try:
        for server in servers:
            server.env["REDIS_URL"] = redis_url
            server.start()
        yield hall, hall.server, other
    finally:
        for display in hall.displays:
            display.close()
        for server in servers:
            server.stop()
        hall.engine.dispose()


@pytest.mark.postgres
def test_one_of_two_processes_killed_loses_nothing_and_reuses_no_number(two_processes):
    hall, doomed, survivor = two_processes
    display = hall.display(survivor.base)
    on_doomed = Client(hall, doomed, "clerk2", 2).start()
    on_survivor = Client(hall, survivor, "clerk3", 3).start()
    wait_until("tickets on both processes", lambda: min(
        len(on_doomed.issued), len(on_survivor.issued)) >= 8)  # fmt: skip

    doomed.kill()
    issued, calls, heard = len(on_survivor.issued), on_survivor.calls, len(display.events)
    wait_until("the survivor keeps issuing", lambda: len(on_survivor.issued) >= issued + 8)
    wait_until("the survivor keeps calling", lambda: on_survivor.calls >= calls + 3)
    wait_until("the survivor's display keeps hearing", lambda: len(display.events) > heard + 5)
    assert display.connects == 1, "the display on the survivor never lost its connection"

    before_restart = len(on_doomed.issued)
    doomed.start()
    wait_until("the restarted process issues again",
               lambda: len(on_doomed.issued) >= before_restart + 8)  # fmt: skip
    for client in (on_doomed, on_survivor):
        client.finish()

    acked = {**on_doomed.issued, **on_survivor.issued}
    t = tables.tickets.c
    with hall.engine.connect() as conn:
        rows = conn.execute(select(t.id, t.number, t.request_key).where(t.hall_id == HALL)).all()
    stored = {r.request_key: r for r in rows}
    device = f"device:{device_id(hall.engine, hall.accounts.kiosk_token)}"  # keys are kept hashed
    acked = {scoped_key(device, key): ticket for key, ticket in acked.items()}
    for key, ticket in acked.items():
        assert key in stored, f"acknowledged ticket {ticket['number']} is missing"
        assert (stored[key].id, stored[key].number) == (ticket["id"], ticket["number"])
    numbers = [r.number for r in rows]
    assert len(numbers) == len(set(numbers)), "no number given twice"
    for prefix in {n[0] for n in numbers}:
        sequence = sorted(int(n[1:]) for n in numbers if n[0] == prefix)
        assert sequence == list(range(1, len(sequence) + 1)), f"{prefix}: no gap, no reuse"
