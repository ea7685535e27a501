"""Idempotency-Key through the REST API on a real database (SQLite and PostgreSQL).

A key belongs to its caller (a device token, a signed-in user): another kiosk's same key is
another request and gets its own ticket. A retry must ask the same thing: the same key with
another request is refused 422 (zh/en), never answered with the first request's ticket.
The clock stands at Monday 2026-11-23 10:00 in Shanghai; the hall is open.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from server.adapters import tables
from server.domain.idempotency import scoped_key
from tests.server.conftest import HALL, Api, Hall
from tests.server.request_keys import device_id, stored_key
from tests.server.test_appointments_api import LI, ZHANG, address_of

TICKETS = f"/halls/{HALL}/tickets"
CHECK_IN = f"/halls/{HALL}/appointments/check-in"
REUSED_ZH = "该请求编号（Idempotency-Key）已用于另一个不同的请求，请换一个新的编号再试"
REUSED_EN = "This Idempotency-Key was already used for a different request: send it with a new key"


def _key(key: str) -> dict[str, str]:
    return {"Idempotency-Key": key}


def _tickets(hall: Hall) -> int:
    with hall.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(tables.tickets)).scalar_one())


def _reused(r: Any) -> None:
    assert r.status_code == 422, r.json
    error = r.json["error"]
    assert error["code"] == "idempotency_key_reused"
    assert error["message"] == {"zh": REUSED_ZH, "en": REUSED_EN}


def _book_today(hall: Hall, id_number: str, start: str) -> str:
    body = {"service": "social_security", "date": "2026-11-23", "start": start,
            "name": "张三明", "id_number": id_number, "phone": "13812345678"}  # fmt: skip
    phone = {"REMOTE_ADDR": address_of(id_number)}
    r = hall.app.test_client().post(f"/api/v1/halls/{HALL}/appointments", json=body,
                                    environ_base=phone)  # fmt: skip
    assert r.status_code == 201, r.json
    return str(r.json["code"])


def test_two_kiosks_with_one_key_get_two_tickets(hall: Hall) -> None:
    first_token = hall.accounts.kiosk_token
    second_token = hall.device_token("kiosk")
    first, second = (
        Api(hall.app.test_client(), first_token),
        Api(hall.app.test_client(), second_token),
    )
    body = {"service": "household"}
    mine = first.post(TICKETS, body, headers=_key("kiosk-000001"))
    theirs = second.post(TICKETS, body, headers=_key("kiosk-000001"))
    assert mine.status_code == theirs.status_code == 201
    assert mine.json["number"] != theirs.json["number"], "another kiosk's key is its own"
    assert mine.json["token"] != theirs.json["token"], "never the first kiosk's token"
    again = second.post(TICKETS, body, headers=_key("kiosk-000001"))
    assert (again.json["number"], again.json["token"]) == (
        theirs.json["number"],
        theirs.json["token"],
    )
    assert _tickets(hall) == 2
    t = tables.tickets.c
    with hall.engine.connect() as conn:
        stored = set(conn.execute(select(t.request_key)).scalars())
    assert stored == {
        scoped_key(f"device:{device_id(hall.engine, first_token)}", "kiosk-000001"),
        stored_key(hall.engine, second_token, "kiosk-000001"),
    }, "kept as hashes of caller and key, not as sent"


def test_two_clerks_with_one_key_get_two_tickets(hall: Hall) -> None:
    one, two = hall.clerk("clerk1"), hall.clerk("clerk2")
    a = one.post(TICKETS, {"service": "civil_affairs"}, headers=_key("desk-1"))
    b = two.post(TICKETS, {"service": "civil_affairs"}, headers=_key("desk-1"))
    assert a.status_code == b.status_code == 201 and a.json["id"] != b.json["id"]
    retry = one.post(TICKETS, {"service": "civil_affairs"}, headers=_key("desk-1"))
    assert retry.json["id"] == a.json["id"], "a user's retry: the same ticket"


def test_the_same_key_with_another_body_is_refused(hall: Hall) -> None:
    kiosk = hall.kiosk()
    first = kiosk.post(TICKETS, {"service": "household", "id_number": ZHANG}, headers=_key("r-1"))
    assert first.status_code == 201
    for other in ({"service": "civil_affairs", "id_number": ZHANG},
                  {"service": "household", "id_number": LI},
                  {"service": "household", "id_number": ZHANG, "priority": "elderly"}):  # fmt: skip
        _reused(kiosk.post(TICKETS, other, headers=_key("r-1")))
    assert _tickets(hall) == 1, "nothing written"
    same = kiosk.post(TICKETS, {"service": "household", "id_number": ZHANG}, headers=_key("r-1"))
    assert same.status_code == 201 and same.json["token"] == first.json["token"]
    too_long = kiosk.post(TICKETS, {"service": "household"}, headers=_key("k" * 81))
    assert too_long.status_code == 400 and "1-80" in too_long.json["error"]["params"]["detail"]


def test_a_check_in_key_is_bound_to_its_booking(hall: Hall) -> None:
    mine, other = _book_today(hall, ZHANG, "10:30"), _book_today(hall, LI, "10:30")
    kiosk = hall.kiosk()
    first = kiosk.post(CHECK_IN, {"booking_code": mine}, headers=_key("in-1"))
    assert first.status_code == 201 and first.json["appointment"]["code"] == mine
    _reused(kiosk.post(CHECK_IN, {"booking_code": other}, headers=_key("in-1")))
    retry = kiosk.post(CHECK_IN, {"booking_code": mine}, headers=_key("in-1"))
    assert retry.status_code == 201 and retry.json["token"] == first.json["token"]
    _reused(kiosk.post(TICKETS, {"service": "social_security"}, headers=_key("in-1")))
    other_kiosk = Api(hall.app.test_client(), hall.device_token("kiosk"))
    theirs = other_kiosk.post(CHECK_IN, {"booking_code": other}, headers=_key("in-1"))
    assert theirs.status_code == 201 and theirs.json["appointment"]["code"] == other
    assert theirs.json["token"] != first.json["token"]


def test_a_face_check_in_key_used_for_another_request_is_refused(hall: Hall) -> None:
    kiosk = hall.kiosk()
    taken = kiosk.post(TICKETS, {"service": "household"}, headers=_key("face-1"))
    assert taken.status_code == 201
    r = kiosk.post("/devices/me/face-check-in", {"embedding": [0.5] * 128}, headers=_key("face-1"))
    _reused(r)
    assert _tickets(hall) == 1


def test_face_keep_days_take_ascii_digits_only(monkeypatch: pytest.MonkeyPatch) -> None:
    from server.web import faces_api

    monkeypatch.setenv(faces_api.KEEP_DAYS_ENV, "²")  # str.isdigit() says yes, int() says no
    with pytest.raises(ValueError, match="ONEWINDOW_FACE_KEEP_DAYS must be a number of days"):
        faces_api._keep_days()
    monkeypatch.setenv(faces_api.KEEP_DAYS_ENV, "7")
    assert faces_api._keep_days() == 7
