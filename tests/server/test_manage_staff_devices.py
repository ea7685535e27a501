"""Staff accounts and device tokens: who may make them, revocation, presence, printers."""

from __future__ import annotations

from sqlalchemy import select

from server.adapters import tables
from server.adapters.accounts import add_user
from server.web.extensions import socketio
from tests.server.conftest import HALL, Api, events
from tests.server.test_manage_board import other_hall_manager


def login(hall, username, password):
    api = Api(hall.app.test_client())
    r = api.post("/auth/login", {"username": username, "password": password})
    return api, r


def audit(hall):
    with hall.engine.connect() as conn:
        return conn.execute(select(tables.audit_log).order_by(tables.audit_log.c.id)).all()


def test_a_manager_adds_a_clerk_who_can_then_sign_in(hall):
    manager = hall.clerk("manager")
    body = {"username": "wangfang", "password": "s3cret-pass", "role": "clerk", "name": "王芳"}
    r = manager.post(f"/halls/{HALL}/users", body)
    assert r.status_code == 201, r.json
    assert r.json == {
        "id": r.json["id"],
        "username": "wangfang",
        "role": "clerk",
        "hall_id": HALL,
        "name": "王芳",
        "active": True,
    }
    clerk, ok = login(hall, "wangfang", "s3cret-pass")
    assert ok.status_code == 200 and clerk.post("/windows/6/sign-in").status_code == 200
    (row,) = audit(hall)
    assert row.action == "user.add" and "password" not in str(row.after)
    assert row.actor_id == 1 and row.actor_name == "manager"


def test_user_values_and_roles_are_checked(hall):
    manager = hall.clerk("manager")
    url = f"/halls/{HALL}/users"
    base = {"username": "li", "password": "long-enough", "role": "clerk"}
    r = manager.post(url, {**base, "password": "short"})
    assert r.status_code == 400 and r.json["error"]["params"]["field"] == "password"
    r = manager.post(url, {**base, "role": "boss"})
    assert r.status_code == 400 and r.json["error"]["params"]["field"] == "role"
    r = manager.post(url, {**base, "username": " "})
    assert r.status_code == 400 and r.json["error"]["params"]["field"] == "username"
    r = manager.post(url, {**base, "username": "clerk1"})
    assert r.status_code == 409 and r.json["error"]["code"] == "username_taken"
    r = manager.post(url, {**base, "role": "admin"})
    assert r.status_code == 403 and r.json["error"]["code"] == "role_not_allowed"
    assert hall.clerk("clerk1").post(url, base).status_code == 403
    assert audit(hall) == []


def test_editing_a_user_role_name_password_and_deactivating(hall):
    manager = hall.clerk("manager")
    clerk = hall.clerk("clerk3")
    r = manager.put("/users/4", {"name": "赵六", "password": "brand-new-pass"})
    assert r.status_code == 200 and r.json["name"] == "赵六"
    assert login(hall, "clerk3", hall.password("clerk3"))[1].status_code == 401
    assert login(hall, "clerk3", "brand-new-pass")[1].status_code == 200
    assert manager.put("/users/4", {"role": "manager"}).json["role"] == "manager"
    r = manager.put("/users/4", {"active": False})
    assert r.status_code == 200 and r.json["active"] is False
    assert clerk.get("/auth/me").status_code == 401  # a deactivated account is out at once
    rows = audit(hall)
    assert [row.action for row in rows] == ["user.edit"] * 3
    assert rows[0].after["password_changed"] is True and "brand-new-pass" not in str(rows[0].after)
    assert rows[2].before["active"] is True and rows[2].after["active"] is False


def test_user_edits_that_are_refused(hall, tmp_path):
    manager = hall.clerk("manager")
    add_user(hall.engine, "root", "root-password", "admin", None, "超级管理员")
    r = manager.put("/users/1", {"active": False})
    assert r.status_code == 409 and r.json["error"]["code"] == "own_account"
    assert manager.put("/users/1", {"role": "clerk"}).status_code == 409
    r = manager.put("/users/2", {"role": "admin"})
    assert r.status_code == 403 and r.json["error"]["code"] == "role_not_allowed"
    root_id = 6
    assert manager.put(f"/users/{root_id}", {"active": False}).status_code == 403
    assert manager.put("/users/2", {"password": "short"}).status_code == 400
    assert manager.put("/users/2", {"name": ""}).status_code == 400
    assert manager.put("/users/2", {"active": "no"}).status_code == 400
    assert manager.put("/users/404", {"name": "x"}).status_code == 404
    stranger = other_hall_manager(hall, tmp_path)
    r = stranger.put("/users/2", {"active": False})
    assert r.status_code == 403 and r.json["error"]["code"] == "not_your_hall"
    assert hall.clerk("clerk1").put("/users/2", {"name": "me"}).status_code == 403
    assert audit(hall) == []
    admin, _ = login(hall, "root", "root-password")
    r = admin.post(
        f"/halls/{HALL}/users", {"username": "root2", "password": "root-pass-2", "role": "admin"}
    )
    assert r.status_code == 201 and r.json["hall_id"] is None


def test_a_device_token_is_shown_once_and_revoked_at_once(hall):
    manager = hall.clerk("manager")
    sock = socketio.test_client(hall.app, namespace="/live", flask_test_client=manager.client)
    events(sock)
    r = manager.post(f"/halls/{HALL}/devices", {"kind": "kiosk", "name": "东门自助机"})
    assert r.status_code == 201, r.json
    token, device_id = r.json["token"], r.json["id"]
    assert r.json["online"] is False and r.json["revoked"] is False
    listed = manager.get(f"/halls/{HALL}/devices").json
    assert all("token" not in d for d in listed)
    kiosk = Api(hall.app.test_client(), token)
    assert kiosk.post(f"/halls/{HALL}/tickets", {"service": "household"}).status_code == 201
    r = manager.post(f"/devices/{device_id}/revoke")
    assert r.status_code == 200 and r.json["revoked"] is True and r.json["online"] is False
    assert kiosk.post(f"/halls/{HALL}/tickets", {"service": "household"}).status_code == 401
    statuses = [(p["id"], p["online"], p["revoked"]) for _, p in events(sock, "device.status")]
    assert statuses == [
        (device_id, False, False),
        (device_id, True, False),
        (device_id, False, True),
    ]
    assert [row.action for row in audit(hall)] == ["device.add", "device.revoke"]


def test_device_values_are_checked(hall, tmp_path):
    manager = hall.clerk("manager")
    url = f"/halls/{HALL}/devices"
    r = manager.post(url, {"kind": "toaster", "name": "x"})
    assert r.status_code == 400 and r.json["error"]["params"]["field"] == "kind"
    r = manager.post(url, {"kind": "rating_pad", "name": "2号评价器"})
    assert r.status_code == 400 and r.json["error"]["params"]["field"] == "window_id"
    r = manager.post(url, {"kind": "rating_pad", "name": "评价器", "window_id": 404})
    assert r.status_code == 400 and r.json["error"]["params"]["field"] == "window_id"
    r = manager.post(url, {"kind": "display", "name": " "})
    assert r.status_code == 400 and r.json["error"]["params"]["field"] == "name"
    r = manager.post(url, {"kind": "rating_pad", "name": "2号评价器", "window_id": 2})
    assert r.status_code == 201 and r.json["window_id"] == 2
    stranger = other_hall_manager(hall, tmp_path)
    assert stranger.post(url, {"kind": "display", "name": "x"}).status_code == 403
    assert stranger.post("/devices/1/revoke").status_code == 403
    assert hall.kiosk().post("/devices/1/revoke").status_code == 403
    assert manager.post("/devices/404/revoke").status_code == 404


def test_a_device_is_online_while_its_socket_is_connected(hall):
    manager = hall.clerk("manager")
    watcher = socketio.test_client(hall.app, namespace="/live", flask_test_client=manager.client)
    events(watcher)
    display_id = next(
        d["id"] for d in manager.get(f"/halls/{HALL}/devices").json if d["kind"] == "display"
    )

    def online() -> bool:
        found = manager.get(f"/halls/{HALL}/devices").json
        return next(d["online"] for d in found if d["id"] == display_id)

    assert not online()
    display = hall.display()
    assert online()
    hall.clock.advance(hours=3)  # a connection stays online however long it lasts
    assert online()
    display.disconnect(namespace="/live")
    assert not online()
    got = [(p["id"], p["online"]) for _, p in events(watcher, "device.status")]
    assert got == [(display_id, True), (display_id, False)]
    board = manager.get(f"/halls/{HALL}/board").json
    shown = next(d for d in board["devices"] if d["id"] == display_id)
    assert shown["online"] is False and shown["last_seen_at"] is not None


def test_a_kiosk_is_online_for_two_minutes_after_a_request(hall):
    manager = hall.clerk("manager")
    hall.issue()
    kiosk_id = next(
        d["id"] for d in manager.get(f"/halls/{HALL}/devices").json if d["kind"] == "kiosk"
    )

    def kiosk_view():
        return next(d for d in manager.get(f"/halls/{HALL}/devices").json if d["id"] == kiosk_id)

    assert kiosk_view()["online"] is True
    hall.clock.advance(seconds=119)
    assert kiosk_view()["online"] is True
    hall.clock.advance(seconds=2)
    assert kiosk_view()["online"] is False
    hall.issue()
    assert kiosk_view()["online"] is True


def test_a_kiosk_reports_its_printer(hall):
    manager = hall.clerk("manager")
    watcher = socketio.test_client(hall.app, namespace="/live", flask_test_client=manager.client)
    kiosk = hall.kiosk()
    r = kiosk.post("/devices/me/status", {"printer": {"online": True, "paper": "low"}})
    assert r.status_code == 200, r.json
    assert r.json["printer"]["paper"] == "low" and r.json["printer"]["online"] is True
    kiosk.post("/devices/me/status", {"printer": {"online": True, "paper": "low"}})
    kiosk.post("/devices/me/status", {"printer": {"online": None, "paper": "unknown"}})
    got = [p["printer"] for _, p in events(watcher, "device.status")]
    assert [(p["online"], p["paper"]) for p in got] == [(True, "low"), (None, "unknown")]
    board = manager.get(f"/halls/{HALL}/board").json
    shown = next(d for d in board["devices"] if d["kind"] == "kiosk" and d["printer"])
    assert shown["printer"]["paper"] == "unknown"
    r = kiosk.post("/devices/me/status", {"printer": {"paper": "plenty"}})
    assert r.status_code == 400 and r.json["error"]["params"]["field"] == "paper"
    assert kiosk.post("/devices/me/status", {"printer": "ok"}).status_code == 400
    assert kiosk.post("/devices/me/status", {"printer": {"ink": 1}}).status_code == 400
    display = Api(hall.app.test_client(), hall.accounts.display_token)
    assert display.post("/devices/me/status", {"printer": {"paper": "ok"}}).status_code == 403
    assert manager.post("/devices/me/status", {"printer": {"paper": "ok"}}).status_code == 403


def test_a_revoked_display_is_disconnected_and_hears_nothing_more(hall):
    manager = hall.clerk("manager")
    clerk = hall.clerk("clerk1", window=2)
    token = hall.device_token("display")
    display = hall.display(token)
    device_id = next(
        d["id"] for d in manager.get(f"/halls/{HALL}/devices").json if d["name"] == "test display"
    )
    events(display)
    room = socketio.server.manager.get_participants
    in_hall = len(list(room("/live", f"hall:{HALL}")))
    assert manager.post(f"/devices/{device_id}/revoke").status_code == 200
    assert not display.is_connected("/live")
    assert len(list(room("/live", f"hall:{HALL}"))) == in_hall - 1  # hears no more calls
    hall.issue()
    assert clerk.post("/windows/2/call-next").status_code == 200
    shown = next(d for d in manager.get(f"/halls/{HALL}/devices").json if d["id"] == device_id)
    assert shown["online"] is False and shown["revoked"] is True
    refused = socketio.test_client(hall.app, namespace="/live", auth={"token": token})
    assert not refused.is_connected("/live")


def test_a_restart_forgets_the_connections_of_the_last_run(hall):
    from server.services.presence import forget_connections

    manager = hall.clerk("manager")
    hall.display()  # connected when the server "crashes": no disconnect is ever seen
    assert any(d["online"] for d in manager.get(f"/halls/{HALL}/devices").json)
    assert hall.runtime.execute(forget_connections) == 1
    assert not any(d["online"] for d in manager.get(f"/halls/{HALL}/devices").json)
