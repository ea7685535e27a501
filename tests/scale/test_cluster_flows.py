"""The integration suite's key flows with every step on another process (PostgreSQL + Redis).

A clerk signs in once; the session cookie is good on every process (one secret key), so each
step below goes to the next process, as it would after a proxy restart moved the clerk.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from server.adapters import tables
from server.adapters.accounts import issue_device_token
from tests.scale.conftest import HALL, Cluster, Http


def on(api: Http, cluster: Cluster, process: int) -> Http:
    """The same client (cookies, token) pointed at another process."""
    api.base = cluster.bases[process]
    return api


def test_a_tickets_whole_life_hops_across_processes(cluster):
    ticket = cluster.kiosk(0).post(f"/halls/{HALL}/tickets", {"service": "household"}).json()
    assert ticket["number"] == "D001"
    phone = cluster.listen(2, {"ticket": ticket["token"]})
    manager = cluster.staff_socket(1, "manager")
    window = cluster.window_id(HALL, 2)
    clerk = cluster.clerk(0, "clerk1", window)
    called = on(clerk, cluster, 1).post(f"/windows/{window}/call-next").json()
    assert called["number"] == "D001"
    assert on(clerk, cluster, 2).post(f"/windows/{window}/recall").json()["recall_count"] == 1
    assert on(clerk, cluster, 0).post(f"/windows/{window}/start").json()["status"] == "serving"
    done = on(clerk, cluster, 1).post(f"/windows/{window}/finish", {"ticket_id": ticket["id"]})
    assert done.json()["status"] == "done"
    rating = Http(cluster.bases[2]).post(f"/tickets/{ticket['token']}/rating", {"level": 1})
    assert rating.status_code == 201 and rating.json()["follow_up"] is True
    status = Http(cluster.bases[0]).get(f"/tickets/{ticket['token']}").json()
    assert status["status"] == "done"

    for name in ("ticket.called", "ticket.recalled", "ticket.done"):
        phone.wait_for(lambda n, d, name=name: n == name and d["number"] == "D001")
    manager.wait_for(lambda n, d: n == "rating.received")
    heard = [n for n, _ in phone.got if n.startswith("ticket.")]
    assert heard[:2] == ["ticket.called", "ticket.recalled"] and heard[-1] == "ticket.done", heard
    e = tables.ticket_events.c
    with cluster.engine.connect() as conn:
        kinds = conn.execute(select(e.kind).where(e.ticket_id == ticket["id"]).order_by(e.id))
        assert list(kinds.scalars()) == ["issued", "call", "recall", "start", "finish"]


def test_a_transfer_made_on_one_process_is_called_first_on_another(cluster):
    kiosk = cluster.kiosk(1)
    first = kiosk.post(f"/halls/{HALL}/tickets", {"service": "elderly_card"}).json()
    second = kiosk.post(f"/halls/{HALL}/tickets", {"service": "elderly_card"}).json()
    w3, w4 = cluster.window_id(HALL, 3), cluster.window_id(HALL, 4)
    three, four = cluster.clerk(0, "clerk2", w3), cluster.clerk(2, "clerk3", w4)
    assert three.post(f"/windows/{w3}/call-next").json()["number"] == first["number"]
    moved = three.post(f"/windows/{w3}/transfer", {"window_id": w4, "note": "需要复核"})
    assert moved.json()["target_window_id"] == w4
    assert three.post(f"/windows/{w3}/call-next").json()["number"] == second["number"]
    assert four.post(f"/windows/{w4}/call-next").json()["number"] == first["number"]
    for clerk, window in ((three, w3), (four, w4)):
        assert clerk.post(f"/windows/{window}/finish").status_code == 200


def test_a_display_that_connects_to_another_process_gets_the_latest_calls(cluster):
    ticket = cluster.kiosk(2).post(f"/halls/{HALL}/tickets", {"service": "civil_affairs"}).json()
    window = cluster.window_id(HALL, 5)
    clerk = cluster.clerk(2, "clerk4", window)
    assert clerk.post(f"/windows/{window}/call-next").json()["number"] == ticket["number"]
    display = cluster.display(0)  # connected after the call, to another process
    _, snap = display.wait_for(lambda n, _: n == "snapshot")
    assert ticket["number"] in [c["number"] for c in snap["recent_calls"]]
    assert clerk.post(f"/windows/{window}/finish").status_code == 200


def test_a_snapshot_from_another_process_shows_a_window_change_at_once(cluster):
    manager = cluster.user(0, "manager")
    assert manager.get(f"/halls/{HALL}/snapshot").ok  # process 0 has read the windows
    ticket = cluster.kiosk(1).post(f"/halls/{HALL}/tickets", {"service": "civil_affairs"}).json()
    window = cluster.window_id(HALL, 6)
    clerk = cluster.clerk(2, "clerk6", window)
    assert clerk.post(f"/windows/{window}/call-next").json()["number"] == ticket["number"]
    display = cluster.display(0)
    _, snap = display.wait_for(lambda n, _: n == "snapshot")
    shown = {w["id"]: w for w in snap["windows"]}[window]
    clerk.post(f"/windows/{window}/finish")
    assert shown["staffed"] and shown["current"]["number"] == ticket["number"], shown


def test_a_managers_notice_on_one_process_reaches_screens_on_the_others(cluster):
    screens = [cluster.display(p) for p in (0, 2)]
    manager = cluster.user(1, "manager")
    body = {"notice_zh": "午间照常办理", "notice_en": "Open over lunch"}
    assert manager.put(f"/halls/{HALL}/notice", body).status_code == 200
    for screen in screens:
        screen.wait_for(lambda n, d: n == "hall.notice" and d["notice_zh"] == "午间照常办理")


def test_revoking_a_display_on_one_process_cuts_it_off_on_another(cluster):
    """The revoking process closes its own sockets; the others close theirs at their next
    tick (python-socketio lists a room's local members only)."""
    token = issue_device_token(cluster.engine, HALL, "display", "revoked", datetime.now(UTC))
    display = cluster.listen(1, {"token": token})
    device = next(
        d
        for d in cluster.user(0, "admin").get(f"/halls/{HALL}/devices").json()
        if d["name"] == "revoked"
    )
    assert cluster.user(0, "manager").post(f"/devices/{device['id']}/revoke").status_code == 200
    display.wait_for(lambda n, _: n == "(disconnected)")
