"""The manager's board and lists: what they show, and who may read them."""

from __future__ import annotations

from server.adapters.accounts import add_user
from server.adapters.catalogue_store import install_hall
from server.adapters.hall_file import load_hall
from tests.server.conftest import EXAMPLE, HALL, Api

READS = ("board", "waiting", "services", "windows", "users", "devices", "audit")


def other_hall_manager(hall, tmp_path) -> Api:
    """A manager of a second hall (taoyuan) on the same server."""
    town = tmp_path / "town.toml"
    town.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace('id = "dingcheng"', 'id = "taoyuan"')
    )
    install_hall(hall.engine, load_hall(town))
    add_user(hall.engine, "town_boss", "town-password", "manager", "taoyuan", "桃源主任")
    api = Api(hall.app.test_client())
    r = api.post("/auth/login", {"username": "town_boss", "password": "town-password"})
    assert r.status_code == 200
    return api


def test_the_board_shows_windows_lines_ratings_devices_and_follow_ups(hall):
    manager = hall.clerk("manager")
    clerk = hall.clerk("clerk1", window=2)
    first = hall.issue()
    hall.clock.advance(minutes=3)
    hall.issue()
    hall.issue("household")
    hall.clock.advance(seconds=5)
    clerk.post("/windows/2/call-next")  # A001
    clerk.post("/windows/2/start")
    hall.clock.advance(minutes=4)
    clerk.post("/windows/2/finish")
    r = hall.anonymous().post(
        f"/tickets/{first['token']}/rating", {"level": 1, "reasons": ["态度差"]}
    )
    assert r.status_code == 201
    hall.clock.advance(seconds=2)
    clerk.post("/windows/2/call-next")  # A002
    hall.clock.advance(seconds=90)

    board = manager.get(f"/halls/{HALL}/board").json
    assert board["hall"]["notice_zh"].startswith("请凭号等候")
    two = next(w for w in board["windows"] if w["number"] == 2)
    assert two["clerk"] == {"id": 2, "name": "clerk1"} and two["state"] == "open"
    assert two["current"]["number"] == "A002" and two["current"]["seconds"] == 90
    assert two["current"]["status"] == "called" and two["since"] is not None
    three = next(w for w in board["windows"] if w["number"] == 3)
    assert three["clerk"] is None and three["current"] is None
    lines = {line["code"]: line for line in board["lines"]}
    assert lines["household"]["waiting"] == 1
    assert lines["household"]["longest_wait_seconds"] == 5 + 4 * 60 + 2 + 90
    assert lines["social_security"]["longest_wait_seconds"] == 0
    assert board["ratings_today"] == {
        "total": 1,
        "by_level": {"1": 1, "2": 0, "3": 0, "4": 0, "5": 0},
        "bad": 1,
        "satisfied": 0,
    }
    (follow_up,) = board["followups"]
    assert follow_up["ticket"] == "A001" and follow_up["window"] == 2
    assert follow_up["level"] == 1 and follow_up["reasons"] == ["态度差"]
    assert follow_up["rating_id"] == r.json["id"]
    kinds = sorted(d["kind"] for d in board["devices"])
    assert kinds == ["display", "kiosk"]
    assert board["alerts"] == []


def test_the_waiting_list_is_oldest_first_with_waited_seconds(hall):
    manager = hall.clerk("manager")
    hall.issue("household")
    hall.clock.advance(minutes=2)
    hall.issue("social_security", priority="elderly")
    hall.clock.advance(minutes=1)
    got = manager.get(f"/halls/{HALL}/waiting").json
    assert [(t["number"], t["waited_seconds"], t["priority"]) for t in got] == [
        ("D001", 180, "normal"),
        ("A001", 60, "elderly"),
    ]
    assert got[0]["service"] == {
        "code": "household",
        "name_zh": "户籍证件",
        "name_en": "Household registration and ID",
    }
    assert got[0]["target_window_id"] is None


def test_the_lists_show_the_catalogue_staff_and_devices_without_secrets(hall):
    manager = hall.clerk("manager")
    hall.clerk("clerk2", window=4)
    services = manager.get(f"/halls/{HALL}/services").json
    assert len(services) == 9 and all(s["active"] for s in services)
    assert services[0]["code"] == "social_security" and services[0]["prefix"] == "A"
    windows = manager.get(f"/halls/{HALL}/windows").json
    assert [w["number"] for w in windows] == list(range(1, 12))
    assert windows[3]["clerk"] == {"id": 3, "name": "clerk2"}
    users = manager.get(f"/halls/{HALL}/users").json
    assert {u["username"] for u in users} == {"manager", "clerk1", "clerk2", "clerk3", "clerk4"}
    assert all("password" not in key for u in users for key in u)
    assert next(u for u in users if u["username"] == "clerk2")["window_id"] == 4
    devices = manager.get(f"/halls/{HALL}/devices").json
    assert all("token" not in key for d in devices for key in d)
    assert manager.get(f"/halls/{HALL}/audit").json == []


def test_only_a_manager_of_the_hall_or_an_admin_may_read(hall, tmp_path):
    clerk = hall.clerk("clerk1")
    kiosk = hall.kiosk()
    display = Api(hall.app.test_client(), hall.accounts.display_token)
    stranger = other_hall_manager(hall, tmp_path)
    add_user(hall.engine, "root", "root-password", "admin", None, "超级管理员")
    admin = Api(hall.app.test_client())
    admin.post("/auth/login", {"username": "root", "password": "root-password"})
    for path in READS:
        url = f"/halls/{HALL}/{path}"
        assert hall.anonymous().get(url).status_code == 401, path
        for who in (clerk, kiosk, display, stranger):
            r = who.get(url)
            assert r.status_code == 403 and r.json["error"]["code"] == "forbidden", path
        assert hall.clerk("manager").get(url).status_code == 200, path
        assert admin.get(url).status_code == 200, path
    assert stranger.get("/halls/taoyuan/board").status_code == 200
    assert admin.get("/halls/nowhere/board").status_code == 404


def test_the_audit_limit_is_checked(hall):
    manager = hall.clerk("manager")
    r = manager.get(f"/halls/{HALL}/audit?limit=lots")
    assert r.status_code == 400 and "limit" in r.json["error"]["message"]["en"]
    for i in range(3):
        manager.put(f"/halls/{HALL}/notice", {"notice_zh": f"通知{i}", "notice_en": f"n{i}"})
    got = manager.get(f"/halls/{HALL}/audit?limit=2").json
    assert [e["after"]["notice_zh"] for e in got] == ["通知2", "通知1"]
