"""Face check-in through the REST API on a real database, with real faces (scikit-image).

Consent + selfie at booking keeps only a sealed template; the kiosk sends the live face's
embedding and gets the same ticket a card or QR check-in gives. The clock stands at Monday
2026-11-23 10:00 in Shanghai; check-in runs from 30 minutes before a slot to 15 after.
"""

from __future__ import annotations

import base64
import json
import struct
from datetime import UTC, datetime

from sqlalchemy import select

from server.adapters import tables
from server.adapters.face_store import face_templates, help_requests, purge_expired_face_templates
from server.domain.personal import id_check_char
from server.web.extensions import socketio
from tests.kiosk import face_pictures as faces
from tests.server.conftest import HALL, events

ZHANG = "11010519800101123" + id_check_char("11010519800101123")
LI = "43010219900202456" + id_check_char("43010219900202456")


def book(hall, start="11:00", id_number=ZHANG, name="张三明"):
    body = {"service": "social_security", "date": "2026-11-23", "start": start, "name": name,
            "id_number": id_number, "phone": "13812345678"}  # fmt: skip
    r = hall.anonymous().post(f"/halls/{HALL}/appointments", body)
    assert r.status_code == 201, r.json
    return r.json["code"]


def enrol(hall, code, frame=None, id_number=ZHANG, consent=True):
    photo = faces.jpeg_b64(faces.astronaut() if frame is None else frame)
    body = {"id_number": id_number, "consent": consent, "photo": photo}
    return hall.anonymous().post(f"/halls/{HALL}/appointments/{code}/face", body)


def face_check_in(hall, frame, key="f1"):
    return hall.kiosk().post(
        "/devices/me/face-check-in",
        {"embedding": faces.embedding(frame)},
        headers={"Idempotency-Key": key},
    )


def stored(hall):
    with hall.engine.connect() as conn:
        return conn.execute(select(face_templates)).all()


def test_consent_keeps_only_a_sealed_template_and_check_in_gives_a_priority_ticket(hall):
    code = book(hall)
    selfie = faces.jpeg(faces.astronaut())
    r = hall.anonymous().post(
        f"/halls/{HALL}/appointments/{code}/face",
        {"id_number": ZHANG, "consent": True,
         "photo": "data:image/jpeg;base64," + base64.b64encode(selfie).decode()},
    )  # fmt: skip
    assert r.status_code == 201, r.json
    assert r.json["face"]["expires_at"] == "2026-11-23T16:00:00+00:00", "end of the booking's day"
    [row] = stored(hall)
    clear = faces.embedding(faces.astronaut())
    packed = struct.pack("<128f", *clear)
    assert len(row.sealed) == 12 + len(packed) + 16, "nonce + AES-GCM ciphertext + tag"
    assert packed[:16] not in row.sealed and packed[-16:] not in row.sealed
    assert json.dumps(clear[:3])[1:20] not in repr(row), "no embedding in clear"
    _assert_no_picture_anywhere(hall, selfie)

    hall.clock.advance(minutes=30)  # 10:30: within the 11:00 slot's window
    r = face_check_in(hall, faces.astronaut_at_kiosk())
    assert r.status_code == 201, r.json
    assert r.json["priority"] == "appointment" and "notice" not in r.json
    assert r.json["appointment"]["code"] == code and r.json["appointment"]["arrival"] == "on_time"
    again = face_check_in(hall, faces.astronaut_at_kiosk())  # the kiosk's retry, same key
    assert again.status_code == 201 and again.json["number"] == r.json["number"]
    assert stored(hall) == [], "the template goes once it has served"


def _assert_no_picture_anywhere(hall, selfie: bytes) -> None:
    probe, probe64 = selfie[200:232], base64.b64encode(selfie[:300]).decode()[40:80]
    with hall.engine.connect() as conn:
        for table in tables.metadata.sorted_tables:
            for row in conn.execute(select(table)):
                for value in row:
                    if isinstance(value, bytes):
                        assert probe not in value, table.name
                    elif isinstance(value, str):
                        assert probe64 not in value, table.name


def test_somebody_else_is_refused_with_the_other_ways_to_check_in(hall):
    code = book(hall)
    assert enrol(hall, code).status_code == 201
    hall.clock.advance(minutes=30)
    r = face_check_in(hall, faces.cameraman())
    assert r.status_code == 404 and r.json["error"]["code"] == "face_not_recognised"
    assert "身份证" in r.json["error"]["message"]["zh"]
    assert "ID card" in r.json["error"]["message"]["en"]
    assert len(stored(hall)) == 1, "nothing changed"


def test_outside_the_window_is_a_walk_in_ticket_with_a_notice(hall):
    code = book(hall, start="16:00")
    assert enrol(hall, code).status_code == 201
    r = face_check_in(hall, faces.astronaut_at_kiosk())  # 10:00, six hours early
    assert r.status_code == 201, r.json
    assert r.json["priority"] == "normal" and r.json["appointment"]["arrival"] == "early"
    assert "16:00" in r.json["notice"]["zh"]


def test_two_bookings_one_face_each_pick_the_right_one(hall):
    mine = book(hall)
    other = book(hall, start="11:00", id_number=LI, name="李四")
    assert enrol(hall, mine).status_code == 201
    assert enrol(hall, other, frame=faces.cameraman(), id_number=LI).status_code == 201
    hall.clock.advance(minutes=30)
    r = face_check_in(hall, faces.cameraman(), key="cam")
    assert r.status_code == 201 and r.json["appointment"]["code"] == other


def test_withdrawing_deletes_the_template(hall):
    code = book(hall)
    assert enrol(hall, code).status_code == 201
    wrong = hall.anonymous().post(f"/halls/{HALL}/appointments/{code}/face/withdraw",
                                  {"id_number": LI})  # fmt: skip
    assert wrong.status_code == 404 and len(stored(hall)) == 1
    r = hall.anonymous().post(f"/halls/{HALL}/appointments/{code}/face/withdraw",
                              {"id_number": ZHANG})  # fmt: skip
    assert r.status_code == 200 and r.json["deleted"] is True
    assert stored(hall) == []
    hall.clock.advance(minutes=30)
    assert face_check_in(hall, faces.astronaut_at_kiosk()).status_code == 404


def test_expired_templates_are_purged(hall):
    code = book(hall)
    assert enrol(hall, code).status_code == 201
    assert (
        purge_expired_face_templates(hall.engine, datetime(2026, 11, 23, 15, 59, tzinfo=UTC)) == 0
    )
    assert purge_expired_face_templates(hall.engine, datetime(2026, 11, 23, 16, 0, tzinfo=UTC)) == 1
    assert stored(hall) == []


def test_unusable_selfies_and_strangers_get_typed_refusals(hall):
    code = book(hall)
    cv2, np = faces.require("cv2"), faces.require("numpy")
    assert enrol(hall, code, consent=False).json["error"]["code"] == "face_consent_required"
    not_mine = enrol(hall, code, id_number=LI)
    assert not_mine.status_code == 404 and not_mine.json["error"]["code"] == "unknown_booking"
    blank = np.full((400, 400, 3), 128, np.uint8)
    r = enrol(hall, code, frame=blank)
    assert r.status_code == 422 and r.json["error"]["code"] == "face_no_face"
    assert "人脸" in r.json["error"]["message"]["zh"]
    two = np.hstack([faces.astronaut(), cv2.flip(faces.astronaut(), 1)])
    assert enrol(hall, code, frame=two).json["error"]["code"] == "face_many_faces"
    small = cv2.resize(faces.astronaut(), (200, 200), interpolation=cv2.INTER_AREA)
    assert enrol(hall, code, frame=small).json["error"]["code"] == "face_poor_quality"
    # Five uploads a day per booking (the three refused photos count): the sixth is refused.
    assert enrol(hall, code).status_code == 201 and enrol(hall, code).status_code == 201
    r = enrol(hall, code)
    assert r.status_code == 429 and r.json["error"]["code"] == "face_attempts_exceeded"
    assert len(stored(hall)) == 1, "a new selfie replaces the template"
    body = {"id_number": ZHANG, "consent": True, "photo": "%%%"}
    garbage = hall.anonymous().post(f"/halls/{HALL}/appointments/{code}/face", body)
    assert garbage.status_code == 400


def test_a_kiosk_call_for_staff_reaches_the_managers_only(hall):
    manager = hall.clerk("manager")
    watcher = socketio.test_client(hall.app, namespace="/live", flask_test_client=manager.client)
    assert watcher.is_connected("/live")
    display = hall.display()
    events(watcher), events(display)
    ticket = hall.issue("real_estate")
    r = hall.kiosk().post("/devices/me/help",
                          {"reason": "identity_failed", "service": "real_estate"})  # fmt: skip
    assert r.status_code == 201, r.json
    assert "人证核验未通过" in r.json["message"]["zh"]
    [(_, heard)] = events(watcher, "kiosk.help")
    assert heard["reason"] == "identity_failed" and heard["service"]["code"] == "real_estate"
    assert events(display, "kiosk.help") == []
    body = {"reason": "identity_manual", "ticket_token": ticket["token"]}
    manual = hall.kiosk().post("/devices/me/help", body)
    assert manual.status_code == 201 and manual.json["ticket"]["number"] == ticket["number"]
    bad = hall.kiosk().post("/devices/me/help", {"reason": "party"})
    assert bad.status_code == 400
    with hall.engine.connect() as conn:
        assert len(conn.execute(select(help_requests)).all()) == 2


def test_identity_check_services_reach_the_kiosk(hall):
    services = hall.kiosk().get(f"/halls/{HALL}/catalogue").json["services"]
    flags = {s["code"]: s["identity_check"] for s in services}
    assert flags["real_estate"] is True and flags["social_security"] is False


def test_matching_needs_the_threshold_and_a_clear_lead_over_the_second_best():
    from server.adapters.face_engine import MATCH_THRESHOLD
    from server.services.face_check_in import best_match, unit_embedding

    base = [1.0] + [0.0] * 127
    near = unit_embedding([1.0, 0.1] + [0.0] * 126)  # cosine 0.995 with base
    far = unit_embedding([0.0, 1.0] + [0.0] * 126)  # cosine 0

    def match(gallery: dict[int, tuple[float, ...]]) -> int | None:
        return best_match(base, gallery, MATCH_THRESHOLD)

    assert match({1: near, 2: far}) == 1
    assert match({1: near, 2: near}) is None, "two look-alikes: no guess"
    assert match({2: far}) is None and match({}) is None


def test_the_days_a_template_is_kept_after_its_booking_day_are_configurable(hall, monkeypatch):
    monkeypatch.setenv("ONEWINDOW_FACE_KEEP_DAYS", "2")
    r = enrol(hall, book(hall))
    assert r.status_code == 201 and r.json["face"]["expires_at"] == "2026-11-25T16:00:00+00:00"


def test_the_clerk_who_calls_a_ticket_marked_for_a_manual_check_sees_it(hall):
    ticket = hall.issue("real_estate")
    body = {"reason": "identity_manual", "ticket_token": ticket["token"]}
    assert hall.kiosk().post("/devices/me/help", body).status_code == 201
    clerk = hall.clerk("manager", window=11)
    called = clerk.post("/windows/11/call-next")
    assert called.status_code == 200 and called.json["number"] == ticket["number"], called.json
    view = clerk.get("/windows/11/console").json
    assert view["current"]["identity_checks"] == ["identity_manual"]
    hall.clock.advance(minutes=2)
    assert clerk.post("/windows/11/finish").status_code == 200
    other = hall.issue("real_estate")
    assert clerk.post("/windows/11/call-next").json["number"] == other["number"]
    assert clerk.get("/windows/11/console").json["current"]["identity_checks"] == []
