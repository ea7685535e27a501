"""Snapshots on connect and reconnect, warnings raised and cleared by the clock, pauses."""

from __future__ import annotations

from server.services.snapshot import refresh_alerts
from tests.server.conftest import HALL, events


def test_a_display_gets_the_whole_truth_on_connect_and_reconnect(hall):
    clerk = hall.clerk("clerk1", window=2)
    hall.issue()
    hall.issue("household")
    clerk.post("/windows/2/call-next")
    display = hall.display()
    ((_, snap),) = events(display, "snapshot")
    assert snap["scope"] == "hall" and snap["hall"]["name_zh"] == "鼎城区政务服务中心"
    window2 = next(w for w in snap["windows"] if w["number"] == 2)
    assert window2["current"]["number"] == "A001" and window2["state"] == "open"
    assert [c["number"] for c in snap["recent_calls"]] == ["A001"]
    lines = {line["code"]: line["waiting"] for line in snap["lines"]}
    assert lines["household"] == 1 and lines["social_security"] == 0

    display.disconnect(namespace="/live")
    clerk.post("/windows/2/finish")
    hall.clock.advance(seconds=2)
    clerk.post("/windows/2/call-next")  # calls D001 while the display is away
    display.connect(namespace="/live", auth={"token": hall.accounts.display_token})
    ((_, again),) = events(display, "snapshot")
    assert [c["number"] for c in again["recent_calls"]] == ["D001", "A001"]
    window2 = next(w for w in again["windows"] if w["number"] == 2)
    assert window2["current"]["number"] == "D001"


def test_a_clerk_socket_joins_its_window_room(hall):
    from server.web.extensions import socketio

    clerk = hall.clerk("clerk1", window=3)
    sock = socketio.test_client(hall.app, namespace="/live", flask_test_client=clerk.client)
    scopes = [p["scope"] for _, p in events(sock, "snapshot")]
    assert scopes == ["hall", "window"]
    hall.issue()
    clerk.post("/windows/3/call-next")
    got = [(name, p.get("number")) for name, p in events(sock)]
    # in both rooms (hall and window), yet each event arrives once; the window's own room hears
    # its state at once, the hall room the windows' states (coalesced in a serving process)
    assert got == [
        ("ticket.issued", "A001"),
        ("queue.lengths", None),
        ("ticket.called", "A001"),
        ("window.status", 3),
        ("windows.status", None),
        ("queue.lengths", None),
    ]


def test_waiting_tickets_turn_yellow_then_red_then_clear_when_called(hall):
    display = hall.display()
    hall.issue()  # social security: yellow 20 min, red 40 min
    hall.clock.advance(minutes=21)
    hall.runtime.execute(refresh_alerts, HALL)
    ((_, yellow),) = events(display, "warning.raised")
    assert (yellow["kind"], yellow["level"], yellow["number"]) == (
        "ticket_waiting",
        "yellow",
        "A001",
    )
    hall.clock.advance(minutes=20)
    hall.runtime.execute(refresh_alerts, HALL)
    ((_, red),) = events(display, "warning.raised")
    assert red["level"] == "red" and red["since"].startswith("2026-11-23T02:40")
    snap = hall.kiosk().get(f"/halls/{HALL}/snapshot")
    assert snap.status_code == 403, "a kiosk may not read the manager's snapshot"
    manager = hall.clerk("manager")
    assert [a["level"] for a in manager.get(f"/halls/{HALL}/snapshot").json["alerts"]] == ["red"]
    hall.clerk("clerk1", window=2).post("/windows/2/call-next")
    hall.runtime.execute(refresh_alerts, HALL)
    ((_, cleared),) = events(display, "warning.cleared")
    assert cleared["subject"] == red["subject"]


def test_a_long_pause_is_a_warning_and_a_paused_window_calls_nobody(hall):
    display = hall.display()
    clerk = hall.clerk("clerk1", window=2)
    hall.issue()
    paused = clerk.post("/windows/2/pause", {"reason": "午休"})
    assert paused.json["state"] == "paused" and paused.json["pause_reason"] == "午休"
    refused = clerk.post("/windows/2/call-next")
    assert refused.status_code == 409 and refused.json["error"]["code"] == "window_not_open"
    assert "未开放" in refused.json["error"]["message"]["zh"]
    hall.clock.advance(minutes=16)
    hall.runtime.execute(refresh_alerts, HALL)
    raised = [p for _, p in events(display, "warning.raised")]
    assert [(p["kind"], p["level"], p["window"]) for p in raised] == [
        ("window_paused", "yellow", 2)
    ]
    assert clerk.post("/windows/2/resume").json["state"] == "open"
    assert clerk.post("/windows/2/call-next").json["number"] == "A001"


def test_specialised_window_helps_the_general_line_when_its_own_is_empty(hall):
    special = hall.clerk("clerk1", window=8)  # business registration
    hall.issue("social_security")
    hall.clock.advance(minutes=1)
    hall.issue("social_security")  # the example hall helps once two general tickets wait
    own = hall.issue("business_registration")
    assert special.post("/windows/8/call-next").json["number"] == own["number"]
    special.post("/windows/8/finish")
    hall.clock.advance(seconds=2)
    assert special.post("/windows/8/call-next").json["number"] == "A001"


def test_a_specialised_window_leaves_a_lone_general_ticket_to_the_general_windows(hall):
    special = hall.clerk("clerk1", window=8)
    hall.issue("social_security")
    r = special.post("/windows/8/call-next")
    assert r.status_code == 409 and r.json["error"]["code"] == "queue_empty"


def test_green_channel_goes_first_but_a_red_normal_ticket_is_not_starved(hall):
    clerk = hall.clerk("clerk1", window=2)
    old = hall.issue()
    hall.clock.advance(minutes=41)  # past social security's red threshold
    hall.issue(priority="elderly")
    vip = hall.issue(priority="elderly")
    assert clerk.post("/windows/2/call-next").json["number"] == old["number"]
    clerk.post("/windows/2/finish")
    hall.clock.advance(seconds=2)
    assert clerk.post("/windows/2/call-next").json["priority"] == "elderly"
    assert vip["number"] == "A003"
