"""Every manager write: refused to everyone but the hall's manager or an admin, and every
accepted one writes its audit row before anyone hears of it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from server.adapters import tables
from server.services.events import Audited
from tests.server.conftest import HALL, Api
from tests.server.test_manage_board import other_hall_manager

WRITES = [
    ("post", "/windows/4/assign", {"user_id": 3}),
    ("put", "/windows/4/services", {"services": ["household"]}),
    ("post", f"/halls/{HALL}/tickets/1/reroute", {"service": "household"}),
    ("put", f"/halls/{HALL}/notice", {"notice_zh": "通知", "notice_en": "Notice"}),
    (
        "post",
        f"/halls/{HALL}/services",
        {
            "code": "passport",
            "name_zh": "出入境",
            "prefix": "P",
            "window_kinds": ["general"],
            "expected_minutes": 5,
            "yellow_minutes": 10,
            "red_minutes": 20,
        },
    ),
    ("put", f"/halls/{HALL}/services/household", {"red_minutes": 45}),
    ("post", f"/halls/{HALL}/windows", {"number": 12, "name_zh": "新窗口", "kind": "general"}),
    ("put", "/windows/4", {"name_zh": "综合受理四"}),
    (
        "post",
        f"/halls/{HALL}/users",
        {"username": "newbie", "password": "password1", "role": "clerk"},
    ),
    ("put", "/users/3", {"name": "新名字"}),
    ("post", f"/halls/{HALL}/devices", {"kind": "display", "name": "二楼大屏"}),
    ("post", "/devices/1/revoke", None),
]


def audit_count(hall) -> int:
    with hall.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(tables.audit_log)).scalar_one())


def call(api: Api, method: str, path: str, body):
    return getattr(api, method)(path, body)


@pytest.fixture
def busy_hall(hall):
    hall.issue()  # ticket 1, for the re-route
    return hall


def test_no_one_but_the_halls_manager_may_change_anything(busy_hall, tmp_path):
    hall = busy_hall
    display = Api(hall.app.test_client(), hall.accounts.display_token)
    callers = {
        "anonymous": (hall.anonymous(), 401),
        "clerk": (hall.clerk("clerk1"), 403),
        "kiosk": (hall.kiosk(), 403),
        "display": (display, 403),
        "other hall's manager": (other_hall_manager(hall, tmp_path), 403),
    }
    for method, path, body in WRITES:
        for who, (api, status) in callers.items():
            r = call(api, method, path, body)
            assert r.status_code == status, (who, method, path, r.json)
    assert audit_count(hall) == 0


def test_every_change_is_stored_and_audited_before_it_is_announced(busy_hall, monkeypatch):
    hall = busy_hall
    manager = hall.clerk("manager")
    publisher = hall.runtime.publisher
    original = publisher.publish
    checked: list[str] = []

    def publish(events):
        for event in events:
            if isinstance(event, Audited):  # committed: another connection sees the row
                with hall.engine.connect() as conn:
                    a = tables.audit_log.c
                    found = conn.execute(select(a.action).where(a.id == event.entry.id))
                    checked.append(found.scalar_one())
        original(events)

    monkeypatch.setattr(publisher, "publish", publish)
    for method, path, body in WRITES:
        r = call(manager, method, path, body)
        assert r.status_code in (200, 201), (method, path, r.json)
    assert checked == [
        "window.assign",
        "window.services",
        "ticket.reroute",
        "hall.notice",
        "service.add",
        "service.edit",
        "window.add",
        "window.edit",
        "user.add",
        "user.edit",
        "device.add",
        "device.revoke",
    ]
    rows = manager.get(f"/halls/{HALL}/audit?limit=20").json
    assert len(rows) == 12 and all(r["actor"] == {"id": 1, "name": "manager"} for r in rows)
    assert all(r["at"] == hall.clock.now().isoformat() for r in rows)


def test_an_admin_may_change_any_hall(busy_hall):
    from server.adapters.accounts import add_user

    hall = busy_hall
    add_user(hall.engine, "root", "root-password", "admin", None, "管理员")
    admin = Api(hall.app.test_client())
    admin.post("/auth/login", {"username": "root", "password": "root-password"})
    for method, path, body in WRITES:
        r = call(admin, method, path, body)
        assert r.status_code in (200, 201), (method, path, r.json)
    assert audit_count(hall) == 12
