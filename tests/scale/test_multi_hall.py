"""One deployment, two halls (district and town): every route keeps to its hall.

A town manager sees and changes only the town; an admin (no hall) sees both; numbers,
lines, calls and events of one hall never leak into the other, on any process.
"""

from __future__ import annotations

import pytest

from tests.scale.conftest import HALL, TOWN, Cluster

# Another hall's row is refused (403) or, for a row named by id alone, not found (404):
# either way nothing of it is shown or changed.
REFUSED = (403, 404)
HALL_READS = [
    "/halls/{hall}/catalogue",
    "/halls/{hall}/queues",
    "/halls/{hall}/snapshot",
    "/halls/{hall}/board",
    "/halls/{hall}/waiting",
    "/halls/{hall}/services",
    "/halls/{hall}/windows",
    "/halls/{hall}/users",
    "/halls/{hall}/devices",
    "/halls/{hall}/audit",
]


@pytest.fixture(scope="module")
def halls(cluster: Cluster) -> Cluster:
    """A district ticket issued before a town ticket of the same service code."""
    for hall in (HALL, TOWN):
        r = cluster.kiosk(0, hall).post(f"/halls/{hall}/tickets", {"service": "social_security"})
        assert r.status_code == 201 and r.json()["number"] == "A001", r.text
    return cluster


@pytest.mark.parametrize("path", HALL_READS)
def test_a_town_manager_reads_the_town_and_never_the_district(halls, path):
    manager = halls.user(1, "town_manager")
    assert manager.get(path.format(hall=TOWN)).status_code == 200
    refused = manager.get(path.format(hall=HALL))
    assert refused.status_code == 403, refused.text


@pytest.mark.parametrize("path", HALL_READS)
def test_an_admin_reads_every_hall(halls, path):
    admin = halls.user(2, "admin")
    for hall in (HALL, TOWN):
        assert admin.get(path.format(hall=hall)).status_code == 200


def test_lists_of_a_hall_hold_only_that_halls_rows(halls):
    admin = halls.user(0, "admin")
    for hall, other in ((HALL, TOWN), (TOWN, HALL)):
        waiting = admin.get(f"/halls/{hall}/waiting").json()
        assert waiting and all(t["number"].startswith(("A", "B", "C", "D", "E")) for t in waiting)
        services = {s["code"] for s in admin.get(f"/halls/{hall}/services").json()}
        assert ("real_estate" in services) is (hall == HALL)
        windows = admin.get(f"/halls/{hall}/windows").json()
        assert len(windows) == (11 if hall == HALL else 3)
        users = admin.get(f"/halls/{hall}/users").json()
        assert users and all(u["hall_id"] == hall for u in users), other
        devices = admin.get(f"/halls/{hall}/devices").json()
        assert devices and all(d["hall_id"] == hall for d in devices)
        board = admin.get(f"/halls/{hall}/board").json()
        assert board["hall"]["id"] == hall
        assert {w["id"] for w in board["windows"]} == {w["id"] for w in windows}
    town_waiting = admin.get(f"/halls/{TOWN}/waiting").json()
    district_waiting = admin.get(f"/halls/{HALL}/waiting").json()
    assert not {t["id"] for t in town_waiting} & {t["id"] for t in district_waiting}


def test_a_town_call_takes_the_town_ticket_though_the_district_one_is_older(halls):
    window = halls.window_id(TOWN, 2)
    clerk = halls.clerk(1, "town_clerk", window)
    called = clerk.post(f"/windows/{window}/call-next")
    assert called.status_code == 200, called.text
    town_ids = {t["id"] for t in halls.user(0, "admin").get(f"/halls/{TOWN}/waiting").json()}
    district = halls.user(0, "admin").get(f"/halls/{HALL}/waiting").json()
    assert called.json()["id"] not in {t["id"] for t in district}
    assert called.json()["id"] not in town_ids  # it left the town's line
    assert clerk.post(f"/windows/{window}/finish").status_code == 200


def test_staff_and_devices_of_the_town_cannot_act_in_the_district(halls):
    district_window = halls.window_id(HALL, 2)
    town_kiosk = halls.kiosk(0, TOWN)
    assert town_kiosk.post(f"/halls/{HALL}/tickets", {"service": "household"}).status_code == 403
    clerk = halls.user(1, "town_clerk")
    assert clerk.post(f"/windows/{district_window}/sign-in").status_code in REFUSED
    manager = halls.user(2, "town_manager")
    for method, path, body in (
        ("post", f"/windows/{district_window}/open", None),
        ("post", f"/windows/{district_window}/assign", {"user_id": None}),
        ("put", f"/windows/{district_window}/services", {"services": ["household"]}),
        ("put", f"/windows/{district_window}", {"name_zh": "改名"}),
        ("put", f"/halls/{HALL}/notice", {"notice_zh": "x", "notice_en": "x"}),
        ("post", f"/halls/{HALL}/devices", {"kind": "display", "name": "x"}),
        ("get", f"/windows/{district_window}/snapshot", None),
        ("get", f"/windows/{district_window}/console", None),
    ):
        r = (
            getattr(manager, method)(path, body)
            if body is not None
            else getattr(manager, method)(path)
        )
        assert r.status_code in REFUSED, (method, path, r.status_code, r.text)
    board = halls.user(0, "admin").get(f"/halls/{HALL}/windows").json()
    window = next(w for w in board if w["id"] == district_window)
    assert window["clerk"] is None and window["name_zh"] != "改名", "nothing changed"


def test_a_town_manager_cannot_reach_district_rows_through_the_town_url(halls):
    admin = halls.user(0, "admin")
    district_ticket = admin.get(f"/halls/{HALL}/waiting").json()[0]
    district_user = next(
        u for u in admin.get(f"/halls/{HALL}/users").json() if u["username"] == "clerk1"
    )
    district_device = admin.get(f"/halls/{HALL}/devices").json()[0]
    manager = halls.user(1, "town_manager")
    reroute = manager.post(
        f"/halls/{TOWN}/tickets/{district_ticket['id']}/reroute", {"service": "civil_affairs"}
    )
    assert reroute.status_code in REFUSED, reroute.text
    assert manager.put(f"/users/{district_user['id']}", {"name": "x"}).status_code in REFUSED
    revoked = manager.post(f"/devices/{district_device['id']}/revoke")
    assert revoked.status_code in REFUSED, revoked.text
    after = admin.get(f"/halls/{HALL}/waiting").json()
    assert district_ticket["id"] in {t["id"] for t in after}, "the district ticket is untouched"


def test_events_of_one_hall_never_reach_the_other_halls_screens(halls):
    town_display = halls.display(0, TOWN)
    district_display = halls.display(1, HALL)
    admin_on_town = halls.staff_socket(2, "admin", TOWN)
    town_manager = halls.staff_socket(0, "town_manager")
    assert halls.kiosk(2).post(f"/halls/{HALL}/tickets", {"service": "household"}).ok
    window = halls.window_id(HALL, 3)
    clerk = halls.clerk(0, "clerk2", window)
    number = clerk.post(f"/windows/{window}/call-next").json()["number"]
    district_display.wait_for(lambda n, d: n == "ticket.called" and d["number"] == number)
    town_ticket = halls.kiosk(1, TOWN).post(f"/halls/{TOWN}/tickets", {"service": "civil_affairs"})
    town_number = town_ticket.json()["number"]
    town_window = halls.window_id(TOWN, 3)
    town_clerk = halls.clerk(1, "town_clerk", town_window)
    assert town_clerk.post(f"/windows/{town_window}/call-next").json()["number"] == town_number
    # the town's own call arrives after the district's (same Redis channel, in order)
    for screen in (town_display, admin_on_town, town_manager):
        screen.wait_for(lambda n, d: n == "ticket.called" and d["number"] == town_number)
        called = screen.named("ticket.called")
        assert all(d["window"]["id"] != window for d in called), "a district call leaked"
