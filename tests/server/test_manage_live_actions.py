"""Live actions of the manager: move a clerk, change a window's services, re-route a waiting
ticket, set the notice, close a follow-up. Each is audited and announced after commit."""

from __future__ import annotations

from sqlalchemy import select

from server.adapters import tables
from server.web.extensions import socketio
from tests.server.conftest import HALL, events
from tests.server.test_manage_board import other_hall_manager


def manager_socket(hall, manager):
    sock = socketio.test_client(hall.app, namespace="/live", flask_test_client=manager.client)
    assert sock.is_connected("/live")
    events(sock)  # drop the snapshot
    return sock


def audit_rows(hall):
    with hall.engine.connect() as conn:
        return conn.execute(select(tables.audit_log).order_by(tables.audit_log.c.id)).all()


def test_moving_a_clerk_frees_their_old_window_and_is_announced(hall):
    manager = hall.clerk("manager")
    clerk = hall.clerk("clerk1", window=2)
    display = hall.display()
    sock = manager_socket(hall, manager)
    events(display)
    r = manager.post("/windows/5/assign", {"user_id": 2})
    assert r.status_code == 200, r.json
    assert r.json["clerk"] == {"id": 2, "name": "clerk1"} and r.json["state"] == "open"
    windows = {w["number"]: w for w in manager.get(f"/halls/{HALL}/windows").json}
    assert windows[2]["clerk"] is None and windows[2]["state"] == "closed"
    assert windows[5]["clerk"]["id"] == 2
    # the clerk now works at window 5: their session follows
    assert clerk.get("/auth/me").json["window_id"] == 5
    hall.issue()
    assert clerk.post("/windows/5/call-next").status_code == 200
    status = [(w["number"], w["state"]) for _, p in events(display, "windows.status")
              for w in p["windows"]]  # fmt: skip
    assert status[:2] == [(2, "closed"), (5, "open")]
    seats = [(p["window_id"], p["clerk"]) for _, p in events(sock, "window.clerk")]
    assert seats == [(2, None), (5, {"id": 2, "name": "clerk1"})]
    actions = [(row.action, row.subject, row.actor_name) for row in audit_rows(hall)]
    assert actions == [
        ("window.unassign", "window:2", "manager"),
        ("window.assign", "window:5", "manager"),
    ]
    assert audit_rows(hall)[1].after == {"window": 5, "clerk_id": 2, "state": "open"}


def test_a_clerk_is_not_moved_off_or_onto_a_window_with_a_ticket(hall):
    manager = hall.clerk("manager")
    busy = hall.clerk("clerk1", window=2)
    hall.clerk("clerk2", window=3)
    hall.issue()
    busy.post("/windows/2/call-next")
    r = manager.post("/windows/4/assign", {"user_id": 2})  # clerk1 would leave A001 behind
    assert r.status_code == 409 and r.json["error"]["code"] == "window_busy"
    r = manager.post("/windows/2/assign", {"user_id": 3})  # window 2 holds A001
    assert r.status_code == 409 and r.json["error"]["code"] == "window_busy"
    r = manager.post("/windows/2/assign", {"user_id": None})
    assert r.status_code == 409
    busy.post("/windows/2/finish")
    r = manager.post("/windows/2/assign", {"user_id": None})
    assert r.status_code == 200 and r.json["clerk"] is None and r.json["state"] == "closed"
    r = manager.post("/windows/4/assign", {"user_id": 1})  # a manager may staff a window
    assert r.status_code == 200
    assert [row.action for row in audit_rows(hall)] == ["window.assign", "window.assign"]


def test_assign_refuses_bad_values_and_other_callers(hall, tmp_path):
    manager = hall.clerk("manager")
    r = manager.post("/windows/4/assign", {"user_id": 999})
    assert r.status_code == 404 and r.json["error"]["code"] == "unknown_user"
    r = manager.post("/windows/4/assign", {"user_id": "clerk1"})
    assert r.status_code == 400 and "user_id" in r.json["error"]["message"]["en"]
    r = manager.post("/windows/4/assign", {})
    assert r.status_code == 400 and "user_id" in r.json["error"]["message"]["en"]
    r = manager.post("/windows/4/assign", {"user_id": 2, "why": "x"})
    assert r.status_code == 400
    assert manager.post("/windows/99/assign", {"user_id": 2}).status_code == 404
    assert hall.clerk("clerk1").post("/windows/4/assign", {"user_id": 2}).status_code == 403
    assert hall.kiosk().post("/windows/4/assign", {"user_id": 2}).status_code == 403
    stranger = other_hall_manager(hall, tmp_path)
    r = stranger.post("/windows/4/assign", {"user_id": 2})
    assert r.status_code == 403 and r.json["error"]["code"] == "not_your_hall"
    r = manager.post("/windows/4/assign", {"user_id": 6})  # the stranger: another hall's
    assert r.status_code == 400 and r.json["error"]["params"]["field"] == "user_id"
    assert audit_rows(hall) == []


def test_changing_a_windows_services_changes_its_very_next_call(hall):
    manager = hall.clerk("manager")
    clerk = hall.clerk("clerk1", window=2)
    hall.issue("social_security")  # A001, older
    hall.clock.advance(seconds=30)
    hall.issue("household")  # D001
    # warm the catalogue and window caches the way a busy hall does
    assert manager.get(f"/halls/{HALL}/board").status_code == 200
    display = hall.display()
    events(display)
    r = manager.put("/windows/2/services", {"services": ["household"]})
    assert r.status_code == 200 and r.json["services"] == ["household"]
    ((_, changed),) = events(display, "windows.status")
    [status] = changed["windows"]
    assert status["services"] == ["household"]
    called = clerk.post("/windows/2/call-next")
    assert called.json["number"] == "D001"  # not the older A001: window 2 no longer serves it
    lines = {line["code"]: line for line in manager.get(f"/halls/{HALL}/board").json["lines"]}
    assert lines["social_security"]["open_windows"] == 0
    (row,) = audit_rows(hall)
    assert row.action == "window.services" and row.after == {"services": ["household"]}
    assert "social_security" in row.before["services"]


def test_window_services_must_be_known_codes(hall):
    manager = hall.clerk("manager")
    r = manager.put("/windows/2/services", {"services": ["household", "bogus"]})
    assert r.status_code == 400 and r.json["error"]["params"]["field"] == "services"
    assert "bogus" in r.json["error"]["message"]["zh"]
    assert manager.put("/windows/2/services", {"services": "household"}).status_code == 400
    assert manager.put("/windows/2/services", {}).status_code == 400
    assert (
        hall.clerk("clerk1", window=2).put("/windows/2/services", {"services": []}).status_code
        == 403
    )
    assert audit_rows(hall) == []


def test_rerouting_a_waiting_ticket_keeps_its_number_and_place(hall):
    manager = hall.clerk("manager")
    clerk = hall.clerk("clerk1", window=10)  # construction permits only
    sock = manager_socket(hall, manager)
    ticket = hall.issue("household")
    hall.clock.advance(minutes=1)
    hall.issue("construction_permit")
    r = manager.post(
        f"/halls/{HALL}/tickets/{ticket['id']}/reroute", {"service": "construction_permit"}
    )
    assert r.status_code == 200, r.json
    assert r.json["number"] == "D001" and r.json["service"]["code"] == "construction_permit"
    ((_, moved),) = events(sock, "ticket.transferred")
    assert moved["number"] == "D001"
    assert clerk.post("/windows/10/call-next").json["number"] == "D001"  # kept its place
    (row,) = audit_rows(hall)
    assert (row.action, row.subject) == ("ticket.reroute", "ticket:D001")
    assert row.before == {"service": "household", "target_window_id": None}


def test_rerouting_to_a_window_sends_it_there(hall):
    manager = hall.clerk("manager")
    clerk = hall.clerk("clerk1", window=3)
    hall.issue("household")
    ticket = hall.issue("elderly_card")
    r = manager.post(f"/halls/{HALL}/tickets/{ticket['id']}/reroute", {"window_id": 3})
    assert r.status_code == 200 and r.json["target_window_id"] == 3
    assert clerk.post("/windows/3/call-next").json["number"] == "E001"


def test_rerouting_refuses_what_cannot_be_rerouted(hall):
    manager = hall.clerk("manager")
    clerk = hall.clerk("clerk1", window=2)
    ticket = hall.issue("household")
    url = f"/halls/{HALL}/tickets/{ticket['id']}/reroute"
    r = manager.post(url, {})
    assert r.status_code == 400 and r.json["error"]["params"]["field"] == "service"
    r = manager.post(url, {"service": "passport"})
    assert r.status_code == 400 and r.json["error"]["params"]["field"] == "service"
    r = manager.post(url, {"window_id": 77})
    assert r.status_code == 400 and r.json["error"]["params"]["field"] == "window_id"
    assert manager.post(f"/halls/{HALL}/tickets/999/reroute", {"window_id": 3}).status_code == 404
    clerk.post("/windows/2/call-next")
    r = manager.post(url, {"window_id": 3})
    assert r.status_code == 409 and r.json["error"]["code"] == "ticket_not_waiting"
    assert clerk.post(url, {"window_id": 3}).status_code == 403
    assert audit_rows(hall) == []


def test_the_notice_reaches_the_display_after_it_is_stored(hall, monkeypatch):
    manager = hall.clerk("manager")
    display = hall.display()
    events(display)
    publisher = hall.runtime.publisher
    seen_in_db = []
    original = publisher.publish

    def publish(batch):
        with hall.engine.connect() as conn:  # another connection: only committed rows show
            seen_in_db.append(conn.execute(select(tables.halls.c.notice_zh)).scalar())
        original(batch)

    monkeypatch.setattr(publisher, "publish", publish)
    body = {
        "notice_zh": "今天 16:00 起暂停受理不动产业务",
        "notice_en": "No real estate after 16:00",
    }
    r = manager.put(f"/halls/{HALL}/notice", body)
    assert r.status_code == 200 and r.json == body
    ((_, got),) = events(display, "hall.notice")
    assert got == {"hall_id": HALL, **body}
    assert seen_in_db == [body["notice_zh"]]
    # the snapshot a display gets on (re)connect carries it at once, despite the cache
    assert manager.get(f"/halls/{HALL}/snapshot").json["hall"]["notice_zh"] == body["notice_zh"]
    (row,) = audit_rows(hall)
    assert row.action == "hall.notice" and row.after == body
    assert row.before["notice_zh"].startswith("请凭号等候")


def test_the_notice_needs_its_fields(hall):
    manager = hall.clerk("manager")
    r = manager.put(f"/halls/{HALL}/notice", {"notice_en": "x"})
    assert r.status_code == 400 and "notice_zh" in r.json["error"]["message"]["en"]
    r = manager.put(f"/halls/{HALL}/notice", {"notice_zh": "x" * 501, "notice_en": ""})
    assert r.status_code == 400
    display = hall.display()
    events(display)
    assert hall.clerk("clerk1").put(f"/halls/{HALL}/notice", {"notice_zh": "x"}).status_code == 403
    assert events(display, "hall.notice") == []


def _bad_rating(hall):
    clerk = hall.clerk("clerk1", window=2)
    ticket = hall.issue()
    clerk.post("/windows/2/call-next")
    clerk.post("/windows/2/finish")
    hall.anonymous().post(f"/tickets/{ticket['token']}/rating", {"level": 2})
    manager = hall.clerk("manager")
    (follow_up,) = manager.get(f"/halls/{HALL}/board").json["followups"]
    return manager, follow_up


def test_closing_a_follow_up_takes_it_off_the_board(hall):
    manager, follow_up = _bad_rating(hall)
    sock = manager_socket(hall, manager)
    r = manager.post(f"/followups/{follow_up['id']}/close", {"note": "已电话致歉并说明原因"})
    assert r.status_code == 200
    assert r.json["note"] == "已电话致歉并说明原因" and r.json["closed_by"] == 1
    ((_, closed),) = events(sock, "followup.closed")
    assert closed["id"] == follow_up["id"] and closed["closed_at"] is not None
    assert manager.get(f"/halls/{HALL}/board").json["followups"] == []
    again = manager.post(f"/followups/{follow_up['id']}/close", {"note": "again"})
    assert again.status_code == 409 and again.json["error"]["code"] == "followup_closed"
    (row,) = audit_rows(hall)
    assert row.action == "followup.close" and row.after == {"note": "已电话致歉并说明原因"}


def test_a_follow_up_needs_a_note_and_its_own_hall(hall, tmp_path):
    manager, follow_up = _bad_rating(hall)
    url = f"/followups/{follow_up['id']}/close"
    r = manager.post(url, {"note": "   "})
    assert r.status_code == 400 and r.json["error"]["params"]["field"] == "note"
    assert manager.post(url, {}).status_code == 400
    assert manager.post("/followups/999/close", {"note": "x"}).status_code == 404
    assert hall.clerk("clerk2").post(url, {"note": "x"}).status_code == 403
    stranger = other_hall_manager(hall, tmp_path)
    assert stranger.post(url, {"note": "x"}).status_code == 403
    assert len(manager.get(f"/halls/{HALL}/board").json["followups"]) == 1
