"""The booking page's guards (防刷号) through the REST API, on SQLite and PostgreSQL.

Made-up people with valid ID numbers and unverified phones cost nothing, so: a client address
holds at most a share of one slot and books at most N a day; past a few bookings a day each
further one needs a proof of work (stateless, signed, single-use); a phone with repeated
no-shows is blocked like an ID number. Staff and kiosks booking for someone are not counted.
The clock stands at Monday 2026-11-23 10:00 in Shanghai (02:00 UTC).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from server.adapters import limits_store, tables
from server.domain.personal import id_check_char
from tests.server.conftest import EXAMPLE, HALL, Hall, build_hall

PATH = f"/api/v1/halls/{HALL}/appointments"
FIRST17 = (
    f"3201021985{m:02d}{d:02d}0{n}1" for m, d, n in itertools.product((3, 4), (1, 2), (1, 2))
)
PEOPLE = [p + id_check_char(p) for p in FIRST17]  # eight people with valid ID numbers


def guarded_hall(database_url: str, tmp_path: Path, **settings: Any) -> Hall:
    """The example hall with some [limits] or [appointments] keys set to other values."""
    text = EXAMPLE.read_text(encoding="utf-8")
    for name, value in settings.items():
        toml = json.dumps(value) if isinstance(value, str) else str(value)
        text, n = re.subn(rf"(?m)^{name} = \S+", f"{name} = {toml}", text)
        assert n == 1, name
    path = tmp_path / "guarded.toml"
    path.write_text(text, encoding="utf-8")
    return build_hall(database_url, hall_file=path)


def book(hall: Hall, person: int, address: str, start: str = "10:00", day: str = "2026-11-24",
         phone: str = "13812345678", **extra: Any) -> Any:  # fmt: skip
    body = {"service": "social_security", "date": day, "start": start, "name": "张三明",
            "id_number": PEOPLE[person], "phone": phone, **extra}  # fmt: skip
    return hall.app.test_client().post(PATH, json=body, environ_base={"REMOTE_ADDR": address})


def solve(challenge: str, bits: int) -> str:
    """What the booking page does: count up until SHA-256 starts with `bits` zero bits."""
    for nonce in itertools.count():
        digest = hashlib.sha256(f"{challenge}:{nonce}".encode()).digest()
        if int.from_bytes(digest[:4], "big") >> (32 - bits) == 0:
            return str(nonce)
    raise AssertionError("unreachable")


def bookings(hall: Hall) -> int:
    with hall.engine.connect() as conn:
        count = select(func.count()).select_from(tables.appointments)
        return int(conn.execute(count).scalar_one())


def refused(r: Any, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, r.json
    assert r.json["error"]["code"] == code, r.json
    return r.json["error"]  # type: ignore[no-any-return]


def test_one_address_holds_at_most_its_share_of_a_slot(database_url: str, tmp_path: Path) -> None:
    hall = guarded_hall(database_url, tmp_path, challenge_bits=0)
    a, b = "203.0.113.7", "198.51.100.9"
    assert book(hall, 0, a).status_code == 201
    mine = book(hall, 1, a)
    assert mine.status_code == 201, "two of four places: the default share of one half"
    before = bookings(hall)
    error = refused(book(hall, 2, a), 409, "slot_share_reached")
    assert error["params"]["limit"] == 2
    assert error["message"] == {"zh": "您所在网络已预约本时段 2 个名额，请选择其他时段",
                                "en": "Your network already holds 2 place(s) of this time "
                                      "slot: please choose another time"}  # fmt: skip
    assert bookings(hall) == before, "nothing written"
    assert book(hall, 2, a, start="10:30").status_code == 201, "another slot"
    assert book(hall, 3, b).status_code == 201, "another address"
    cancel = hall.app.test_client().post(f"{PATH}/{mine.json['code']}/cancel",
                                         json={"id_number": PEOPLE[1]})  # fmt: skip
    assert cancel.status_code == 200
    assert book(hall, 4, a).status_code == 201, "a cancelled place goes back to its address"
    moved = book(hall, 5, a, start="11:00")
    assert moved.status_code == 201
    move = {"id_number": PEOPLE[5], "date": "2026-11-24", "start": "10:00"}
    change = hall.app.test_client().post(f"{PATH}/{moved.json['code']}/change", json=move)
    refused(change, 409, "slot_share_reached")  # the booking's address holds two already
    kiosk = {"Authorization": f"Bearer {hall.accounts.kiosk_token}"}
    body = {"service": "social_security", "date": "2026-11-24", "start": "10:00", "name": "王五",
            "id_number": PEOPLE[6], "phone": "13900001111"}  # fmt: skip
    staff = hall.app.test_client().post(PATH, headers=kiosk, json=body,
                                        environ_base={"REMOTE_ADDR": a})  # fmt: skip
    assert staff.status_code == 201, "a kiosk booking for someone is not counted per address"
    hall.engine.dispose()


def test_an_ipv6_line_counts_as_one_address(database_url: str, tmp_path: Path) -> None:
    hall = guarded_hall(database_url, tmp_path, challenge_bits=0)
    assert book(hall, 0, "2001:db8:5:7::1").status_code == 201
    assert book(hall, 1, "2001:db8:5:7:ffff::2").status_code == 201
    refused(book(hall, 2, "2001:db8:5:7::abcd"), 409, "slot_share_reached")  # the same /64
    assert book(hall, 2, "2001:db8:5:8::1").status_code == 201, "another /64"
    hall.engine.dispose()


def test_one_address_books_up_to_n_a_day(database_url: str, tmp_path: Path) -> None:
    hall = guarded_hall(database_url, tmp_path, bookings_per_address_per_day=3, challenge_bits=0)
    a = "203.0.113.7"
    for person, start in enumerate(("10:00", "10:30", "11:00")):
        assert book(hall, person, a, start=start).status_code == 201
    before = bookings(hall)
    r = book(hall, 3, a, start="11:30")
    error = refused(r, 429, "address_booking_limit_reached")
    assert int(r.headers["Retry-After"]) == 14 * 3600, "until midnight in Shanghai"
    assert error["message"]["zh"] == "您所在网络今天已预约 3 次，已达每日上限，请明天再试"
    assert error["message"]["en"].startswith("Your network has reached today's limit of 3")
    assert bookings(hall) == before, "nothing written"
    assert book(hall, 3, "198.51.100.9", start="11:30").status_code == 201, "another address"
    hall.clock.advance(days=1)
    assert book(hall, 4, a, start="11:30", day="2026-11-25").status_code == 201, "a new day"
    with hall.engine.connect() as conn:
        r = limits_store.rate_counters.c
        subjects = conn.execute(select(r.subject).where(r.scope.like("address%"))).scalars().all()
    assert subjects and not any("203.0.113" in s for s in subjects), "keyed hashes only"
    hall.engine.dispose()


def test_past_n_bookings_a_day_a_booking_needs_a_proof_of_work(
    database_url: str, tmp_path: Path
) -> None:
    hall = guarded_hall(database_url, tmp_path, challenge_after_per_address=1, challenge_bits=10)
    a = "203.0.113.7"
    assert book(hall, 0, a).status_code == 201, "the first booking of the day is free"
    error = refused(book(hall, 1, a, start="10:30"), 428, "challenge_required")
    assert error["message"]["zh"] == "您所在网络今天预约较多，请完成安全校验后再预约"
    assert error["message"]["en"].startswith("Many bookings came from your network today")
    challenge, bits = error["params"]["challenge"], error["params"]["bits"]
    assert bits == 10 and error["params"]["expires_at"] == "2026-11-23T02:05:00+00:00"
    nonce = solve(challenge, bits)
    wrong = next(str(n) for n in itertools.count()
                 if hashlib.sha256(f"{challenge}:{n}".encode()).digest()[0] != 0)  # fmt: skip
    again = refused(book(hall, 1, a, start="10:30", proof={"challenge": challenge, "nonce": wrong}),
                    428, "challenge_required")  # fmt: skip
    assert again["params"]["challenge"] != challenge, "a wrong nonce: a fresh challenge"
    tampered = challenge.replace(".10.", ".1.", 1)
    refused(book(hall, 1, a, start="10:30", proof={"challenge": tampered, "nonce": "0"}), 428,
            "challenge_required")  # fmt: skip
    proof = {"challenge": challenge, "nonce": nonce}
    double = book(hall, 0, a, proof=proof)  # the same person again: refused for that reason
    refused(double, 409, "double_booking")
    assert book(hall, 1, a, start="10:30", proof=proof).status_code == 201, "solved: booked"
    spent = refused(book(hall, 2, a, start="11:00", proof=proof), 428, "challenge_required")
    assert spent["params"]["challenge"] != challenge, "a proof is good for one booking"
    hall.engine.dispose()


def test_a_proof_is_bound_to_its_address_and_expires(database_url: str, tmp_path: Path) -> None:
    hall = guarded_hall(database_url, tmp_path, challenge_after_per_address=0, challenge_bits=8)
    a, b = "203.0.113.7", "198.51.100.9"
    asked = refused(book(hall, 0, b), 428, "challenge_required")["params"]
    theirs = {"challenge": asked["challenge"], "nonce": solve(asked["challenge"], 8)}
    refused(book(hall, 0, a, proof=theirs), 428, "challenge_required")  # solved for b, sent by a
    asked = refused(book(hall, 0, a), 428, "challenge_required")["params"]
    late = {"challenge": asked["challenge"], "nonce": solve(asked["challenge"], 8)}
    hall.clock.advance(seconds=301)
    refused(book(hall, 0, a, proof=late), 428, "challenge_required")  # five minutes at most
    assert book(hall, 0, b, proof=theirs).status_code == 428, "expired for b too"
    asked = refused(book(hall, 0, b), 428, "challenge_required")["params"]
    fresh = {"challenge": asked["challenge"], "nonce": solve(asked["challenge"], 8)}
    assert book(hall, 0, b, proof=fresh).status_code == 201
    hall.engine.dispose()


def test_a_phone_with_repeated_no_shows_cannot_book(database_url: str, tmp_path: Path) -> None:
    hall = guarded_hall(database_url, tmp_path, challenge_bits=0)
    phone = "13812345678"
    for person, start in enumerate(("10:30", "11:00", "11:30")):  # three people, one phone
        r = book(hall, person, f"10.0.0.{person + 1}", start=start, day="2026-11-23", phone=phone)
        assert r.status_code == 201, r.json
    hall.clock.advance(hours=2)  # 12:00: all three missed their check-in window
    blocked = refused(book(hall, 3, "10.0.0.9", phone="138-1234-5678"), 403, "booking_blocked")
    assert blocked["params"] == {"until": "2026-12-23", "by": "phone"}, "30 days after 11:30"
    assert "2026-12-23" in blocked["message"]["zh"] and blocked["message"]["en"]
    assert book(hall, 3, "10.0.0.9", phone="13900001111").status_code == 201, "another phone"
    p = tables.appointments.c
    with hall.engine.connect() as conn:
        hashes = conn.execute(select(p.phone_hash, p.address_hash)).all()
    assert len({h.phone_hash for h in hashes}) == 2 and all(h.address_hash for h in hashes)
    assert not any("5678" in h.phone_hash or "10.0.0" in h.address_hash for h in hashes)
    hall.clock.advance(days=31)  # the block ends 30 days after the last no-show
    assert book(hall, 4, "10.0.0.9", day="2026-12-25").status_code == 201
    hall.engine.dispose()


def test_concurrent_bookings_from_one_address_never_pass_its_share(
    database_url: str, tmp_path: Path
) -> None:
    """Six made-up people at once from one address for one slot of four places: two get it
    (the counts are atomic in the database), the other places stay for other people."""
    hall = guarded_hall(database_url, tmp_path, challenge_bits=0)

    def attempt(person: int) -> int:
        return int(book(hall, person, "203.0.113.7", start="15:00").status_code)

    with ThreadPoolExecutor(6) as pool:
        answers = sorted(pool.map(attempt, range(6)))
    assert answers == [201, 201, 409, 409, 409, 409]
    assert bookings(hall) == 2
    assert book(hall, 6, "198.51.100.9", start="15:00").status_code == 201, "places remain"
    hall.engine.dispose()
