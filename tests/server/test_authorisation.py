"""Only what a role may do succeeds: users by session, devices by token, sockets on connect."""

from __future__ import annotations

import pytest
from flask_socketio import SocketIOTestClient

from server.adapters.accounts import revoke_device
from server.adapters.catalogue_store import install_hall
from server.adapters.hall_file import load_hall
from server.web.extensions import socketio
from tests.server.conftest import EXAMPLE, HALL, Api


def test_anonymous_callers_may_only_read_a_ticket_by_its_token(sqlite_hall):
    hall = sqlite_hall
    ticket = hall.issue()
    anon = hall.anonymous()
    assert anon.post(f"/halls/{HALL}/tickets", {"service": "household"}).status_code == 401
    assert anon.post("/windows/2/call-next").status_code == 401
    assert anon.get(f"/halls/{HALL}/snapshot").status_code == 401
    assert anon.post(f"/tickets/{ticket['token']}/cancel").status_code == 401
    assert anon.get(f"/tickets/{ticket['token']}").status_code == 200


def test_devices_may_do_only_their_own_job(sqlite_hall):
    hall = sqlite_hall
    display = Api(hall.app.test_client(), hall.accounts.display_token)
    kiosk = hall.kiosk()
    assert display.post(f"/halls/{HALL}/tickets", {"service": "household"}).status_code == 403
    assert display.get(f"/halls/{HALL}/snapshot").status_code == 200
    assert kiosk.post("/windows/2/call-next").status_code == 403
    assert kiosk.get(f"/halls/{HALL}/snapshot").status_code == 403


def test_a_device_of_another_hall_is_refused(sqlite_hall, tmp_path):
    hall = sqlite_hall
    town = tmp_path / "town.toml"
    town.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace('id = "dingcheng"', 'id = "taoyuan"')
    )
    install_hall(hall.engine, load_hall(town))
    stranger = Api(hall.app.test_client(), hall.device_token("kiosk", hall="taoyuan"))
    assert stranger.post("/halls/taoyuan/tickets", {"service": "household"}).status_code == 201
    r = stranger.post(f"/halls/{HALL}/tickets", {"service": "household"})
    assert r.status_code == 403 and r.json["error"]["code"] == "forbidden"


def test_a_clerk_acts_only_on_the_window_they_signed_in_to(sqlite_hall):
    hall = sqlite_hall
    hall.issue()
    two = hall.clerk("clerk1", window=2)
    three = hall.clerk("clerk2", window=3)
    r = three.post("/windows/2/call-next")
    assert r.status_code == 403 and r.json["error"]["code"] == "not_your_window"
    assert "没有登录" in r.json["error"]["message"]["zh"]
    two.post("/windows/2/call-next")
    assert three.post("/windows/2/finish").status_code == 403
    taken = three.post("/windows/2/sign-in")
    assert taken.status_code == 409 and taken.json["error"]["code"] == "window_taken"
    unseated = hall.clerk("clerk3")
    assert unseated.post("/windows/4/call-next").status_code == 403


def test_acting_on_a_ticket_that_is_not_the_windows_current_one_is_refused(sqlite_hall):
    hall = sqlite_hall
    first, second = hall.issue(), hall.issue()
    two, three = hall.clerk("clerk1", window=2), hall.clerk("clerk2", window=3)
    two.post("/windows/2/call-next")
    three.post("/windows/3/call-next")
    r = three.post("/windows/3/finish", {"ticket_id": first["id"]})
    assert r.status_code == 409 and r.json["error"]["params"]["number"] == second["number"]


def test_a_manager_may_run_any_window_of_the_hall(sqlite_hall):
    hall = sqlite_hall
    manager = hall.clerk("manager")
    assert manager.post("/windows/5/open").json["state"] == "open"
    assert manager.post("/windows/5/pause", {"reason": "培训"}).json["state"] == "paused"


def test_wrong_password_and_logout(sqlite_hall):
    hall = sqlite_hall
    r = hall.anonymous().post("/auth/login", {"username": "clerk1", "password": "wrong-password"})
    assert r.status_code == 401 and r.json["error"]["message"]["zh"] == "用户名或密码错误"
    clerk = hall.clerk("clerk1")
    assert clerk.get("/auth/me").json["role"] == "clerk"
    clerk.post("/auth/logout")
    assert clerk.get("/auth/me").status_code == 401


@pytest.mark.parametrize("auth", [None, {"token": "forged"}, {"ticket": "no-such-ticket"}])
def test_sockets_without_a_valid_identity_are_refused(sqlite_hall, auth):
    client = socketio.test_client(sqlite_hall.app, namespace="/live", auth=auth)
    assert not client.is_connected("/live")


def test_a_revoked_display_token_is_refused(sqlite_hall):
    hall = sqlite_hall
    token = hall.device_token("display")
    assert hall.display(token).is_connected("/live")
    with hall.engine.connect() as conn:
        device_id = conn.exec_driver_sql("select max(id) from devices").scalar()
    revoke_device(hall.engine, device_id, hall.clock.now())
    client: SocketIOTestClient = socketio.test_client(
        hall.app, namespace="/live", auth={"token": token}
    )
    assert not client.is_connected("/live")
    assert Api(hall.app.test_client(), token).get(f"/halls/{HALL}/snapshot").status_code == 401
