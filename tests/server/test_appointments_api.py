"""Appointments through the REST API on a real database: slots, booking rules, check-in.

The clock stands at Monday 2026-11-23 10:00 in Shanghai (02:00 UTC); slots are 30 minutes
with 4 places, check-in runs from 30 minutes before a slot to 15 minutes after its start.
"""

from __future__ import annotations

import hashlib
import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from server.adapters import tables
from server.domain.personal import id_check_char
from tests.server.conftest import HALL, events


def make_id(first17: str) -> str:
    return first17 + id_check_char(first17)


ZHANG = make_id("11010519800101123")
LI = make_id("43010219900202456")
SERVICE = "social_security"


def address_of(id_number: str) -> str:
    """Each person books from their own phone: an address of their own."""
    return "10.{}.{}.{}".format(*hashlib.sha256(id_number.encode()).digest()[:3])


def book(hall, start="11:00", id_number=ZHANG, day="2026-11-23", service=SERVICE, name="张三明"):
    body = {"service": service, "date": day, "start": start, "name": name,
            "id_number": id_number, "phone": "13812345678"}  # fmt: skip
    phone = {"REMOTE_ADDR": address_of(id_number)}
    r = hall.app.test_client().post(f"/api/v1/halls/{HALL}/appointments", json=body,
                                    environ_base=phone)  # fmt: skip
    return r


def check_in(hall, key="k1", **body):
    return hall.kiosk().post(
        f"/halls/{HALL}/appointments/check-in", body, headers={"Idempotency-Key": key}
    )


def test_slots_follow_hours_lunch_and_working_days(hall):
    r = hall.anonymous().get(f"/halls/{HALL}/appointments/slots?service={SERVICE}")
    assert r.status_code == 200
    days = r.json["days"]
    assert [d["date"] for d in days][:6] == [
        "2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27", "2026-11-30",
    ], "working days only: the Saturday and Sunday are skipped"  # fmt: skip
    monday = {s["start"]: s["left"] for s in days[0]["slots"]}
    assert "12:00" not in monday and "13:00" not in monday and "13:30" in monday  # lunch
    assert monday["08:30"] == 0 and monday["10:00"] == 0, "past and too-soon slots are closed"
    assert monday["10:30"] == 4 and monday["17:00"] == 4 and "17:30" not in monday


def test_book_then_check_in_within_the_window_gives_a_priority_ticket(hall):
    staff = hall.display()
    r = book(hall)
    assert r.status_code == 201, r.json
    booking = r.json
    assert len(booking["code"]) == 8 and booking["status"] == "booked"
    assert booking["id_masked"] == ZHANG[:3] + "*" * 11 + ZHANG[-4:]
    assert booking["name_masked"] == "张*明" and booking["phone_masked"] == "138****5678"
    assert ZHANG not in json.dumps(booking, ensure_ascii=False)
    left = hall.anonymous().get(f"/halls/{HALL}/appointments/slots?service={SERVICE}").json
    assert {s["start"]: s["left"] for s in left["days"][0]["slots"]}["11:00"] == 3
    qr = hall.anonymous().client.get(f"/api/v1/halls/{HALL}/appointments/{booking['code']}/qr.svg")
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml"

    hall.clock.advance(minutes=30)  # 10:30: exactly 30 minutes early, the window's edge
    r = check_in(hall, booking_code=booking["code"])
    assert r.status_code == 201, r.json
    assert r.json["priority"] == "appointment" and r.json["token"]
    assert r.json["appointment"]["arrival"] == "on_time" and "notice" not in r.json
    again = check_in(hall, booking_code=booking["code"])  # the kiosk's retry, same key
    assert again.status_code == 201 and again.json["number"] == r.json["number"]
    other_key = check_in(hall, key="k2", booking_code=booking["code"])
    assert other_key.status_code == 409 and other_key.json["error"]["code"] == "booking_not_open"
    assert events(staff, "appointment.booked") == [], "bookings stay off the public screens"


def test_too_early_or_too_late_is_a_walk_in_with_a_notice(hall):
    early = book(hall, start="14:00").json
    assert book(hall, start="10:30", id_number=LI).status_code == 201
    hall.clock.advance(minutes=46)  # 10:46: 16 minutes after 10:30, 3h14 before 14:00
    r = check_in(hall, booking_code=early["code"])
    assert r.status_code == 201 and r.json["priority"] == "normal"
    assert r.json["appointment"]["arrival"] == "early"
    assert "14:00" in r.json["notice"]["zh"] and "13:30" in r.json["notice"]["en"]
    r = check_in(hall, key="k2", id_number=LI)
    assert r.status_code == 201 and r.json["priority"] == "normal"
    assert r.json["appointment"]["arrival"] == "late" and r.json["notice"]["en"]
    assert r.json["id_masked"].endswith(LI[-4:])


def test_double_booking_limits_and_full_slots_are_refused(hall):
    assert book(hall).status_code == 201
    again = book(hall)
    assert again.status_code == 409 and again.json["error"]["code"] == "double_booking"
    same_time = book(hall, service="household")
    assert same_time.status_code == 409, "one person is in one place at a time"
    other_service = book(hall, start="13:30", service="household")
    assert other_service.status_code == 201
    third = book(hall, start="15:00", service="medical_insurance")
    assert third.status_code == 429 and third.json["error"]["params"]["per"] == "day"
    ids = [make_id(f"1101051990010{n}12{n}") for n in range(1, 5)]
    results = [book(hall, start="11:30", id_number=i).status_code for i in ids]
    assert results == [201, 201, 201, 201]
    full = book(hall, start="11:30", id_number=LI)
    assert full.status_code == 409 and full.json["error"]["code"] == "slot_full"
    saturday = book(hall, start="09:00", day="2026-11-28", id_number=LI)
    assert saturday.status_code == 409 and saturday.json["error"]["code"] == "slot_unavailable"
    bad = book(hall, id_number="110105198001011230")
    assert bad.status_code == 422 and bad.json["error"]["code"] == "invalid_id_number"


def test_change_and_cancel_need_the_holders_id(hall):
    code = book(hall).json["code"]
    path = f"/halls/{HALL}/appointments/{code}"
    stranger = hall.anonymous().post(f"{path}/cancel", {"id_number": LI})
    assert stranger.status_code == 404 and stranger.json["error"]["code"] == "unknown_booking"
    moved = hall.anonymous().post(
        f"{path}/change", {"id_number": ZHANG, "date": "2026-11-24", "start": "09:00"}
    )
    assert moved.status_code == 200 and moved.json["date"] == "2026-11-24"
    assert moved.json["code"] == code
    slots = hall.anonymous().get(f"/halls/{HALL}/appointments/slots?service={SERVICE}").json
    assert {s["start"]: s["left"] for s in slots["days"][0]["slots"]}["11:00"] == 4
    not_today = check_in(hall, booking_code=code)
    assert not_today.status_code == 409 and not_today.json["error"]["code"] == "booking_not_today"
    cancelled = hall.anonymous().post(f"{path}/cancel", {"id_number": ZHANG})
    assert cancelled.status_code == 200 and cancelled.json["status"] == "cancelled"
    gone = check_in(hall, key="k2", id_number=ZHANG)
    assert gone.status_code == 404 and gone.json["error"]["code"] == "unknown_booking"


def test_check_in_refusals_use_their_own_codes(hall):
    other_qr = check_in(hall, key="k0", booking_code="https://example.org/not-a-booking")
    assert other_qr.status_code == 404 and other_qr.json["error"]["code"] == "unknown_booking"
    unknown = check_in(hall, booking_code="ZZZZ9999")
    assert unknown.status_code == 404 and unknown.json["error"]["code"] == "unknown_booking"
    assert unknown.json["error"]["message"]["zh"]
    nothing = check_in(hall)
    assert nothing.status_code == 400
    anonymous = hall.anonymous().post(f"/halls/{HALL}/appointments/check-in", {"id_number": LI})
    assert anonymous.status_code == 401


def test_the_hall_files_settings_apply_once_stored(hall, tmp_path):
    from config.errors import ConfigError
    from server.adapters.hall_file import load_hall
    from server.bootstrap import prepare_database
    from tests.server.conftest import EXAMPLE

    text = EXAMPLE.read_text(encoding="utf-8").replace("capacity = 4", "capacity = 1")
    (tmp_path / "hall.toml").write_text(
        text.replace("yellow_last_days = 1", "yellow_last_days = 2")
    )
    cfg = load_hall(tmp_path / "hall.toml")
    assert cfg.appointments.capacity == 1 and cfg.cards.yellow_last_days == 2
    prepare_database(hall.engine, [cfg])  # what `onewindow init-db --config` does
    assert book(hall).status_code == 201
    full = book(hall, id_number=LI)
    assert full.status_code == 409 and full.json["error"]["code"] == "slot_full"
    slots = hall.anonymous().get(f"/halls/{HALL}/appointments/slots?service={SERVICE}").json
    assert slots["capacity"] == 1
    (tmp_path / "bad.toml").write_text(text.replace("late_minutes = 15", "late_minute = 15"))
    with pytest.raises(ConfigError, match="appointments.late_minute"):
        load_hall(tmp_path / "bad.toml")


def test_the_kiosks_own_client_checks_in_and_looks_cases_up(sqlite_hall):
    """kiosk/hall_client.py against the server on loopback: the contract the kiosk uses."""
    from display.preview import LiveServer
    from kiosk.errors import ServerRefused
    from kiosk.hall_client import HallClient

    hall = sqlite_hall
    code = book(hall).json["code"]
    server = LiveServer(hall.app).start()
    client = HallClient(server.url, HALL, hall.accounts.kiosk_token, timeout=5)
    try:
        hall.clock.advance(minutes=45)  # 10:45, the slot is at 11:00
        ticket = client.check_in("kiosk-req-1", booking_code=code)
        assert ticket["priority"] == "appointment" and ticket["token"]
        assert client.check_in("kiosk-req-1", booking_code=code)["number"] == ticket["number"]
        with pytest.raises(ServerRefused) as refused:
            client.check_in("kiosk-req-2", id_number=LI)
        assert refused.value.code == "unknown_booking" and refused.value.status == 404
        assert client.look_up_cases(id_number=ZHANG) == {"cases": []}
    finally:
        client.close()
        server.stop()


def test_concurrent_bookings_never_overfill_a_slot(hall):
    """Twelve people at once for one slot of four places: four get it, eight hear it is full."""
    people = [make_id(f"110105199001{n:02d}123") for n in range(1, 13)]

    def attempt(id_number: str) -> int:
        return book(hall, start="15:00", id_number=id_number).status_code  # type: ignore[no-any-return]

    with ThreadPoolExecutor(12) as pool:
        results = sorted(pool.map(attempt, people))
    assert results.count(201) == 4 and set(results) == {201, 409}
    with hall.engine.connect() as conn:
        stored = conn.execute(select(tables.appointments.c.id)).all()
    assert len(stored) == 4
