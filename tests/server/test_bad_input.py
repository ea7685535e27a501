"""Bad input gets a typed error in zh and en, and changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from server.adapters import tables
from tests.server.conftest import EXAMPLE, HALL, build_hall


def _ticket_count(hall) -> int:
    with hall.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(tables.tickets)).scalar_one()


def test_malformed_json_unknown_fields_and_wrong_types(sqlite_hall):
    kiosk = sqlite_hall.kiosk()
    raw = kiosk.client.post(
        f"/api/v1/halls/{HALL}/tickets",
        data="{not json",
        headers={**kiosk.headers, "Content-Type": "application/json"},
    )
    assert raw.status_code == 400 and raw.json["error"]["message"]["zh"].startswith("请求有误")
    for body in ({"service": 7}, {"service": "household", "colour": "red"}, {}, [1, 2]):
        r = kiosk.post(f"/halls/{HALL}/tickets", body)
        assert r.status_code == 400, body
        assert set(r.json["error"]["message"]) == {"zh", "en"}
    assert (
        kiosk.post(f"/halls/{HALL}/tickets", {"service": "x", "priority": "vip"}).status_code == 400
    )
    assert _ticket_count(sqlite_hall) == 0


def test_id_number_with_a_wrong_check_digit(sqlite_hall):
    r = sqlite_hall.kiosk().post(
        f"/halls/{HALL}/tickets", {"service": "household", "id_number": "110105194912310021"}
    )
    assert r.status_code == 422 and r.json["error"]["code"] == "invalid_id_number"
    assert r.json["error"]["message"]["zh"] == "身份证号码有误，请核对后重试"
    assert _ticket_count(sqlite_hall) == 0


def test_one_person_one_live_ticket_per_service(sqlite_hall):
    hall = sqlite_hall
    hall.issue("household", id_number="11010519491231002X")
    again = hall.kiosk().post(
        f"/halls/{HALL}/tickets", {"service": "household", "id_number": "11010519491231002x"}
    )
    assert again.status_code == 409 and again.json["error"]["code"] == "already_waiting"
    assert hall.issue("social_security", id_number="11010519491231002X")["number"] == "A001"


def test_closed_hours_refuse_a_number_and_use_none_up(sqlite_hall):
    hall = sqlite_hall
    hall.clock.set(datetime(2026, 11, 23, 12, 0, tzinfo=UTC))  # 20:00 in Shanghai
    r = hall.kiosk().post(f"/halls/{HALL}/tickets", {"service": "household"})
    assert r.status_code == 409 and r.json["error"]["code"] == "hall_closed"
    hall.clock.set(datetime(2026, 11, 24, 1, 0, tzinfo=UTC))  # 09:00 next morning
    assert hall.issue("household")["number"] == "D001"


def test_daily_cap_says_todays_numbers_are_gone(tmp_path: Path):
    capped = tmp_path / "capped.toml"
    text = EXAMPLE.read_text(encoding="utf-8").replace("daily_cap = 200", "daily_cap = 2")
    capped.write_text(text, encoding="utf-8")
    hall = build_hall(f"sqlite:///{tmp_path / 'cap.sqlite3'}", capped)
    assert [hall.issue("household")["number"] for _ in range(2)] == ["D001", "D002"]
    r = hall.kiosk().post(f"/halls/{HALL}/tickets", {"service": "household"})
    assert r.status_code == 409 and r.json["error"]["message"]["zh"] == "今日号已发完，请明天再来"
    hall.clock.advance(days=1)
    assert hall.issue("household")["number"] == "D001"
    hall.engine.dispose()


def test_unknown_service_and_unknown_window(sqlite_hall):
    r = sqlite_hall.kiosk().post(f"/halls/{HALL}/tickets", {"service": "moon_landing"})
    assert r.status_code == 404 and r.json["error"]["code"] == "unknown_service"
    manager = sqlite_hall.clerk("manager")
    assert manager.post("/windows/999/open").json["error"]["code"] == "unknown_window"
    assert manager.post("/windows/2/fly").status_code == 404


def test_a_retried_request_never_makes_a_second_ticket(sqlite_hall):
    kiosk = sqlite_hall.kiosk()
    key = {"Idempotency-Key": "kiosk-7-000042"}
    first = kiosk.post(f"/halls/{HALL}/tickets", {"service": "household"}, headers=key)
    retry = kiosk.post(f"/halls/{HALL}/tickets", {"service": "household"}, headers=key)
    assert first.status_code == retry.status_code == 201
    assert (
        first.json["number"] == retry.json["number"] and first.json["token"] == retry.json["token"]
    )
    assert _ticket_count(sqlite_hall) == 1


def test_double_call_next_calls_one_ticket(sqlite_hall):
    hall = sqlite_hall
    hall.issue(), hall.issue()
    clerk = hall.clerk("clerk1", window=2)
    first = clerk.post("/windows/2/call-next")
    second = clerk.post("/windows/2/call-next")
    assert first.status_code == 200 and second.status_code == 429
    assert second.json["error"]["code"] == "call_too_soon"
    hall.clock.advance(seconds=5)
    busy = clerk.post("/windows/2/call-next")
    assert busy.status_code == 409 and busy.json["error"]["code"] == "window_busy"
    with hall.engine.connect() as conn:
        called = conn.execute(
            select(func.count())
            .select_from(tables.tickets)
            .where(tables.tickets.c.status == "called")
        ).scalar_one()
    assert called == 1
