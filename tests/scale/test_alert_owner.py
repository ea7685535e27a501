"""Red/yellow warnings with several processes: one process owns each hall's ticker.

Every process runs the ticker loop, but only the holder of the hall's PostgreSQL advisory
lock refreshes the hall; so a warning is stored and announced once, not once per process.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, text, update

from server.adapters import tables
from server.adapters.database import make_engine
from server.web.background import LOCK_CLASS, TickerLease, hall_lock_key
from tests.scale.conftest import HALL, PROCESSES, TOWN, Cluster

TICKS = 2.0  # seconds to let every process tick several times (the interval is 0.3 s)


def _age(cluster: Cluster, ticket_id: int, minutes: int) -> None:
    """Pretend the ticket was taken `minutes` ago (the servers run on the real clock)."""
    then = datetime.now(UTC) - timedelta(minutes=minutes)
    t = tables.tickets.c
    with cluster.engine.begin() as conn:
        conn.execute(
            update(tables.tickets).where(t.id == ticket_id).values(issued_at=then, queue_at=then)
        )


def test_a_warning_is_announced_once_though_every_process_ticks(cluster):
    displays = [cluster.display(p) for p in range(PROCESSES)]
    ticket = cluster.kiosk(1).post(f"/halls/{HALL}/tickets", {"service": "social_security"})
    subject = f"ticket:{ticket.json()['id']}"

    def raised(level: str):  # type: ignore[no-untyped-def]
        return lambda n, d: (
            n == "warning.raised" and d["subject"] == subject and d["level"] == level
        )

    _age(cluster, ticket.json()["id"], 30)  # past yellow (20 min), short of red (40)
    for display in displays:
        display.wait_for(raised("yellow"))
    _age(cluster, ticket.json()["id"], 50)
    for display in displays:
        display.wait_for(raised("red"))
    time.sleep(TICKS)  # room for a second announcement, were there one
    for display in displays:
        levels = [d["level"] for d in display.named("warning.raised") if d["subject"] == subject]
        assert levels == ["yellow", "red"], levels
    a = tables.active_alerts.c
    with cluster.engine.connect() as conn:
        stored = conn.execute(select(a.level).where(a.hall_id == HALL, a.subject == subject))
        assert list(stored.scalars()) == ["red"]


def test_each_hall_lock_is_held_by_exactly_one_server_session(cluster):
    time.sleep(TICKS)  # every process has tried to take the locks by now
    sql = text(
        "SELECT objid, count(*) FROM pg_locks WHERE locktype = 'advisory'"
        " AND classid = :c AND granted GROUP BY objid"
    )
    with cluster.engine.connect() as conn:
        held = dict(conn.execute(sql, {"c": LOCK_CLASS}).all())
    keys = {hall_lock_key(h) % 2**32 for h in (HALL, TOWN)}  # pg_locks shows them unsigned
    assert {int(k): int(v) for k, v in held.items() if int(k) in keys} == dict.fromkeys(keys, 1)


def test_the_ticker_passes_to_another_process_when_its_owner_goes(cluster):
    hall = "lease-test-hall"  # a hall no server serves: the two leases below are alone on it
    url = cluster.engine.url.render_as_string(hide_password=False)
    first, second = make_engine(url), make_engine(url)
    try:
        owner, other = TickerLease(first, [hall]), TickerLease(second, [hall])
        assert owner.owned() == [hall]
        assert other.owned() == []
        assert owner.owned() == [hall], "the owner keeps it tick after tick"
        owner.release()  # as when the owning process dies: its session ends
        # PostgreSQL frees a closed session's locks when its backend has exited, a moment
        # later: the other process takes the hall at one of its next ticks.
        deadline = time.monotonic() + 10
        while other.owned() != [hall] and time.monotonic() < deadline:
            time.sleep(0.1)
        assert other.owned() == [hall]
        assert owner.owned() == []
    finally:
        owner.release()
        other.release()
        first.dispose()
        second.dispose()


def test_sqlite_needs_no_lock(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'one.sqlite3'}")
    assert TickerLease(engine, ["a", "b"]).owned() == ["a", "b"]
    engine.dispose()
