"""The database locked or out of reach for a moment: a request waits and succeeds, or fails
with the typed retryable 503 `storage_busy`; never a half-written ticket or a lost number.

SQLite: another connection holds the write lock (BEGIN IMMEDIATE) past the server's busy
timeout, then for less than it. PostgreSQL: the throw-away cluster is stopped and started
again under a running server (pool_pre_ping replaces the dead pooled connections).
"""

from __future__ import annotations

import sqlite3
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from sqlalchemy import func, select

from bench._cluster import _as_postgres
from server.adapters import tables
from tests.faults.conftest import WAIT, Hall, Relay, make_hall, wait_until
from tests.scale.conftest import HALL
from tests.server import postgres
from tests.server.postgres import postgres_url


def _stored(hall: Hall) -> tuple[int, list[tuple[str, int]]]:
    """How many tickets, and every numbering counter: what a half-write would change."""
    t = tables.tickets.c
    with hall.engine.connect() as conn:
        count = conn.execute(select(func.count()).where(t.hall_id == HALL)).scalar_one()
        counters = conn.execute(select(tables.counters)).all()
    return count, sorted(tuple(map(str, row)) for row in counters)  # type: ignore[misc]


def _issue(hall: Hall, service: str = "household"):  # type: ignore[no-untyped-def]
    return hall.kiosk().post(f"/halls/{HALL}/tickets", {"service": service})


def _busy(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 503, response.text
    assert response.headers["Retry-After"] == "1"
    error = response.json()["error"]
    assert error["code"] == "storage_busy"
    assert error["message"]["zh"] and error["message"]["en"]


def test_sqlite_locked_longer_than_the_busy_timeout_fails_typed_and_writes_nothing(
    sqlite_hall: Hall,
):
    hall = sqlite_hall
    first = _issue(hall)
    assert first.status_code == 201
    before = _stored(hall)
    path = hall.server.database.split("///", 1)[1]
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # the write lock, held past the busy timeout
    try:
        _busy(_issue(hall))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert _stored(hall) == before  # nothing half-written, no number used up
    after = _issue(hall)
    assert after.status_code == 201
    assert int(after.json()["number"][1:]) == int(first.json()["number"][1:]) + 1


def test_sqlite_locked_for_less_than_the_busy_timeout_waits_and_succeeds(sqlite_hall: Hall):
    """The request waits for the lock while the rest of the server goes on serving (the
    wait must not stop the gevent loop), then succeeds once the lock is let go."""
    hall = sqlite_hall
    path = hall.server.database.split("///", 1)[1]
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    relay = Relay(hall.server.port)  # to see the request handed to the server
    kiosk = hall.kiosk(relay.base)
    answers: list[int] = []

    def issue() -> None:
        answers.append(kiosk.post(f"/halls/{HALL}/tickets", {"service": "household"}).status_code)

    waiting = threading.Thread(target=issue)
    try:
        waiting.start()
        wait_until("the request reached the server", lambda: relay.sent > 0)
        r = requests.get(f"{hall.server.base}/healthz", timeout=WAIT)  # lock still held
        assert r.status_code == 200
        assert not answers and waiting.is_alive()  # answered while the issue still waits
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    waiting.join(WAIT)
    relay.close()
    assert answers == [201]


@pytest.fixture
def postgres_hall(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Hall]:
    hall = make_hall(tmp_path, postgres_url(request))
    hall.server.start()
    try:
        yield hall
    finally:
        hall.server.stop()
        hall.engine.dispose()


def _pg_ctl(*args: str) -> None:
    cluster = postgres._cluster
    command = [f"{cluster['bin']}/pg_ctl", "-D", cluster["data"], "-w", *args]
    subprocess.run(_as_postgres(command), check=True, capture_output=True)


def test_postgresql_restarted_gives_storage_busy_during_the_outage_then_serves(
    postgres_hall: Hall,
):
    hall = postgres_hall
    first = _issue(hall)
    assert first.status_code == 201
    before = _stored(hall)
    hall.engine.dispose()

    _pg_ctl("-m", "fast", "stop")  # the restart's first half: the server is gone now
    try:
        for _ in range(3):
            _busy(_issue(hall))
        r = hall.kiosk().get(f"/halls/{HALL}/queues")
        _busy(r)
    finally:  # the second half: same options as postmaster.opts recorded at the first start
        cluster = postgres._cluster
        options = f"-k {cluster['sock']} -p {cluster['port']} -c listen_addresses='' -c fsync=off"
        _pg_ctl("-o", options, "-l", str(Path(cluster["data"]).parent / "log"), "start")

    assert _stored(hall) == before  # nothing from the outage reached the database
    after = _issue(hall)
    assert after.status_code == 201, after.text
    assert int(after.json()["number"][1:]) == int(first.json()["number"][1:]) + 1
    assert hall.kiosk().get(f"/halls/{HALL}/queues").status_code == 200
