"""Ending a user's sessions on one process ends them on every process, sockets included.

Three server processes over PostgreSQL, their events through Redis (tests/scale/conftest.py).
A user's sockets are held by other processes than the one that signs them out or changes
their account: python-socketio passes each disconnect through the message queue.
"""

from __future__ import annotations

from server.adapters.accounts import add_user
from tests.scale.conftest import HALL, Cluster, Http


def _cookie(api: Http) -> dict[str, str]:
    return {"Cookie": "; ".join(f"{k}={v}" for k, v in api.session.cookies.items())}


def _on(api: Http, cluster: Cluster, process: int) -> Http:
    api.base = cluster.bases[process]
    return api


def test_signing_out_on_one_process_closes_the_sockets_on_the_others(cluster: Cluster):
    add_user(cluster.engine, "roaming_clerk", "roaming-password", "clerk", HALL)
    cluster.passwords["roaming_clerk"] = "roaming-password"
    clerk = cluster.user(0, "roaming_clerk")
    saved = _cookie(clerk)
    on_one = cluster.listen(1, {}, saved)
    on_two = cluster.listen(2, {}, saved)
    assert _on(clerk, cluster, 0).post("/auth/logout").status_code == 200
    on_one.wait_for(lambda n, _: n == "(disconnected)")
    on_two.wait_for(lambda n, _: n == "(disconnected)")
    for process in range(len(cluster.bases)):
        thief = Http(cluster.bases[process])
        thief.session.headers.update(saved)
        assert thief.get("/auth/me").status_code == 401, process


def test_a_deactivated_manager_is_cut_off_on_every_process(cluster: Cluster):
    add_user(cluster.engine, "night_manager", "night-password", "manager", HALL)
    cluster.passwords["night_manager"] = "night-password"
    watching = cluster.staff_socket(2, "night_manager")
    witness = cluster.staff_socket(1, "manager")
    manager = cluster.user(0, "manager")
    users = manager.get(f"/halls/{HALL}/users").json()
    user_id = next(u["id"] for u in users if u["username"] == "night_manager")
    assert manager.put(f"/users/{user_id}", {"active": False}).status_code == 200
    watching.wait_for(lambda n, _: n == "(disconnected)")
    heard = len(watching.got)
    ticket = cluster.kiosk(1).post(f"/halls/{HALL}/tickets", {"service": "household"}).json()
    witness.wait_for(lambda n, d: n == "ticket.issued" and d["number"] == ticket["number"])
    assert len(watching.got) == heard, "a closed socket hears nothing more"


def test_a_password_reset_on_one_process_ends_the_session_held_on_another(cluster: Cluster):
    add_user(cluster.engine, "reset_clerk", "reset-password", "clerk", HALL)
    cluster.passwords["reset_clerk"] = "reset-password"
    clerk = cluster.user(2, "reset_clerk")
    socket = cluster.listen(1, {}, _cookie(clerk))
    manager = cluster.user(0, "manager")
    users = manager.get(f"/halls/{HALL}/users").json()
    user_id = next(u["id"] for u in users if u["username"] == "reset_clerk")
    assert manager.put(f"/users/{user_id}", {"password": "a-new-secret-pw"}).status_code == 200
    socket.wait_for(lambda n, _: n == "(disconnected)")
    assert clerk.get("/auth/me").status_code == 401
