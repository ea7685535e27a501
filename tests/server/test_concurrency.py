"""Many kiosks at once against one SQLite file: every number unique, none lost."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select

from server.adapters import tables
from tests.server.conftest import HALL, Api

THREADS, PER_THREAD = 12, 25


def test_concurrent_issuing_never_duplicates_or_loses_a_number(hall):
    def kiosk_run(n: int) -> list[str]:
        kiosk = Api(hall.app.test_client(), hall.device_token("kiosk"))  # one kiosk each
        numbers = []
        for i in range(PER_THREAD):
            service = "social_security" if (n + i) % 2 else "household"
            r = kiosk.post(f"/halls/{HALL}/tickets", {"service": service})
            assert r.status_code == 201, r.json
            numbers.append(r.json["number"])
        return numbers

    with ThreadPoolExecutor(THREADS) as pool:
        answered = [n for batch in pool.map(kiosk_run, range(THREADS)) for n in batch]

    assert len(answered) == len(set(answered)) == THREADS * PER_THREAD
    with hall.engine.connect() as conn:
        stored = conn.execute(select(tables.tickets.c.number)).scalars().all()
    assert sorted(stored) == sorted(answered)
    for prefix in "AD":
        seq = sorted(int(n[1:]) for n in stored if n[0] == prefix)
        assert seq == list(range(1, len(seq) + 1)), "numbers are contiguous: none skipped"


def test_concurrent_call_next_from_many_windows_calls_each_ticket_once(hall):
    for _ in range(30):
        hall.issue()
    clerks = [hall.clerk(f"clerk{i}", window=i + 1) for i in range(1, 5)]

    def call(clerk_and_window):
        clerk, window = clerk_and_window
        r = clerk.post(f"/windows/{window}/call-next")
        return r.json["number"] if r.status_code == 200 else r.json["error"]["code"]

    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(call, [(c, i + 2) for i, c in enumerate(clerks)]))
    assert len(set(got)) == 4 and all(n.startswith("A") for n in got)
