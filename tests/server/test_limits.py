"""Anti-hoarding (防黄牛) and public rate limits at their edges, on a real database.

Each limit: N allowed, N+1 refused with its typed zh/en message (429, Retry-After) and
nothing written; another kiosk / person / phone / address unaffected; the next window allowed.
The counts are atomic in the database: on PostgreSQL, concurrent requests never get past one.
The clock stands at Monday 2026-11-23 10:00 in Shanghai (02:00 UTC, a minute's start).
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from server.adapters import limits_store, tables
from server.domain.personal import id_check_char
from tests.server.conftest import EXAMPLE, HALL, Api, Hall, build_hall
from tests.server.postgres import postgres_url

A, B = "11010519800101123", "43010219900202456"


def make_id(first17: str) -> str:
    return first17 + id_check_char(first17)


def hall_with(database_url: str, tmp_path: Path, **limits: int) -> Hall:
    """The example hall with some of its [limits] lowered."""
    text = EXAMPLE.read_text(encoding="utf-8")
    for name, value in limits.items():
        text, n = re.subn(rf"(?m)^{name} = \d+", f"{name} = {value}", text)
        assert n == 1, name
    path = tmp_path / "limited.toml"
    path.write_text(text, encoding="utf-8")
    return build_hall(database_url, hall_file=path)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'hall.sqlite3'}"


def _count(hall: Hall, table: Any) -> int:
    with hall.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def _refused(r: Any, code: str) -> dict[str, Any]:
    assert r.status_code == 429, r.json
    assert r.json["error"]["code"] == code and int(r.headers["Retry-After"]) >= 1
    return r.json["error"]  # type: ignore[no-any-return]


def test_a_kiosk_issues_up_to_its_limit_a_minute(sqlite_url: str, tmp_path: Path) -> None:
    hall = hall_with(sqlite_url, tmp_path, kiosk_tickets_per_minute=3)
    kiosk, path = hall.kiosk(), f"/halls/{HALL}/tickets"
    for _ in range(3):
        assert kiosk.post(path, {"service": "household"}).status_code == 201
    before = _count(hall, tables.tickets)
    error = _refused(kiosk.post(path, {"service": "household"}), "kiosk_rate_limited")
    assert error["message"]["zh"] == "本机取号过于频繁，请稍候 60 秒再取号"
    assert error["message"]["en"] == "This kiosk is issuing numbers too fast: please wait 60 s"
    assert _count(hall, tables.tickets) == before, "nothing written"
    other = Api(hall.app.test_client(), hall.device_token("kiosk"))
    assert other.post(path, {"service": "household"}).status_code == 201, "another kiosk"
    clerk = hall.clerk("clerk1")  # a clerk taking a number for someone is not a kiosk
    assert clerk.post(path, {"service": "household"}).status_code == 201
    hall.clock.advance(seconds=30)
    assert int(kiosk.post(path, {"service": "household"}).headers["Retry-After"]) == 30
    hall.clock.advance(seconds=30)
    assert kiosk.post(path, {"service": "household"}).status_code == 201, "the next minute"
    counts = limits_store.rate_counters.c
    with hall.engine.connect() as conn:
        periods = conn.execute(select(counts.period).where(counts.scope == "kiosk")).scalars()
        assert len(set(periods)) == 1, "a new minute drops the minutes before it"
    hall.engine.dispose()


def test_one_person_takes_up_to_n_numbers_a_day(sqlite_url: str, tmp_path: Path) -> None:
    hall = hall_with(sqlite_url, tmp_path, tickets_per_id_per_day=2)
    kiosk, path = hall.kiosk(), f"/halls/{HALL}/tickets"
    a, b = make_id(A), make_id(B)
    first = kiosk.post(path, {"service": "household", "id_number": a})
    assert first.status_code == 201
    assert kiosk.post(f"/tickets/{first.json['token']}/cancel").status_code == 200
    assert kiosk.post(path, {"service": "household", "id_number": a}).status_code == 201
    before = _count(hall, tables.tickets)
    r = kiosk.post(path, {"service": "civil_affairs", "id_number": a})
    error = _refused(r, "ticket_limit_reached")
    assert error["message"]["zh"].startswith("您今天已取号 2 次，已达每日上限")
    assert error["message"]["en"].startswith("You have reached today's limit of 2 numbers")
    assert _count(hall, tables.tickets) == before, "nothing written"
    assert kiosk.post(path, {"service": "civil_affairs", "id_number": b}).status_code == 201
    assert kiosk.post(path, {"service": "civil_affairs"}).status_code == 201, "no ID: no count"
    hall.clock.advance(days=1)  # Tuesday: a new day
    assert kiosk.post(path, {"service": "civil_affairs", "id_number": a}).status_code == 201
    with hall.engine.connect() as conn:
        subjects = conn.execute(select(limits_store.rate_counters.c.subject)).scalars().all()
    assert not any(a in s or a[-4:] in s for s in subjects), "only keyed hashes are counted"
    hall.engine.dispose()


def _book(client: Any, id_number: str, phone: str, day: str = "2026-11-24",
          start: str = "10:00", address: str = "127.0.0.1") -> Any:  # fmt: skip
    body = {"service": "social_security", "date": day, "start": start, "name": "张三明",
            "id_number": id_number, "phone": phone}  # fmt: skip
    return client.post(f"/api/v1/halls/{HALL}/appointments", json=body,
                       environ_base={"REMOTE_ADDR": address})  # fmt: skip


def test_one_phone_makes_up_to_n_bookings_a_day(sqlite_url: str, tmp_path: Path) -> None:
    hall = hall_with(sqlite_url, tmp_path, bookings_per_phone_per_day=2)
    client, phone = hall.app.test_client(), "138 1234 5678"
    people = [make_id(f"1101051990010{n}12{n}") for n in range(1, 6)]
    # Each person on their own line (one address holds at most half of a slot's places).
    assert _book(client, people[0], phone, address="10.0.0.1").status_code == 201
    same = _book(client, people[1], "138-1234-5678", address="10.0.0.2")
    assert same.status_code == 201, "the same number"
    before = _count(hall, tables.appointments)
    r = _book(client, people[2], "13812345678", address="10.0.0.3")
    error = _refused(r, "phone_booking_limit_reached")
    assert error["message"]["zh"].startswith("该手机号今天已预约 2 次")
    assert error["message"]["en"].startswith("This phone number has reached today's limit of 2")
    assert _count(hall, tables.appointments) == before, "nothing written"
    other = _book(client, people[2], "13900001111", address="10.0.0.3")
    assert other.status_code == 201, "another phone"
    hall.clock.advance(days=1)
    later = _book(client, people[3], phone, day="2026-11-25", address="10.0.0.4")
    assert later.status_code == 201, "a new day"
    with hall.engine.connect() as conn:
        subjects = conn.execute(select(limits_store.rate_counters.c.subject)).scalars().all()
    assert subjects and not any("5678" in s for s in subjects), "the number is never stored"
    hall.engine.dispose()


def test_public_pages_are_limited_per_address_and_minute(sqlite_url: str, tmp_path: Path) -> None:
    hall = hall_with(sqlite_url, tmp_path, public_requests_per_minute=3)
    client, path = hall.app.test_client(), f"/api/v1/halls/{HALL}/cases/lookup"
    body = {"case_number": "NOPE", "id_number": make_id(A)}
    phone = {"REMOTE_ADDR": "10.9.8.7"}
    for _ in range(3):
        assert client.post(path, json=body, environ_base=phone).status_code == 404
    error = _refused(client.post(path, json=body, environ_base=phone), "too_many_requests")
    assert error["message"]["zh"] == "请求过于频繁，请 60 秒后再试"
    refused = _book(client, make_id(B), "13812345678", address="10.9.8.7")
    _refused(refused, "too_many_requests")  # booking, change and cancel share the count
    assert _count(hall, tables.appointments) == 0
    selfie = {"id_number": make_id(B), "consent": True, "photo": "AAAA"}
    face = client.post(f"/api/v1/halls/{HALL}/appointments/NOPE/face", json=selfie,
                       environ_base=phone)  # fmt: skip
    _refused(face, "too_many_requests")  # a selfie costs a face model run: counted too
    other = client.post(path, json=body, environ_base={"REMOTE_ADDR": "10.9.8.8"})
    assert other.status_code == 404, "another address"
    kiosk = {"Authorization": f"Bearer {hall.accounts.kiosk_token}"}
    for _ in range(5):  # devices and staff are not counted per address
        r = client.post(path, json=body, headers=kiosk, environ_base=phone)
        assert r.status_code == 404
    hall.clock.advance(minutes=1)
    assert client.post(path, json=body, environ_base=phone).status_code == 404, "next minute"
    hall.engine.dispose()


@pytest.mark.postgres
def test_concurrent_requests_never_get_past_a_limit_on_postgres(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    hall = hall_with(postgres_url(request), tmp_path, kiosk_tickets_per_minute=5)

    def issue(_: int) -> int:
        kiosk = hall.kiosk()
        return int(kiosk.post(f"/halls/{HALL}/tickets", {"service": "household"}).status_code)

    with ThreadPoolExecutor(12) as pool:
        issued = sorted(pool.map(issue, range(12)))
    assert issued == [201] * 5 + [429] * 7
    assert _count(hall, tables.tickets) == 5

    def guess(_: int) -> int:
        api = Api(hall.app.test_client())
        return int(
            api.post("/auth/login", {"username": "clerk1", "password": "wrong!!!"}).status_code
        )

    with ThreadPoolExecutor(12) as pool:
        answers = sorted(pool.map(guess, range(12)))
    # Exactly five passwords were checked: four said "wrong", the fifth locked the name.
    assert answers == [401] * 4 + [429] * 8
    assert _count(hall, limits_store.sign_in_locks) == 1
    a = tables.audit_log.c
    with hall.engine.connect() as conn:
        locked = conn.execute(select(func.count()).where(a.action == "user.sign_in_locked"))
        assert locked.scalar_one() == 1
    hall.engine.dispose()


def test_the_kiosk_shows_a_limit_in_the_servers_words(sqlite_url: str, tmp_path: Path) -> None:
    from display.preview import LiveServer
    from kiosk.errors import ServerRefused
    from kiosk.hall_client import HallClient

    hall = hall_with(sqlite_url, tmp_path, tickets_per_id_per_day=1)
    server = LiveServer(hall.app).start()
    client = HallClient(server.url, HALL, hall.accounts.kiosk_token, timeout=5)
    try:
        client.issue_ticket("household", "k-1", id_number=make_id(A), name="王小明")
        with pytest.raises(ServerRefused) as refused:
            client.issue_ticket("civil_affairs", "k-2", id_number=make_id(A), name="王小明")
        assert refused.value.code == "ticket_limit_reached" and refused.value.status == 429
        assert refused.value.zh.startswith("您今天已取号 1 次，已达每日上限")
        assert refused.value.en.startswith("You have reached today's limit of 1 numbers")
    finally:
        client.close()
        server.stop()
        hall.engine.dispose()


def test_the_hall_file_sets_the_limits_and_names_a_bad_key(tmp_path: Path) -> None:
    from config.errors import ConfigError
    from server.adapters.hall_file import load_hall
    from server.domain.limits import HallLimits

    text = EXAMPLE.read_text(encoding="utf-8")
    assert load_hall(EXAMPLE).limits == HallLimits(), "the example states the defaults"
    assert "\n[" not in text.split("\n[limits]")[1], "[limits] is the file's last table"
    no_section = tmp_path / "plain.toml"
    no_section.write_text(text.split("\n[limits]")[0], encoding="utf-8")
    assert load_hall(no_section).limits == HallLimits()
    bad_files = {
        "limits.kiosk_tickets_per_minute": re.sub(
            r"(?m)^kiosk_tickets_per_minute = \d+", "kiosk_tickets_per_minute = 0", text
        ),
        "limits.tickets_per_id_per_day": re.sub(
            r"(?m)^tickets_per_id_per_day = \d+", 'tickets_per_id_per_day = "5"', text
        ),
        "limits.per_kiosk": f"{text}per_kiosk = 3\n",  # a typo is never ignored
    }
    for key, bad in bad_files.items():
        path = tmp_path / "bad.toml"
        path.write_text(bad, encoding="utf-8")
        with pytest.raises(ConfigError) as error:
            load_hall(path)
        assert error.value.key == key, error.value
