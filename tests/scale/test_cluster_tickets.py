"""Three server processes on one PostgreSQL database and one Redis: numbers, events, retries."""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from server.adapters import tables
from tests.scale.conftest import HALL, PROCESSES, Cluster
from tests.server.request_keys import stored_key

THREADS_PER_PROCESS, PER_THREAD = 4, 15
ROUNDS = 12  # of six clerks calling at once (2-9 of 48 calls failed in 3 runs)


def _numbers(cluster: Cluster, prefix: str) -> list[str]:
    t = tables.tickets.c
    with cluster.engine.connect() as conn:
        found = select(t.number).where(t.hall_id == HALL, t.number.like(f"{prefix}%"))
        return list(conn.execute(found).scalars())


def test_kiosks_on_every_process_at_once_never_duplicate_or_lose_a_number(cluster):
    before = {p: set(_numbers(cluster, p)) for p in "AD"}

    def kiosk_run(n: int) -> list[str]:
        kiosk = cluster.kiosk(n % PROCESSES)
        numbers = []
        for i in range(PER_THREAD):
            service = "social_security" if (n + i) % 2 else "household"
            r = kiosk.post(f"/halls/{HALL}/tickets", {"service": service})
            assert r.status_code == 201, r.text
            numbers.append(r.json()["number"])
        return numbers

    threads = THREADS_PER_PROCESS * PROCESSES
    with ThreadPoolExecutor(threads) as pool:
        answered = [n for batch in pool.map(kiosk_run, range(threads)) for n in batch]

    assert len(answered) == len(set(answered)) == threads * PER_THREAD
    stored = {p: set(_numbers(cluster, p)) - before[p] for p in "AD"}
    assert sorted(stored["A"] | stored["D"]) == sorted(answered)
    for prefix in "AD":
        seq = sorted(int(n[1:]) for n in stored[prefix] | before[prefix])
        assert seq == list(range(1, len(seq) + 1)), "numbers are contiguous: none skipped"


def test_a_call_on_one_process_reaches_displays_and_phones_on_the_others(cluster):
    displays = [cluster.display(p) for p in range(PROCESSES)]
    ticket = cluster.kiosk(0).post(f"/halls/{HALL}/tickets", {"service": "civil_affairs"}).json()
    phone = cluster.listen(2, {"ticket": ticket["token"]})
    window = cluster.window_id(HALL, 7)
    clerk = cluster.clerk(1, "clerk4", window)
    moved = clerk.post(f"/windows/{window}/call-next").json()
    while moved["number"] != ticket["number"]:  # older tickets of other tests go first
        clerk.post(f"/windows/{window}/finish")
        moved = clerk.post(f"/windows/{window}/call-next").json()

    def called(name: str, data: object) -> bool:
        return name == "ticket.called" and data["number"] == ticket["number"]  # type: ignore[index]

    for display in displays:  # process 1 answered; 0 and 2 heard it through Redis
        _, data = display.wait_for(called)
        assert data["window"]["number"] == 7
        assert data["announcement"]["zh"] == f"请{ticket['number']}号到7号窗口办理"
    phone.wait_for(called)
    clerk.post(f"/windows/{window}/finish")
    phone.wait_for(lambda n, d: n == "ticket.done" and d["number"] == ticket["number"])


def test_a_kiosk_retry_on_another_process_makes_no_second_ticket(cluster):
    key = uuid.uuid4().hex
    headers = {"Idempotency-Key": key}
    body = {"service": "medical_insurance"}
    first = cluster.kiosk(0).post(f"/halls/{HALL}/tickets", body, headers)
    retry = cluster.kiosk(1).post(f"/halls/{HALL}/tickets", body, headers)
    assert first.status_code == retry.status_code == 201
    assert retry.json()["id"] == first.json()["id"]
    assert retry.json()["number"] == first.json()["number"]
    t = tables.tickets.c
    with cluster.engine.connect() as conn:
        stored = stored_key(cluster.engine, cluster.tokens[f"{HALL}:kiosk"], key)
        count = select(func.count()).where(t.hall_id == HALL, t.request_key == stored)
        assert conn.execute(count).scalar_one() == 1


def test_the_same_retry_racing_on_every_process_makes_one_ticket(cluster):
    key = uuid.uuid4().hex

    def send(process: int) -> tuple[int, int]:
        r = cluster.kiosk(process % PROCESSES).post(
            f"/halls/{HALL}/tickets", {"service": "elderly_card"}, {"Idempotency-Key": key}
        )
        return r.status_code, r.json()["id"]

    with ThreadPoolExecutor(PROCESSES * 2) as pool:
        answers = list(pool.map(send, range(PROCESSES * 2)))
    assert {status for status, _ in answers} == {201}
    assert len({ticket_id for _, ticket_id in answers}) == 1


def test_clerks_calling_at_the_same_moment_on_every_process_all_get_a_ticket(cluster):
    windows = [cluster.window_id(HALL, n) for n in range(2, 8)]  # the six general windows
    clerks = [
        cluster.clerk(i % PROCESSES, f"clerk{i + 3}", w) for i, w in enumerate(windows)
    ]  # clerk3..clerk8
    kiosk = cluster.kiosk(0)
    for _ in range(ROUNDS * len(windows)):
        assert kiosk.post(f"/halls/{HALL}/tickets", {"service": "elderly_card"}).ok
    gate = threading.Barrier(len(windows))

    def call(i: int) -> list[str]:
        statuses = []
        for _ in range(ROUNDS):
            gate.wait()
            r = clerks[i].post(f"/windows/{windows[i]}/call-next")
            statuses.append(str(r.status_code) if r.ok else r.json()["error"]["code"])
            if r.ok:
                clerks[i].post(f"/windows/{windows[i]}/finish")
        return statuses

    with ThreadPoolExecutor(len(windows)) as pool:
        got = [s for batch in pool.map(call, range(len(windows))) for s in batch]
    assert got == ["200"] * len(got), Counter(got)
