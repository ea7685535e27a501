"""Cases (办件) through the REST API: opened by a finish with 受理, moved step by step, cards
on the wall display's warnings strip, and a look-up that shows only the applicant's own.

The clock stands at Monday 2026-11-23 10:00 in Shanghai; civil affairs promises 5 working
days, so the deadline is Monday 2026-11-30 (the weekend does not count).
"""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import insert

from server.adapters import tables
from server.services.snapshot import refresh_alerts
from tests.server.conftest import HALL, events
from tests.server.test_appointments_api import LI, ZHANG


def accept(hall, service="civil_affairs", id_number=ZHANG, outcome="accepted", clerk=None):
    ticket = hall.issue(service, id_number=id_number, name="王小明")
    clerk = clerk or hall.clerk("clerk1", window=2)
    hall.clock.advance(seconds=5)  # past the double-press guard of call-next
    called = clerk.post("/windows/2/call-next")
    assert called.json["number"] == ticket["number"], called.json
    done = clerk.post("/windows/2/finish", {"outcome": outcome})
    assert done.status_code == 200, done.json
    return clerk, done.json


def look_up(hall, **body):
    return hall.anonymous().post(f"/halls/{HALL}/cases/lookup", body)


def test_finish_with_accepted_opens_a_case_with_a_working_day_deadline(hall):
    clerk, done = accept(hall)
    case = done["case"]
    assert case["deadline"] == "2026-11-30" and case["status"] == "accepted"
    assert case["number"] == "20261123-0001"
    _, instant = accept(hall, "social_security", LI, clerk=clerk)
    assert instant["case"] is None, "an instant matter never becomes a case"
    _, consulted = accept(hall, id_number=LI, outcome="consulted", clerk=clerk)
    assert consulted["case"] is None


def test_look_up_shows_only_the_applicants_own_cases_masked(hall):
    _, done = accept(hall)
    number = done["case"]["number"]
    mine = look_up(hall, id_number=ZHANG, case_number=number)
    assert mine.status_code == 200
    (case,) = mine.json["cases"]
    assert case["number"] == number and case["name_masked"] == "王*明"
    assert case["id_masked"] == ZHANG[:3] + "*" * 11 + ZHANG[-4:]
    assert case["service"]["name_zh"] == "民政业务" and case["days_left"] == 6
    text = json.dumps(mine.json, ensure_ascii=False)
    assert ZHANG not in text and "window_id" not in case
    phone_without_number = look_up(hall, id_number=ZHANG)
    assert phone_without_number.status_code == 422
    assert phone_without_number.json["error"]["code"] == "case_number_required"
    kiosk = hall.kiosk()
    assert kiosk.post(f"/halls/{HALL}/cases/lookup", {"id_number": LI}).json == {"cases": []}
    theirs = look_up(hall, id_number=LI, case_number=number)
    assert theirs.status_code == 404 and theirs.json["error"]["code"] == "unknown_case"
    no_id = look_up(hall, case_number=number)
    assert no_id.status_code == 422 and no_id.json["error"]["code"] == "id_number_required"
    by_kiosk = hall.kiosk().post(f"/halls/{HALL}/cases/lookup", {"id_number": ZHANG})
    assert by_kiosk.json["cases"][0]["number"] == number


def test_every_case_move_is_timed_and_attributed(hall):
    clerk, done = accept(hall)
    path = f"/halls/{HALL}/cases/{done['case']['number']}"
    wrong = clerk.post(f"{path}/moves", {"action": "approve"})
    assert wrong.status_code == 409 and wrong.json["error"]["code"] == "illegal_case_move"
    assert wrong.json["error"]["message"]["zh"].startswith("办件")
    owed = clerk.post(
        f"{path}/moves",
        {"action": "materials", "received": ["身份证"], "missing": ["户口簿"],
         "promise_date": "2026-11-25"},
    )  # fmt: skip
    assert owed.status_code == 200 and owed.json["missing"] == ["户口簿"]
    assert owed.json["material_overdue"] is False
    hall.clock.advance(days=3)  # Thursday 11-26: the promised material is a day late
    (late,) = clerk.get(f"/halls/{HALL}/cases/late").json["cases"]
    assert late["material_overdue"] is True and late["card"] is None
    for action in ("review", "approve", "ready"):
        r = clerk.post(f"{path}/moves", {"action": action})
        assert r.status_code == 200, r.json
    no_tracking = clerk.post(f"{path}/moves", {"action": "deliver", "method": "post"})
    assert (
        no_tracking.status_code == 400
        and no_tracking.json["error"]["params"]["field"] == "tracking"
    )
    hall.clock.advance(hours=1)
    sent = clerk.post(
        f"{path}/moves", {"action": "deliver", "method": "post", "tracking": "SF1234567890"}
    )
    assert sent.json["status"] == "delivered" and sent.json["tracking"] == "SF1234567890"
    detail = clerk.get(path).json
    steps = [(s["action"], s["to"]) for s in detail["steps"]]
    assert steps == [
        ("accept", "accepted"), ("materials", "accepted"), ("review", "in_review"),
        ("approve", "approved"), ("ready", "ready_for_pickup"), ("deliver", "delivered"),
    ]  # fmt: skip
    assert all(s["actor_id"] for s in detail["steps"]) and detail["steps"][-1]["method"] == "post"
    assert hall.anonymous().get(path).status_code == 401


def test_a_rejection_needs_reason_and_remedy(hall):
    clerk, done = accept(hall)
    path = f"/halls/{HALL}/cases/{done['case']['number']}/moves"
    clerk.post(path, {"action": "review"})
    bare = clerk.post(path, {"action": "reject", "reason": "材料不全"})
    assert bare.status_code == 400 and bare.json["error"]["params"]["field"] == "remedy"
    r = clerk.post(path, {"action": "reject", "reason": "材料不全", "remedy": "可于60日内申请复议"})
    assert r.status_code == 200 and r.json["status"] == "rejected"
    seen = look_up(hall, id_number=ZHANG, case_number=done["case"]["number"]).json["cases"][0]
    assert seen["reason"] == "材料不全" and seen["remedy"].startswith("可于")


def warnings(display) -> list[tuple[str, str, int]]:
    """The warning news a display heard since last asked: (raised|cleared, level, count)."""
    return [
        (name.split(".")[1], p["level"], p["count"])
        for name, p in events(display)
        if name.startswith("warning.")
    ]


def test_deadline_cards_reach_the_warnings_strip_and_the_follow_up_list(hall):
    clerk, done = accept(hall)
    display = hall.display()
    events(display)
    hall.clock.advance(days=6)  # Sunday 11-29: one working day (Monday) left: yellow
    hall.runtime.execute(refresh_alerts, HALL)
    ((_, warning),) = events(display, "warning.raised")
    assert warning["kind"] == "case_deadline" and warning["level"] == "yellow"
    assert warning["count"] == 1 and warning["department"] == "民政"
    assert warning["title_zh"] == "民政 1件临近或超过承诺时限" and warning["kind_zh"] == "办件时限"
    assert warning["title_en"].startswith("民政: 1 case(s)")
    assert warning["since"].startswith("2026-11-27T16:00"), "from Saturday 00:00 in Shanghai"
    late = clerk.get(f"/halls/{HALL}/cases/late").json["cases"]
    assert [c["card"] for c in late] == ["yellow"]
    hall.clock.advance(days=1)  # Monday 11-30, the deadline day; one more case due that day
    with hall.engine.begin() as conn:  # another of the department's cases, in review
        conn.execute(insert(tables.cases).values(
            hall_id=HALL, number="20261123-0002", service_code="elderly_card",
            accepted_at=hall.clock.now(), accepted_on=date(2026, 11, 23), promised_days=5,
            deadline=date(2026, 11, 30), status="in_review", materials=[], missing=[],
        ))  # fmt: skip
    hall.runtime.execute(refresh_alerts, HALL)
    assert warnings(display) == [("raised", "yellow", 2), ("cleared", "yellow", 1)]
    hall.clock.advance(days=1)  # Tuesday 12-01: both are past their deadline
    hall.runtime.execute(refresh_alerts, HALL)
    assert warnings(display) == [("raised", "red", 2), ("cleared", "yellow", 2)]
    snapshot = clerk.get(f"/halls/{HALL}/snapshot").json
    cards = [(a["level"], a["count"]) for a in snapshot["alerts"] if a["kind"] == "case_deadline"]
    assert cards == [("red", 2)]
    path = f"/halls/{HALL}/cases/{done['case']['number']}/moves"
    clerk.post(path, {"action": "review"})
    clerk.post(path, {"action": "approve"})
    hall.runtime.execute(refresh_alerts, HALL)
    assert warnings(display) == [("raised", "red", 1), ("cleared", "red", 2)]
    late = clerk.get(f"/halls/{HALL}/cases/late").json["cases"]
    assert [(c["number"], c["card"]) for c in late] == [("20261123-0002", "red")]
