"""Services and windows edited by the manager: validated, audited, live without a restart."""

from __future__ import annotations

from sqlalchemy import select

from server.adapters import tables
from tests.server.conftest import HALL, events
from tests.server.test_manage_board import other_hall_manager

PASSPORT = {
    "code": "passport",
    "name_zh": "出入境证件",
    "name_en": "Exit and entry permits",
    "prefix": "P",
    "window_kinds": ["general"],
    "expected_minutes": 6,
    "yellow_minutes": 15,
    "red_minutes": 30,
    "daily_cap": 50,
}


def audit_actions(hall):
    with hall.engine.connect() as conn:
        rows = conn.execute(select(tables.audit_log).order_by(tables.audit_log.c.id)).all()
    return [(r.action, r.subject) for r in rows]


def test_a_new_service_is_offered_at_once(hall):
    manager = hall.clerk("manager")
    kiosk = hall.kiosk()
    assert kiosk.get(f"/halls/{HALL}/catalogue").status_code == 200  # caches the catalogue
    display = hall.display()
    events(display)
    r = manager.post(f"/halls/{HALL}/services", PASSPORT)
    assert r.status_code == 201, r.json
    assert r.json["code"] == "passport" and r.json["active"] and r.json["promised_days"] == 0
    ((_, announced),) = events(display, "service.changed")
    assert announced["code"] == "passport" and announced["prefix"] == "P"
    codes = [s["code"] for s in kiosk.get(f"/halls/{HALL}/catalogue").json["services"]]
    assert "passport" in codes
    ticket = hall.issue("passport")
    assert ticket["number"] == "P001"
    assert audit_actions(hall) == [("service.add", "service:passport")]


def test_service_values_are_checked_naming_the_field(hall):
    manager = hall.clerk("manager")
    url = f"/halls/{HALL}/services"
    cases = {
        "prefix": {**PASSPORT, "prefix": "p"},
        "red_minutes": {**PASSPORT, "red_minutes": 15},
        "expected_minutes": {**PASSPORT, "expected_minutes": 0},
        "daily_cap": {**PASSPORT, "daily_cap": -1},
        "window_kinds": {**PASSPORT, "window_kinds": ["lobby"]},
        "name_zh": {**PASSPORT, "name_zh": "  "},
        "code": {**PASSPORT, "code": "Passport!"},
    }
    for name, body in cases.items():
        r = manager.post(url, body)
        assert r.status_code == 400, name
        assert r.json["error"]["params"]["field"] == name, (name, r.json)
        assert name in r.json["error"]["message"]["zh"]
    missing = {k: v for k, v in PASSPORT.items() if k != "yellow_minutes"}
    r = manager.post(url, missing)
    assert r.status_code == 400 and r.json["error"]["params"]["field"] == "yellow_minutes"
    r = manager.post(url, {**PASSPORT, "expected_minutes": "six"})
    assert r.status_code == 400 and "expected_minutes" in r.json["error"]["message"]["en"]
    r = manager.post(url, {**PASSPORT, "colour": "red"})
    assert r.status_code == 400 and "colour" in r.json["error"]["message"]["en"]
    r = manager.post(url, {**PASSPORT, "prefix": "A"})
    assert r.status_code == 409 and r.json["error"]["code"] == "prefix_taken"
    assert r.json["error"]["params"]["service"] == "social_security"
    r = manager.post(url, {**PASSPORT, "code": "household", "prefix": "Q"})
    assert r.status_code == 409 and r.json["error"]["code"] == "service_exists"
    assert audit_actions(hall) == []


def test_editing_a_service_changes_its_thresholds_live(hall):
    manager = hall.clerk("manager")
    assert manager.get(f"/halls/{HALL}/board").status_code == 200  # warm the caches
    r = manager.put(
        f"/halls/{HALL}/services/household",
        {"yellow_minutes": 5, "red_minutes": 10, "daily_cap": None},
    )
    assert r.status_code == 200, r.json
    assert (r.json["yellow_minutes"], r.json["red_minutes"], r.json["daily_cap"]) == (5, 10, None)
    listed = {s["code"]: s for s in manager.get(f"/halls/{HALL}/services").json}
    assert listed["household"]["red_minutes"] == 10
    r = manager.put(f"/halls/{HALL}/services/household", {"red_minutes": 4})
    assert r.status_code == 400 and r.json["error"]["params"]["field"] == "red_minutes"
    assert manager.put(f"/halls/{HALL}/services/nothing", {"red_minutes": 50}).status_code == 404
    ((action, subject),) = audit_actions(hall)
    assert (action, subject) == ("service.edit", "service:household")


def test_a_service_with_people_waiting_is_not_deactivated(hall):
    manager = hall.clerk("manager")
    clerk = hall.clerk("clerk1", window=2)
    hall.issue("elderly_card")
    url = f"/halls/{HALL}/services/elderly_card"
    r = manager.put(url, {"active": False})
    assert r.status_code == 409 and r.json["error"]["code"] == "service_in_use"
    assert r.json["error"]["params"]["waiting"] == 1
    clerk.post("/windows/2/call-next")
    clerk.post("/windows/2/finish")
    r = manager.put(url, {"active": False})
    assert r.status_code == 200 and r.json["active"] is False
    codes = [s["code"] for s in hall.kiosk().get(f"/halls/{HALL}/catalogue").json["services"]]
    assert "elderly_card" not in codes
    r = hall.kiosk().post(f"/halls/{HALL}/tickets", {"service": "elderly_card"})
    assert r.status_code == 404
    listed = {s["code"]: s["active"] for s in manager.get(f"/halls/{HALL}/services").json}
    assert listed["elderly_card"] is False
    assert manager.put(url, {"active": True}).status_code == 200
    assert hall.issue("elderly_card")["number"] == "E002"


def test_a_new_window_and_an_edited_one(hall):
    manager = hall.clerk("manager")
    display = hall.display()
    events(display)
    r = manager.post(
        f"/halls/{HALL}/windows",
        {"number": 12, "name_zh": "综合受理", "name_en": "General", "kind": "general"},
    )
    assert r.status_code == 201, r.json
    new = r.json
    assert new["number"] == 12 and new["state"] == "closed" and "household" in new["services"]
    ((_, changed),) = events(display, "windows.status")
    [status] = changed["windows"]
    assert status["id"] == new["id"]
    clerk = hall.clerk("clerk1", window=new["id"])
    hall.issue("household")
    assert clerk.post(f"/windows/{new['id']}/call-next").json["number"] == "D001"
    r = manager.put(
        f"/windows/{new['id']}",
        {"number": 15, "name_zh": "老年人专窗", "kind": "special", "services": ["elderly_card"]},
    )
    assert r.status_code == 200, r.json
    assert (r.json["number"], r.json["kind"], r.json["services"]) == (
        15,
        "special",
        ["elderly_card"],
    )
    assert r.json["clerk"]["id"] == 2  # the clerk stays seated through an edit
    assert audit_actions(hall) == [
        ("window.add", f"window:{new['id']}"),
        ("window.edit", f"window:{new['id']}"),
    ]


def test_window_values_are_checked(hall, tmp_path):
    manager = hall.clerk("manager")
    url = f"/halls/{HALL}/windows"
    r = manager.post(url, {"number": 3, "name_zh": "重复", "kind": "general"})
    assert r.status_code == 409 and r.json["error"]["code"] == "window_number_taken"
    r = manager.post(url, {"number": 20, "name_zh": "x", "kind": "lobby"})
    assert r.status_code == 400 and r.json["error"]["params"]["field"] == "kind"
    r = manager.post(url, {"number": 0, "name_zh": "x", "kind": "general"})
    assert r.status_code == 400 and r.json["error"]["params"]["field"] == "number"
    r = manager.post(url, {"number": 20, "kind": "general"})
    assert r.status_code == 400 and r.json["error"]["params"]["field"] == "name_zh"
    r = manager.post(url, {"number": 20, "name_zh": "x", "kind": "general", "services": ["zz"]})
    assert r.status_code == 400 and r.json["error"]["params"]["field"] == "services"
    r = manager.put("/windows/4", {"number": 5})
    assert r.status_code == 409 and r.json["error"]["code"] == "window_number_taken"
    assert manager.put("/windows/404", {"number": 50}).status_code == 404
    stranger = other_hall_manager(hall, tmp_path)
    assert stranger.put("/windows/4", {"name_zh": "抢"}).status_code == 403
    assert stranger.post(url, {"number": 20, "name_zh": "x", "kind": "general"}).status_code == 403
    assert (
        hall.clerk("clerk1")
        .post(url, {"number": 20, "name_zh": "x", "kind": "general"})
        .status_code
        == 403
    )
    assert (
        hall.kiosk().put(f"/halls/{HALL}/services/household", {"red_minutes": 60}).status_code
        == 403
    )
    assert audit_actions(hall) == []


def test_a_seeding_install_keeps_the_managers_edits(hall):
    from server.adapters.catalogue_store import install_hall
    from server.adapters.hall_file import load_hall
    from tests.server.conftest import EXAMPLE

    manager = hall.clerk("manager")
    manager.post(f"/halls/{HALL}/services", PASSPORT)
    manager.put("/windows/2/services", {"services": ["household"]})
    manager.put(f"/halls/{HALL}/notice", {"notice_zh": "新通知", "notice_en": "New"})
    install_hall(hall.engine, load_hall(EXAMPLE), overwrite=False)
    hall.runtime.catalogue.clear()
    services = {s["code"]: s["active"] for s in manager.get(f"/halls/{HALL}/services").json}
    assert services["passport"] is True and len(services) == 10
    board = manager.get(f"/halls/{HALL}/board").json
    assert board["hall"]["notice_zh"] == "新通知"
    assert next(w for w in board["windows"] if w["number"] == 2)["services"] == ["household"]


def test_a_window_may_keep_listing_a_deactivated_service(hall):
    manager = hall.clerk("manager")
    assert manager.put(f"/halls/{HALL}/services/elderly_card", {"active": False}).status_code == 200
    two = next(w for w in manager.get(f"/halls/{HALL}/windows").json if w["number"] == 2)
    assert "elderly_card" in two["services"]
    r = manager.put("/windows/2/services", {"services": two["services"]})
    assert r.status_code == 200
    r = manager.put("/windows/3/services", {"services": ["elderly_card", "passport"]})
    assert r.status_code == 400 and "passport" in r.json["error"]["message"]["en"]
    r = manager.put("/windows/2", {"name_zh": "综合受理二", "services": two["services"]})
    assert r.status_code == 200 and r.json["name_zh"] == "综合受理二"
