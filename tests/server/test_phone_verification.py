"""The optional SMS step of booking through the REST API, on SQLite and PostgreSQL, with the
recording sender (`record://<name>`: the gateway is the one fake part; a real one is a plug-in).

Off by default. With a sender set, a public booking needs the six-digit code sent to its phone:
one code per phone and minute, N a day, valid 10 minutes, 5 tries, used once; only keyed
hashes of phone and code are kept. The clock stands at Monday 2026-11-23 10:00 in Shanghai.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import select

from server.adapters import tables
from server.adapters.sms import recorded
from tests.server.conftest import HALL, Hall, build_hall
from tests.server.test_booking_guards import PATH, PEOPLE, book, guarded_hall, refused

PHONE = "13812345678"


def send(hall: Hall, phone: str = PHONE, address: str = "203.0.113.7") -> Any:
    return hall.app.test_client().post(f"{PATH}/phone-code", json={"phone": phone},
                                       environ_base={"REMOTE_ADDR": address})  # fmt: skip


def sms_hall(database_url: str, tmp_path: Path) -> tuple[Hall, str]:
    name = uuid.uuid4().hex
    hall = guarded_hall(database_url, tmp_path, sms_url=f"record://{name}",
                        sms_per_phone_per_day=3, challenge_bits=0)  # fmt: skip
    return hall, name


def test_a_booking_needs_the_code_sent_to_its_phone(database_url: str, tmp_path: Path) -> None:
    hall, outbox = sms_hall(database_url, tmp_path)
    services = hall.app.test_client().get(f"{PATH}/services").json
    assert services["phone_verification"] is True
    error = refused(book(hall, 0, "203.0.113.7"), 422, "phone_code_required")
    assert error["message"]["zh"] == "请填写手机收到的短信验证码"
    assert error["message"]["en"] == "Please enter the code sent to your phone by SMS"
    r = send(hall, "138 1234 5678")
    assert r.status_code == 201, r.json
    assert r.json == {"sent": True, "phone_masked": "138****5678", "minutes": 10,
                      "expires_at": "2026-11-23T02:10:00+00:00", "resend_after": 60}  # fmt: skip
    sent = recorded(outbox).last_to(PHONE)
    assert sent is not None and len(sent.code) == 6 and sent.code.isdigit()
    assert sent.minutes == 10 and sent.hall_name == "鼎城区政务服务中心"
    wrong = "000000" if sent.code != "000000" else "111111"
    error = refused(book(hall, 0, "203.0.113.7", phone_code=wrong), 422, "phone_code_wrong")
    assert error["message"]["zh"] == "短信验证码错误或已过期，请核对或重新获取"
    assert book(hall, 0, "203.0.113.7", phone_code=sent.code).status_code == 201
    used = book(hall, 1, "203.0.113.7", start="10:30", phone_code=sent.code)
    refused(used, 422, "phone_code_wrong")  # a code books once
    v = tables.phone_verifications.c
    with hall.engine.connect() as conn:
        rows = conn.execute(select(v.phone_hash, v.code_hash, v.attempts, v.verified_at)).all()
    assert len(rows) == 1 and rows[0].verified_at is not None and rows[0].attempts == 2
    assert sent.code not in rows[0].code_hash and "5678" not in rows[0].phone_hash
    kiosk = {"Authorization": f"Bearer {hall.accounts.kiosk_token}"}
    body = {"service": "social_security", "date": "2026-11-24", "start": "11:00", "name": "王五",
            "id_number": PEOPLE[2], "phone": "13900001111"}  # fmt: skip
    by_kiosk = hall.app.test_client().post(PATH, json=body, headers=kiosk)
    assert by_kiosk.status_code == 201, "staff and kiosks book for someone without the code"
    hall.engine.dispose()


def test_codes_are_limited_in_time_tries_and_number(database_url: str, tmp_path: Path) -> None:
    hall, outbox = sms_hall(database_url, tmp_path)
    assert send(hall).status_code == 201
    soon = send(hall)
    error = refused(soon, 429, "phone_code_too_soon")
    assert int(soon.headers["Retry-After"]) == 60 and "60" in error["message"]["zh"]
    code = recorded(outbox).last_to(PHONE).code  # type: ignore[union-attr]
    hall.clock.advance(minutes=11)  # the code was valid for 10 minutes
    refused(book(hall, 0, "203.0.113.7", phone_code=code), 422, "phone_code_wrong")
    assert send(hall).status_code == 201
    code = recorded(outbox).last_to(PHONE).code  # type: ignore[union-attr]
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):  # five wrong tries of the new code
        refused(book(hall, 0, "203.0.113.7", phone_code=wrong), 422, "phone_code_wrong")
    error = refused(book(hall, 0, "203.0.113.7", phone_code=code), 429,
                    "phone_code_attempts_exceeded")  # fmt: skip
    assert error["params"]["limit"] == 5, "five tries, then a new code is needed"
    hall.clock.advance(minutes=1)
    assert send(hall).status_code == 201, "the third code of the day"
    code = recorded(outbox).last_to(PHONE).code  # type: ignore[union-attr]
    assert book(hall, 0, "203.0.113.7", phone_code=code).status_code == 201
    hall.clock.advance(minutes=1)
    over = refused(send(hall), 429, "phone_code_limit_reached")
    assert over["params"]["limit"] == 3 and "3" in over["message"]["zh"]
    assert send(hall, "13900001111").status_code == 201, "another phone"
    hall.engine.dispose()


def test_without_a_sender_there_is_no_sms_step(database_url: str) -> None:
    hall = build_hall(database_url)
    assert hall.app.test_client().get(f"{PATH}/services").json["phone_verification"] is False
    refused(send(hall), 404, "phone_verification_off")
    assert book(hall, 0, "203.0.113.7").status_code == 201, "no code asked"
    hall.engine.dispose()


def test_a_failing_gateway_is_a_typed_refusal(database_url: str, tmp_path: Path) -> None:
    from server.adapters.appointment_store import save_policies
    from server.domain.appointments import AppointmentPolicy
    from server.domain.cases import CardPolicy

    hall = build_hall(database_url)
    with hall.engine.begin() as conn:  # a gateway plug-in that is not installed on this server
        save_policies(conn, HALL, AppointmentPolicy(sms_url="nowhere://x"), CardPolicy())
    error = refused(send(hall), 503, "sms_unavailable")
    assert error["message"]["zh"] == "短信验证码暂时无法发送，请稍后再试"
    with hall.engine.connect() as conn:
        assert conn.execute(select(tables.phone_verifications.c.id)).first() is None
    hall.engine.dispose()
