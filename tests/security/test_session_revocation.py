"""Sessions end at once: signing out, a new password, a new role and deactivation end every
session of the user (each browser, each saved copy of a cookie) and close their live sockets.

The hall is served on loopback over a real SQLite file and a real PostgreSQL database; the
clients are an HTTP session per browser and python-socketio over a WebSocket. Ending the
sessions on several processes at once is tests/scale/test_session_revocation_cluster.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import socketio
from sqlalchemy import func, select

from server.adapters import tables
from server.adapters.accounts import add_user
from tests.security.live_clients import Browser, Served, eventually, listen, served
from tests.server.conftest import HALL, database_url  # noqa: F401  (fixture)

SECOND_MANAGER = ("manager2", "manager2-password")


@pytest.fixture
def live(database_url: str) -> Iterator[Served]:  # noqa: F811
    with served(database_url) as s:
        yield s


def _browser(live: Served, username: str) -> Browser:
    return Browser(live.url).sign_in(username, live.hall.password(username))


def _refused(live: Served, cookie: str) -> bool:
    try:
        listen(live.url, cookie=cookie).close()
    except socketio.exceptions.ConnectionError:
        return True
    return False


def _sockets_of(live: Served, username: str) -> int:
    c, u = tables.staff_connections.c, tables.users.c
    with live.hall.engine.connect() as conn:
        user_id = conn.execute(select(u.id).where(u.username == username)).scalar_one()
        found = select(func.count()).select_from(tables.staff_connections)
        return int(conn.execute(found.where(c.user_id == user_id)).scalar_one())


def _window(live: Served, number: int) -> int:
    w = tables.windows.c
    with live.hall.engine.connect() as conn:
        found = select(w.id).where(w.hall_id == HALL, w.number == number)
        return int(conn.execute(found).scalar_one())


def test_signing_out_ends_every_session_of_the_user_and_closes_their_sockets(live: Served):
    desk = _browser(live, "clerk1")
    saved = desk.copy()  # the cookie as it was saved before sign-out
    laptop = _browser(live, "clerk1")  # the same clerk in another browser
    socket = listen(live.url, cookie=desk.cookie)
    other_socket = listen(live.url, cookie=laptop.cookie)
    assert _sockets_of(live, "clerk1") == 2
    assert saved.get("/auth/me").status_code == 200

    assert desk.post("/auth/logout").status_code == 200
    socket.wait_for(lambda n, _: n == "(disconnected)")
    other_socket.wait_for(lambda n, _: n == "(disconnected)")
    assert _sockets_of(live, "clerk1") == 0
    for who in (desk, saved, laptop):
        assert who.get("/auth/me").status_code == 401
    window = _window(live, 2)
    r = saved.post(f"/windows/{window}/sign-in")
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"
    assert _refused(live, saved.cookie), "the saved cookie opens no live feed either"
    again = _browser(live, "clerk1")  # signing in again works, in any browser
    assert again.post(f"/windows/{window}/sign-in").status_code == 200


@pytest.mark.parametrize(
    "change",
    [{"password": "a-brand-new-password"}, {"role": "manager"}, {"active": False}],
    ids=["password", "role", "deactivated"],
)
def test_a_managers_change_to_an_account_ends_its_sessions_at_once(
    live: Served, change: dict[str, Any]
):
    manager = _browser(live, "manager")
    clerk = _browser(live, "clerk3")
    saved = clerk.copy()
    socket = listen(live.url, cookie=clerk.cookie)
    user_id = next(u["id"] for u in manager.get(f"/halls/{HALL}/users").json()
                   if u["username"] == "clerk3")  # fmt: skip
    assert manager.put(f"/users/{user_id}", change).status_code == 200
    socket.wait_for(lambda n, _: n == "(disconnected)")
    assert clerk.get("/auth/me").status_code == 401 and saved.get("/auth/me").status_code == 401
    assert _refused(live, saved.cookie)
    if change.get("active") is False:  # back in service: the old cookies stay dead
        assert manager.put(f"/users/{user_id}", {"active": True}).status_code == 200
        assert saved.get("/auth/me").status_code == 401
    password = change.get("password", live.hall.password("clerk3"))
    fresh = Browser(live.url).sign_in("clerk3", password)
    assert fresh.get("/auth/me").status_code == 200
    assert manager.get("/auth/me").status_code == 200, "the manager's own session goes on"


def test_a_new_name_leaves_the_session_alone(live: Served):
    manager = _browser(live, "manager")
    clerk = _browser(live, "clerk2")
    socket = listen(live.url, cookie=clerk.cookie)
    user_id = next(u["id"] for u in manager.get(f"/halls/{HALL}/users").json()
                   if u["username"] == "clerk2")  # fmt: skip
    assert manager.put(f"/users/{user_id}", {"name": "李四"}).status_code == 200
    assert clerk.get("/auth/me").json()["name"] == "李四"
    live.hall.issue()  # the socket still hears the hall
    socket.wait_for(lambda n, _: n == "ticket.issued")
    assert not socket.named("(disconnected)")
    socket.close()


def test_a_deactivated_managers_socket_hears_nothing_more(live: Served):
    add_user(live.hall.engine, *SECOND_MANAGER, "manager", HALL, "王经理")
    second = Browser(live.url).sign_in(*SECOND_MANAGER)
    watching = listen(live.url, cookie=second.cookie)
    manager = _browser(live, "manager")
    witness = listen(live.url, cookie=manager.cookie)
    live.hall.issue()
    watching.wait_for(lambda n, _: n == "ticket.issued")
    user_id = next(u["id"] for u in manager.get(f"/halls/{HALL}/users").json()
                   if u["username"] == SECOND_MANAGER[0])  # fmt: skip
    assert manager.put(f"/users/{user_id}", {"active": False}).status_code == 200
    watching.wait_for(lambda n, _: n == "(disconnected)")
    heard_before = len(watching.got)
    second_ticket = live.hall.issue()
    witness.wait_for(lambda n, d: n == "ticket.issued" and d["number"] == second_ticket["number"])
    assert len(watching.got) == heard_before, "a closed socket hears nothing"
    assert not watching.client.connected
    assert _refused(live, second.cookie)
    assert _sockets_of(live, SECOND_MANAGER[0]) == 0
    witness.close()


def test_a_socket_leaves_no_row_behind_when_it_closes(live: Served):
    clerk = _browser(live, "clerk4")
    socket = listen(live.url, cookie=clerk.cookie)
    assert _sockets_of(live, "clerk4") == 1
    socket.close()
    eventually(lambda: _sockets_of(live, "clerk4") == 0)  # the server hears the close
    assert clerk.get("/auth/me").status_code == 200, "closing a socket is no sign-out"
