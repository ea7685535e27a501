"""A ticket's whole life through the REST API and Socket.IO, on a real database."""

from __future__ import annotations

from sqlalchemy import select

from server.adapters import tables
from server.web.extensions import socketio
from tests.server.conftest import HALL, events


def test_issue_call_serve_finish_rate(hall):
    display = hall.display()
    manager = socketio.test_client(
        hall.app, namespace="/live", flask_test_client=hall.clerk("manager").client
    )
    events(display), events(manager)  # the connect snapshots
    ticket = hall.issue("social_security", id_number="11010519491231002X", name="张三明")
    assert ticket["number"] == "A001"
    assert ticket["name_masked"] == "张*明" and ticket["id_masked"] == "110***********002X"
    issued = events(manager, "ticket.issued")
    assert [p["number"] for _, p in issued] == ["A001"]
    assert "token" not in issued[0][1], "the token is the citizen's secret: never broadcast"
    assert events(display, "ticket.issued") == [], "staff news stays off the public screens"

    phone = socketio.test_client(hall.app, namespace="/live", auth={"ticket": ticket["token"]})
    assert events(phone, "snapshot")[0][1]["ticket"]["status"] == "waiting"

    clerk = hall.clerk("clerk1", window=2)
    called = clerk.post("/windows/2/call-next")
    assert called.status_code == 200 and called.json["number"] == "A001"
    ((_, on_display),) = events(display, "ticket.called")
    assert on_display["window"]["number"] == 2
    assert on_display["announcement"]["zh"] == "请A001号到2号窗口办理"
    assert on_display["announcement"]["zh_spoken"] == "请A零零一号到2号窗口办理"
    assert on_display["announcement"]["en"] == "Number A001, please go to window 2"
    assert [p["number"] for _, p in events(phone, "ticket.called")] == ["A001"]

    hall.clock.advance(minutes=6)
    assert clerk.post("/windows/2/start").json["status"] == "serving"
    hall.clock.advance(minutes=7)
    done = clerk.post("/windows/2/finish", {"outcome": "done", "ticket_id": ticket["id"]})
    assert done.json["status"] == "done"

    rating = hall.anonymous().post(f"/tickets/{ticket['token']}/rating", {"level": 5})
    assert rating.status_code == 201 and rating.json["follow_up"] is False
    again = hall.anonymous().post(f"/tickets/{ticket['token']}/rating", {"level": 4})
    assert again.status_code == 409 and again.json["error"]["code"] == "already_rated"

    with hall.engine.connect() as conn:
        kinds = conn.execute(
            select(tables.ticket_events.c.kind).order_by(tables.ticket_events.c.id)
        ).scalars()
        assert list(kinds) == ["issued", "call", "start", "finish"]
        stored = conn.execute(select(tables.tickets)).one()
    assert stored.id_hash and "11010519491231002X" not in repr(stored)


def test_bad_rating_opens_a_follow_up(hall):
    ticket = hall.issue()
    clerk = hall.clerk("clerk1", window=2)
    clerk.post("/windows/2/call-next")
    clerk.post("/windows/2/finish")
    r = hall.anonymous().post(
        f"/tickets/{ticket['token']}/rating", {"level": 1, "reasons": ["等候太久"]}
    )
    assert r.json["follow_up"] is True
    with hall.engine.connect() as conn:
        assert conn.execute(select(tables.follow_ups)).one().closed_at is None


def test_rating_an_unfinished_ticket_is_refused(hall):
    ticket = hall.issue()
    r = hall.anonymous().post(f"/tickets/{ticket['token']}/rating", {"level": 5})
    assert r.status_code == 409 and r.json["error"]["code"] == "not_rateable"


def test_transfer_to_a_window_comes_first_there(hall):
    first, second = hall.issue(), hall.issue()
    two, three = hall.clerk("clerk1", window=2), hall.clerk("clerk2", window=3)
    assert two.post("/windows/2/call-next").json["number"] == first["number"]
    moved = two.post("/windows/2/transfer", {"window_id": 3, "note": "需要复核"})
    assert moved.json["status"] == "waiting" and moved.json["target_window_id"] == 3
    hall.clock.advance(seconds=2)
    # window 2 never takes a ticket directed to window 3, even the oldest
    assert two.post("/windows/2/call-next").json["number"] == second["number"]
    assert three.post("/windows/3/call-next").json["number"] == first["number"]


def test_transfer_to_a_service_keeps_the_number_and_place(hall):
    early = hall.issue("social_security")
    hall.clock.advance(minutes=1)
    later = hall.issue("household")
    clerk = hall.clerk("clerk1", window=2)
    clerk.post("/windows/2/call-next")
    moved = clerk.post("/windows/2/transfer", {"service": "household"})
    assert moved.json["number"] == early["number"] and moved.json["service"]["code"] == "household"
    hall.clock.advance(seconds=2)
    assert clerk.post("/windows/2/call-next").json["number"] == early["number"]
    assert later["number"] == "D001"


def test_no_show_rejoins_once_behind_the_tickets_already_called(hall):
    a1, a2, a3 = hall.issue(), hall.issue(), hall.issue()
    clerk, kiosk = hall.clerk("clerk1", window=2), hall.kiosk()
    clerk.post("/windows/2/call-next")
    assert clerk.post("/windows/2/no-show").json["status"] == "no_show"
    hall.clock.advance(seconds=2)
    assert clerk.post("/windows/2/call-next").json["number"] == a2["number"]
    clerk.post("/windows/2/finish")
    back = kiosk.post(f"/tickets/{a1['token']}/rejoin")
    assert back.status_code == 200 and back.json["ahead"] == 0
    hall.clock.advance(seconds=2)
    assert clerk.post("/windows/2/call-next").json["number"] == a1["number"]
    clerk.post("/windows/2/no-show")
    twice = kiosk.post(f"/tickets/{a1['token']}/rejoin")
    assert twice.status_code == 409 and twice.json["error"]["code"] == "rejoin_not_allowed"
    assert a3["number"] == "A003"


def test_rejoin_too_late_is_refused(hall):
    ticket = hall.issue()
    clerk = hall.clerk("clerk1", window=2)
    clerk.post("/windows/2/call-next")
    clerk.post("/windows/2/no-show")
    hall.clock.advance(minutes=31)
    r = hall.kiosk().post(f"/tickets/{ticket['token']}/rejoin")
    assert r.status_code == 409 and r.json["error"]["code"] == "rejoin_not_allowed"


def test_recall_announces_again_until_the_limit(hall):
    hall.issue()
    display = hall.display()
    clerk = hall.clerk("clerk1", window=2)
    clerk.post("/windows/2/call-next")
    for n in (1, 2, 3):
        assert clerk.post("/windows/2/recall").json["recall_count"] == n
    recalled = events(display, "ticket.recalled")
    assert len(recalled) == 3 and recalled[0][1]["announcement"]["zh"].startswith("请A001号")
    over = clerk.post("/windows/2/recall")
    assert over.status_code == 409 and over.json["error"]["code"] == "recall_limit_reached"


def test_cancel_leaves_the_line(hall):
    ticket = hall.issue()
    r = hall.kiosk().post(f"/tickets/{ticket['token']}/cancel")
    assert r.json["status"] == "cancelled"
    clerk = hall.clerk("clerk1", window=2)
    empty = clerk.post("/windows/2/call-next")
    assert empty.status_code == 409 and empty.json["error"]["code"] == "queue_empty"


def test_public_status_shows_place_and_estimate(hall):
    hall.clerk("clerk1", window=2)
    tickets = [hall.issue() for _ in range(3)]
    status = hall.anonymous().get(f"/tickets/{tickets[2]['token']}")
    assert status.status_code == 200
    assert status.json["ahead"] == 2
    assert status.json["estimated_minutes"] == 16.0  # 2 ahead / 1 open window * 8 min
    assert hall.anonymous().get("/tickets/not-a-token").status_code == 404


def test_numbers_restart_each_day(hall):
    assert hall.issue()["number"] == "A001"
    hall.clock.advance(days=1)
    assert hall.issue()["number"] == "A001"
    queues = hall.kiosk().get(f"/halls/{HALL}/queues").json
    assert next(q for q in queues["lines"] if q["code"] == "social_security")["waiting"] == 1
