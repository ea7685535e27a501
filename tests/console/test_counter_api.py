"""The counter console's endpoint and the rating pad's, through the Flask test client."""

from __future__ import annotations

from sqlalchemy import select

from server.adapters import tables
from tests.console.conftest import HALL
from tests.server.conftest import Api


def pad(hall, window_id):
    from server.adapters.accounts import issue_device_token

    token = issue_device_token(hall.engine, HALL, "rating_pad", "pad", hall.clock.now(), window_id)
    return Api(hall.app.test_client(), token)


def verdicts(view):
    return {action: v["reason"] for action, v in view["buttons"].items()}


def test_the_console_shows_the_window_its_ticket_lines_and_why_buttons_are_off(sqlite_hall):
    hall = sqlite_hall
    clerk = hall.clerk("clerk1", window=2)
    view = clerk.get("/windows/2/console").json
    assert view["window"]["number"] == 2 and view["current"] is None
    assert verdicts(view)["call-next"] == "queue_empty"
    assert verdicts(view)["recall"] == "no_ticket" and verdicts(view)["resume"] == "not_paused"
    assert {line["code"] for line in view["lines"]} == set(view["window"]["services"])

    issued = hall.issue(id_number="11010519491231002X", name="张三明")
    hall.issue("medical_insurance")
    view = clerk.get("/windows/2/console").json
    assert verdicts(view)["call-next"] is None
    assert {x["code"]: x["waiting"] for x in view["lines"]}["medical_insurance"] == 1

    hall.clock.advance(minutes=7)
    assert clerk.post("/windows/2/call-next").json["number"] == issued["number"]
    hall.clock.advance(seconds=40)
    view = clerk.get("/windows/2/console").json
    current = view["current"]
    assert current["number"] == issued["number"] and current["status"] == "called"
    assert current["service"]["name_zh"] == "社保业务"
    assert current["waited_seconds"] == 7 * 60 and current["since_called_seconds"] == 40
    assert current["id_masked"] == "110***********002X" and current["name_masked"] == "张*明"
    assert "11010519491231002X" not in str(view)
    assert (
        verdicts(view)["call-next"] == "window_busy" and verdicts(view)["sign-out"] == "window_busy"
    )
    assert verdicts(view)["recall"] is None and verdicts(view)["start"] is None

    for _ in range(3):
        assert clerk.post("/windows/2/recall").status_code == 200
    view = clerk.get("/windows/2/console").json
    assert verdicts(view)["recall"] == "recall_limit_reached"
    assert view["current"]["recall_count"] == 3 == view["current"]["recall_limit"]

    clerk.post("/windows/2/start")
    hall.clock.advance(minutes=5)
    view = clerk.get("/windows/2/console").json
    assert view["current"]["serving_seconds"] == 300
    assert (
        verdicts(view)["start"] == "already_serving"
        and verdicts(view)["no-show"] == "already_serving"
    )
    assert clerk.post("/windows/2/finish", {"outcome": "accepted"}).status_code == 200
    figures = clerk.get("/windows/2/console").json["figures"]
    assert figures["served"] == 1 and figures["average_service_seconds"] == 300

    clerk.post("/windows/2/pause", {"reason": "午休"})
    view = clerk.get("/windows/2/console").json
    assert verdicts(view)["call-next"] == "paused" and verdicts(view)["resume"] is None
    assert verdicts(view)["pause"] == "paused"


def test_only_the_clerk_of_the_window_or_a_manager_sees_its_console(sqlite_hall):
    hall = sqlite_hall
    hall.clerk("clerk1", window=2)
    other = hall.clerk("clerk2", window=3)
    r = other.get("/windows/2/console")
    assert r.status_code == 403 and r.json["error"]["code"] == "not_your_window"
    assert r.json["error"]["message"]["zh"].startswith("您没有登录")
    assert other.post("/windows/2/call-next").status_code == 403
    assert hall.anonymous().get("/windows/2/console").status_code == 401
    assert hall.kiosk().get("/windows/2/console").status_code == 403
    assert hall.clerk("manager").get("/windows/2/console").status_code == 200


def test_a_transfer_note_reaches_the_window_it_was_sent_to(sqlite_hall):
    hall = sqlite_hall
    first = hall.clerk("clerk1", window=2)
    second = hall.clerk("clerk2", window=3)
    hall.issue()
    first.post("/windows/2/call-next")
    r = first.post("/windows/2/transfer", {"window_id": 3, "note": "缺户口本复印件"})
    assert r.status_code == 200 and r.json["status"] == "waiting"
    view = second.get("/windows/3/console").json
    assert [d["number"] for d in view["directed"]] == [r.json["number"]]
    hall.clock.advance(seconds=5)
    second.post("/windows/3/call-next")
    notes = second.get("/windows/3/console").json["current"]["notes"]
    assert notes[0]["text"] == "缺户口本复印件" and notes[0]["from_window_id"] == 2


def _finish_one(hall, clerk, window=2):
    ticket = hall.issue()
    hall.clock.advance(seconds=5)
    clerk.post(f"/windows/{window}/call-next")
    clerk.post(f"/windows/{window}/finish")
    return ticket


def test_the_pad_of_the_window_rates_a_ticket_just_finished_there(sqlite_hall):
    hall = sqlite_hall
    clerk = hall.clerk("clerk1", window=2)
    ticket = _finish_one(hall, clerk)
    mine, other = pad(hall, 2), pad(hall, 3)
    assert mine.get("/windows/2/rating").json["ticket"]["number"] == ticket["number"]
    body = {"ticket_id": ticket["id"], "level": 4}
    assert other.post("/windows/2/rating", body).status_code == 403
    assert clerk.post("/windows/2/rating", body).status_code == 403
    r = mine.post("/windows/2/rating", body)
    assert r.status_code == 201 and r.json["level"] == 4 and r.json["follow_up"] is False
    again = mine.post("/windows/2/rating", body)
    assert again.status_code == 409 and again.json["error"]["code"] == "already_rated"
    assert mine.get("/windows/2/rating").json["ticket"] is None


def test_the_pad_refuses_tickets_not_done_too_old_or_from_another_window(sqlite_hall):
    hall = sqlite_hall
    clerk = hall.clerk("clerk1", window=2)
    mine = pad(hall, 2)
    waiting = hall.issue()
    r = mine.post("/windows/2/rating", {"ticket_id": waiting["id"], "level": 5})
    assert r.status_code == 404  # not at this window (yet): the pad learns nothing of it
    hall.clock.advance(seconds=5)
    clerk.post("/windows/2/call-next")
    r = mine.post("/windows/2/rating", {"ticket_id": waiting["id"], "level": 5})
    assert r.status_code == 409 and r.json["error"]["code"] == "not_rateable"
    clerk.post("/windows/2/finish")
    hall.clock.advance(minutes=11)
    r = mine.post("/windows/2/rating", {"ticket_id": waiting["id"], "level": 5})
    assert r.status_code == 409 and r.json["error"]["code"] == "rating_expired"
    assert r.json["error"]["message"]["zh"] == "A001号办结已超过10分钟，不能再评价"
    assert mine.get("/windows/2/rating").json["ticket"] is None
    other_clerk = hall.clerk("clerk2", window=3)
    elsewhere = _finish_one(hall, other_clerk, window=3)
    r = mine.post("/windows/2/rating", {"ticket_id": elsewhere["id"], "level": 5})
    assert r.status_code == 404
    bad = mine.post("/windows/2/rating", {"ticket_id": elsewhere["id"], "level": 9})
    assert bad.status_code == 400


def test_a_bad_rating_on_the_pad_opens_a_follow_up(sqlite_hall):
    hall = sqlite_hall
    clerk = hall.clerk("clerk1", window=2)
    ticket = _finish_one(hall, clerk)
    body = {"ticket_id": ticket["id"], "level": 1, "reasons": ["等候时间长", "态度不好"]}
    r = pad(hall, 2).post("/windows/2/rating", body)
    assert r.status_code == 201 and r.json["follow_up"] is True
    with hall.engine.connect() as conn:
        rating = conn.execute(select(tables.ratings)).one()
        follow_up = conn.execute(select(tables.follow_ups)).one()
    assert rating.window_id == 2 and rating.reasons == ["等候时间长", "态度不好"]
    assert follow_up.rating_id == rating.id and follow_up.closed_at is None


def test_the_pad_hears_its_window_finish_a_ticket(sqlite_hall):
    from server.adapters.accounts import issue_device_token
    from tests.server.conftest import events

    hall = sqlite_hall
    clerk = hall.clerk("clerk1", window=2)
    token = issue_device_token(hall.engine, HALL, "rating_pad", "pad", hall.clock.now(), 2)
    pad_socket = hall.display(token)
    snapshot = events(pad_socket, "snapshot")
    assert snapshot and snapshot[0][1]["scope"] == "window" and snapshot[0][1]["window"]["id"] == 2
    ticket = _finish_one(hall, clerk)
    done = events(pad_socket, "ticket.done")
    assert [(p["id"], p["window"]["id"]) for _, p in done] == [(ticket["id"], 2)]
    pad_socket.disconnect(namespace="/live")
