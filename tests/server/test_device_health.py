"""Kiosk heartbeats stored and validated; a silent kiosk announced offline, then back; its
faults on the hall's warnings strip (kiosk name only). Time is the injected ManualClock."""

from __future__ import annotations

from typing import Any

from server.services.device_health import mark_silent_kiosks
from server.services.snapshot import refresh_alerts
from server.web.extensions import socketio
from tests.server.conftest import HALL, events

HEALTHY = {
    "printer": {"online": True, "paper": "ok"},
    "reader": {"state": "ok"},
    "camera": {"state": "ok"},
}


def watch_devices(hall: Any) -> tuple[Any, Any]:
    manager = hall.clerk("manager")
    watcher = socketio.test_client(hall.app, namespace="/live", flask_test_client=manager.client)
    events(watcher)
    return manager, watcher


def kiosk_of(manager: Any) -> dict[str, Any]:
    found = manager.get(f"/halls/{HALL}/devices").json
    return next(d for d in found if d["kind"] == "kiosk")


def test_a_heartbeat_stores_every_device_and_announces_only_changes(hall):
    manager, watcher = watch_devices(hall)
    kiosk = hall.kiosk()
    r = kiosk.post("/devices/me/status", HEALTHY)
    assert r.status_code == 200, r.json
    assert r.json["reader"]["state"] == "ok" and r.json["camera"]["state"] == "ok"
    assert r.json["faults"] == [] and r.json["online"] is True
    hall.clock.advance(seconds=15)
    assert kiosk.post("/devices/me/status", HEALTHY).status_code == 200  # no change: silent
    unplugged = {
        "printer": {"online": True, "paper": "low"},
        "reader": {"state": "missing", "reason": "device_not_found"},
        "camera": {"state": "failed", "reason": "camera_frame_error"},
    }
    hall.clock.advance(seconds=15)
    r = kiosk.post("/devices/me/status", unplugged)
    assert r.status_code == 200, r.json
    got = [p for _, p in events(watcher, "device.status")]
    assert len(got) == 2  # the first report, then the change
    last = got[-1]
    assert last["reader"] == {
        "state": "missing",
        "reason": "device_not_found",
        "reported_at": hall.clock.now().isoformat(),
    }
    assert last["camera"]["state"] == "failed" and last["printer"]["paper"] == "low"
    assert last["faults"] == ["paper_low", "reader_missing", "camera_failed"]
    shown = kiosk_of(manager)  # stored: the board reads the same
    assert shown["reader"]["reason"] == "device_not_found" and shown["camera"]["state"] == "failed"
    board = manager.get(f"/halls/{HALL}/board").json
    on_board = next(d for d in board["devices"] if d["kind"] == "kiosk")
    assert on_board["faults"] == ["paper_low", "reader_missing", "camera_failed"]
    # A report of one part keeps the others as they were.
    r = kiosk.post("/devices/me/status", {"reader": {"state": "ok"}})
    assert r.json["reader"]["state"] == "ok" and r.json["camera"]["state"] == "failed"
    assert r.json["printer"]["paper"] == "low"


def test_a_bad_heartbeat_is_a_typed_400_and_stores_nothing(sqlite_hall):
    hall = sqlite_hall
    manager, _ = watch_devices(hall)
    kiosk = hall.kiosk()
    assert kiosk.post("/devices/me/status", HEALTHY).status_code == 200
    before = kiosk_of(manager)
    invalid = {
        "paper": {"printer": {"online": True, "paper": "plenty"}},
        "reader.state": {"reader": {"state": "unplugged"}},
        "camera.state": {"camera": {"state": "blurry"}},
        "reader.reason": {"reader": {"state": "error", "reason": "Bad Reason!"}},
        "printer": {},
    }
    for name, body in invalid.items():
        r = kiosk.post("/devices/me/status", body)
        assert r.status_code == 400, (name, r.json)
        assert r.json["error"]["code"] == "invalid_value", name
        assert r.json["error"]["params"]["field"] == name
    malformed = [
        {"printer": {"online": "yes", "paper": "ok"}},
        {"printer": {"online": True, "paper": 3}},
        {"reader": "ok"},
        {"reader": {"state": 1}},
        {"reader": {}},
        {"camera": {"state": "ok", "reason": ["x"]}},
        {"camera": {"state": "ok", "colour": "red"}},
        {"printer": {"paper": "ok"}, "scanner": {"state": "ok"}},
        [1, 2],
    ]
    for body in malformed:
        r = kiosk.post("/devices/me/status", body)
        assert r.status_code == 400 and r.json["error"]["code"] == "bad_request", body
    assert kiosk_of(manager)["reader"] == before["reader"]
    assert kiosk_of(manager)["printer"] == before["printer"]


def test_a_silent_kiosk_is_announced_offline_once_and_back_at_its_next_heartbeat(sqlite_hall):
    hall = sqlite_hall
    manager, watcher = watch_devices(hall)
    kiosk = hall.kiosk()
    assert kiosk.post("/devices/me/status", HEALTHY).status_code == 200
    kiosk_id = kiosk_of(manager)["id"]
    events(watcher)
    hall.clock.advance(seconds=120)  # the example hall's kiosk_offline_after_seconds: not yet
    assert hall.runtime.execute(mark_silent_kiosks, HALL) == 0
    assert kiosk_of(manager)["online"] is True
    hall.clock.advance(seconds=1)
    assert hall.runtime.execute(mark_silent_kiosks, HALL) == 1
    got = [p for _, p in events(watcher, "device.status")]
    assert [(p["id"], p["online"]) for p in got] == [(kiosk_id, False)]
    assert got[0]["offline_since"] == hall.clock.now().isoformat()
    assert got[0]["faults"] == ["offline"]
    hall.clock.advance(seconds=30)
    assert hall.runtime.execute(mark_silent_kiosks, HALL) == 0  # announced once only
    assert events(watcher, "device.status") == []
    assert kiosk.post("/devices/me/status", HEALTHY).status_code == 200
    got = [p for _, p in events(watcher, "device.status")]
    assert [(p["id"], p["online"], p["offline_since"]) for p in got] == [(kiosk_id, True, None)]
    assert hall.runtime.execute(mark_silent_kiosks, HALL) == 0


def test_a_kiosk_never_heard_from_is_not_announced(sqlite_hall):
    hall = sqlite_hall
    _, watcher = watch_devices(hall)
    hall.clock.advance(hours=2)
    assert hall.runtime.execute(mark_silent_kiosks, HALL) == 0
    assert events(watcher, "device.status") == []


def test_kiosk_faults_show_on_the_wall_display_by_kiosk_name_only(sqlite_hall):
    hall = sqlite_hall
    display = hall.display()
    kiosk = hall.kiosk()
    sick = {**HEALTHY, "printer": {"online": False, "paper": "out"}}
    assert kiosk.post("/devices/me/status", sick).status_code == 200
    events(display)
    hall.runtime.execute(refresh_alerts, HALL)
    raised = [p for _, p in events(display, "warning.raised")]
    assert [(a["kind"], a["fault"], a["level"]) for a in raised] == [
        ("kiosk_fault", "paper_out", "red")
    ]
    assert raised[0]["name"] == "demo kiosk"
    assert set(raised[0]) == {"kind", "subject", "level", "since", "name", "fault"}
    snap = hall.anonymous().client.get(
        f"/api/v1/halls/{HALL}/snapshot",
        headers={"Authorization": f"Bearer {hall.accounts.display_token}"},
    )
    assert any(a["kind"] == "kiosk_fault" for a in snap.json["alerts"])
    # Paper loaded: the warning clears at the next pass; silence: an offline warning.
    assert kiosk.post("/devices/me/status", HEALTHY).status_code == 200
    hall.runtime.execute(refresh_alerts, HALL)
    cleared = [p["fault"] for _, p in events(display, "warning.cleared")]
    assert cleared == ["paper_out"]
    hall.clock.advance(minutes=3)
    hall.runtime.execute(mark_silent_kiosks, HALL)
    hall.runtime.execute(refresh_alerts, HALL)
    raised = [(p["fault"], p["level"]) for _, p in events(display, "warning.raised")]
    assert ("offline", "red") in raised
