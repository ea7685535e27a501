"""Every live event carries only what its audience may read.

A socket's rooms are all of one audience (server/adapters/publisher.py): the hall's public
screens (hall:<id>, device:<id>: wall display, kiosk), a window's own devices facing the
citizen (window:<id>, device:<id>: rating pad, counter screen), the citizen's phone
(ticket:<token>) and staff (hall:, staff:, manage:, desk:). Below is, per audience, each event
it may hear and the fields that event may carry there. The flows of a day (a ticket called,
recalled, transferred with a clerk's note full of personal data, served, rated, a no-show
rejoining, a pause long enough to warn, a manager's changes, a kiosk asking for help, the day
ending) run through the served app while real Socket.IO clients of each audience listen; no
event may reach an audience that is not listed for it, nor carry a field outside its list,
and the note, the masked name and the masked ID appear nowhere a stranger could read them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from server.adapters.accounts import issue_device_token
from server.adapters.publisher import route
from server.domain.personal import id_check_char
from server.services import events as ev
from server.services.day_end import end_past_days
from server.services.snapshot import refresh_alerts
from tests.security.live_clients import Browser, Listener, Served, listen, served
from tests.server.conftest import HALL

ID_NUMBER = "43010219900202456" + id_check_char("43010219900202456")
NOTE = "请复核：王小明 身份证430102198507071234 电话13800138000"  # free text: anything

# -- What each audience may read (the spec; the publisher's own lists are not imported).


def fields(names: str) -> frozenset[str]:
    return frozenset(names.split())


TICKET_PUBLIC = fields("id number service status issued_at called_at window target_window_id"
                       " recall_count event announcement")  # fmt: skip
# The phone reads its own ticket as GET /tickets/<token> shows it, its case, why it closed.
TICKET_PHONE = TICKET_PUBLIC | fields("priority name_masked id_masked ahead estimated_minutes"
                                      " case reason")  # fmt: skip
TICKET_STAFF = TICKET_PHONE | fields("note")
TICKET_KINDS = fields("called recalled serving done no_show transferred rejoined cancelled")
WINDOW = fields("id number name_zh name_en kind state state_since pause_reason services"
                " staffed current")  # fmt: skip
ALERT = fields("kind subject level since number service window_id window reason department"
               " count device_id device fault")  # fmt: skip
SERVICE = fields("code name_zh name_en prefix category window_kinds expected_minutes"
                 " yellow_minutes red_minutes instant promised_days daily_cap identity_check"
                 " active")  # fmt: skip
DEVICE = fields("id hall_id kind name window_id created_at revoked revoked_at online sockets"
                " last_seen_at last_request_at printer reader camera health_at offline"
                " offline_at offline_since reported_at faults")  # fmt: skip
HALL_WIDE = {
    "windows.status": fields("windows"),
    "queue.lengths": fields("lines"),
    "warning.raised": ALERT,
    "warning.cleared": ALERT,
    "day.ended": fields("day closed carried announcement"),
    "hall.notice": fields("hall_id notice_zh notice_en"),
    "service.changed": SERVICE,
}
PUBLIC_SCREEN = {"ticket.called": TICKET_PUBLIC, "ticket.recalled": TICKET_PUBLIC, **HALL_WIDE}
WINDOW_DEVICE = {
    **{f"ticket.{kind}": TICKET_PUBLIC for kind in TICKET_KINDS},
    "window.status": WINDOW,
    "window.clerk": fields("window_id clerk"),
    "device.status": DEVICE,
}
PHONE = {f"ticket.{kind}": TICKET_PHONE for kind in TICKET_KINDS}
STAFF = {
    **HALL_WIDE,
    **{f"ticket.{kind}": TICKET_STAFF for kind in TICKET_KINDS},
    # a call is heard in the hall room, in the words the screens hear
    "ticket.called": TICKET_PUBLIC,
    "ticket.recalled": TICKET_PUBLIC,
    "ticket.issued": TICKET_STAFF - fields("event announcement note"),
    "window.status": WINDOW,
    "window.clerk": fields("window_id clerk"),
    "device.status": DEVICE,
    "rating.received": fields(
        "id ticket_id ticket number window_id level level_name reasons at follow_up clerk_id"
    ),  # fmt: skip
    "case.opened": fields(
        "id number service status accepted_at accepted_on deadline"
        " promise_date promised_days days_left days_over card card_since"
        " department window_id name_masked id_masked steps ticket_id"
        " delivery materials missing material_overdue reason remedy"
        " tracking"
    ),  # fmt: skip
    "user.changed": fields("id username role hall_id name active"),
    "audit.recorded": fields(
        "id at actor actor_id actor_name action subject before after hall_id"
    ),  # fmt: skip
    "kiosk.help": fields("id at reason message device service ticket"),
}
AUDIENCES = {"public screen": PUBLIC_SCREEN, "window device": WINDOW_DEVICE, "phone": PHONE,
             "staff": STAFF}  # fmt: skip


@pytest.fixture
def live(tmp_path: Any) -> Iterator[Served]:
    with served(f"sqlite:///{tmp_path / 'hall.sqlite3'}") as s:
        yield s


def _staff(live: Served, username: str, window: int | None = None) -> Browser:
    browser = Browser(live.url).sign_in(username, live.hall.password(username))
    if window is not None:
        assert browser.post(f"/windows/{window}/sign-in").status_code == 200
    return browser


def _device(live: Served, kind: str, window: int | None = None) -> Listener:
    token = issue_device_token(live.hall.engine, HALL, kind, f"{kind} {window}",
                               live.hall.clock.now(), window)  # fmt: skip
    return listen(live.url, {"token": token})


def _day(live: Served, clerk: Browser, other: Browser, manager: Browser,
         phones: list[Listener]) -> dict[str, Any]:  # fmt: skip
    """A day's flows; returns the ticket transferred with the note. Each phone listens from
    its ticket's issue."""
    kiosk = Browser(live.url, live.hall.accounts.kiosk_token)
    body = {"service": "civil_affairs", "priority": "elderly", "id_number": ID_NUMBER,
            "name": "王小明"}  # fmt: skip
    ticket = kiosk.post(f"/halls/{HALL}/tickets", body).json()
    phones.append(listen(live.url, {"ticket": ticket["token"]}))
    assert clerk.post("/windows/2/call-next").json()["number"] == ticket["number"]
    assert clerk.post("/windows/2/recall").status_code == 200
    assert clerk.post("/windows/2/start").status_code == 200
    moved = clerk.post("/windows/2/transfer", {"window_id": 3, "note": NOTE})
    assert moved.status_code == 200, moved.text
    assert other.post("/windows/3/call-next").json()["number"] == ticket["number"]
    assert other.post("/windows/3/start").status_code == 200
    done = other.post("/windows/3/finish", {"outcome": "accepted"}).json()
    assert done["case"], "a promised matter accepted: a case"
    assert Browser(live.url).post(f"/tickets/{ticket['token']}/rating", {"level": 1}).ok
    # A no-show rejoins and is cancelled; a waiting ticket is rerouted by the manager.
    live.hall.clock.advance(minutes=2)
    missed = kiosk.post(f"/halls/{HALL}/tickets", {"service": "household"}).json()
    phones.append(listen(live.url, {"ticket": missed["token"]}))
    assert clerk.post("/windows/2/call-next").json()["number"] == missed["number"]
    assert clerk.post("/windows/2/no-show").status_code == 200
    assert kiosk.post(f"/tickets/{missed['token']}/rejoin").status_code == 200
    assert kiosk.post(f"/tickets/{missed['token']}/cancel").status_code == 200
    waiting = kiosk.post(f"/halls/{HALL}/tickets", {"service": "household"}).json()
    path = f"/halls/{HALL}/tickets/{waiting['id']}/reroute"
    assert manager.post(path, {"service": "elderly_card"}).status_code == 200
    # A long pause warns the hall; the manager's changes; a kiosk asks for help.
    assert clerk.post("/windows/2/pause", {"reason": "午休"}).status_code == 200
    live.hall.clock.advance(minutes=20)
    live.hall.runtime.execute(refresh_alerts, HALL)
    assert clerk.post("/windows/2/resume").status_code == 200
    live.hall.runtime.execute(refresh_alerts, HALL)
    notice = {"notice_zh": "午间照常办理", "notice_en": "Open at noon"}
    assert manager.put(f"/halls/{HALL}/notice", notice).ok
    assert manager.put(f"/halls/{HALL}/services/household", {"expected_minutes": 10}).ok
    assert manager.post("/windows/4/assign", {"user_id": 4}).ok
    new_user = {"username": "zhaoliu", "password": "long-enough-pw", "role": "clerk"}
    assert manager.post(f"/halls/{HALL}/users", new_user).status_code == 201
    help_body = {"reason": "identity_manual", "ticket_token": waiting["token"]}
    assert kiosk.post("/devices/me/help", help_body).status_code == 201
    # Midnight with a ticket still waiting: the day ends. Then both windows pause: the last
    # thing each window's devices hear.
    live.hall.clock.advance(hours=24)
    live.hall.runtime.execute(end_past_days, HALL)
    for browser, window in ((clerk, 2), (other, 3)):
        assert browser.post(f"/windows/{window}/pause", {"reason": "收尾"}).status_code == 200
    return ticket


def _wrong(audience: str, name: str, payload: Any, personal: list[str]) -> list[Any]:
    """What is wrong with one event an audience heard (nothing: [])."""
    allowed = AUDIENCES[audience]
    if name not in allowed:
        return [(audience, name, "must not hear this event at all")]
    found: list[Any] = []
    extra = set(payload) - allowed[name]
    if extra:
        found.append((audience, name, sorted(extra)))
    text = json.dumps(payload, ensure_ascii=False)
    # No one reads the ID number; the phone its own masked name and ID; staff the note.
    secrets = {"staff": [ID_NUMBER], "phone": [NOTE, ID_NUMBER]}.get(audience, personal)
    leaked = [s for s in secrets if s in text]
    if leaked:
        found.append((audience, name, leaked))
    return found


def test_every_event_carries_only_what_its_audience_may_read(live: Served) -> None:
    manager = _staff(live, "manager")
    clerk = _staff(live, "clerk1", window=2)
    other = _staff(live, "clerk2", window=3)
    phones: list[Listener] = []
    listeners = {
        "public screen": [listen(live.url, {"token": live.hall.accounts.display_token}),
                          listen(live.url, {"token": live.hall.accounts.kiosk_token})],
        "window device": [_device(live, "rating_pad", 2), _device(live, "counter", 3)],
        "phone": phones,
        "staff": [listen(live.url, cookie=b.cookie) for b in (manager, clerk, other)],
    }  # fmt: skip
    ticket = _day(live, clerk, other, manager, phones)
    # Each client has heard the last event sent to it, so every one before it as well.
    last = {"ticket.done", "ticket.cancelled"}
    for listener in listeners["public screen"] + listeners["staff"]:
        listener.wait_for(lambda n, _: n == "day.ended")
    for listener in listeners["window device"]:
        listener.wait_for(lambda n, d: n == "window.status" and d["pause_reason"] == "收尾")
    for listener in phones:
        listener.wait_for(lambda n, _: n in last)
    status = Browser(live.url).get(f"/tickets/{ticket['token']}").json()
    personal = [NOTE, status["name_masked"], status["id_masked"], ID_NUMBER]
    assert status["name_masked"] and status["id_masked"]

    wrong, heard = [], {audience: set[str]() for audience in AUDIENCES}
    for audience, clients in listeners.items():
        for listener in clients:
            for name, payload in listener.got:
                if name not in ("snapshot", "(disconnected)"):
                    heard[audience].add(name)
                    wrong += _wrong(audience, name, payload, personal)
    assert not wrong, sorted(set(map(repr, wrong)))

    # The flows reached every audience with what it is there for.
    assert {"ticket.called", "ticket.recalled", "warning.raised", "warning.cleared",
            "hall.notice", "service.changed", "day.ended"} <= heard["public screen"]  # fmt: skip
    assert {"ticket.transferred", "ticket.done", "window.status"} <= heard["window device"]
    assert {"ticket.transferred", "ticket.done", "ticket.rejoined", "ticket.cancelled"} <= (
        heard["phone"]
    )
    assert set(STAFF) - {"device.status"} <= heard["staff"], set(STAFF) - heard["staff"]
    # Staff still read the note: the clerk it was sent to sees it with the transfer, once
    # (the clerk's socket is in staff rooms only, never in the window's own room).
    sent = listeners["staff"][2].named("ticket.transferred")
    assert [d.get("note") for d in sent if d["id"] == ticket["id"]] == [NOTE]
    for client in [c for clients in listeners.values() for c in clients]:
        client.close()


def _audiences_of(room: str) -> set[str]:
    """Who listens in a room: staff are in the hall room too (they hear the screens' words)."""
    kind = room.split(":", 1)[0]
    return {"hall": {"public screen", "staff"}, "staff": {"staff"}, "manage": {"staff"},
            "desk": {"staff"}, "window": {"window device"}, "ticket": {"phone"}}[kind]  # fmt: skip


def test_no_listener_gets_two_versions_of_an_event_and_device_rooms_get_none() -> None:
    """Why each audience can be sent its own words: the versions of one event go to disjoint
    audiences (no socket hears it twice, no socket gets the staff version by being in a second
    room), the note only to staff, and device rooms hear nothing (they exist to close a
    revoked device's sockets)."""
    ticket = {"id": 1, "number": "A001", "window": {"id": 2, "number": 2}, "note": NOTE,
              "target_window_id": 3, "name_masked": "王*明"}  # fmt: skip
    window = {"id": 2, "number": 2, "name_zh": "2号", "name_en": "2"}
    samples: list[object] = [
        ev.TicketIssued(HALL, ticket),
        *[ev.TicketChanged(kind, HALL, ticket, window, "tok") for kind in TICKET_KINDS],
        ev.TicketChanged("transferred", HALL, ticket, None, "tok"),
        ev.WindowChanged(HALL, window), ev.WindowsChanged(HALL, [window]),
        ev.LinesChanged(HALL, []), ev.AlertRaised(HALL, {}), ev.AlertCleared(HALL, {}),
        ev.Rated(HALL, {}), ev.NoticeChanged(HALL, "", ""), ev.ServiceChanged(HALL, {}),
        ev.WindowClerk(HALL, 2, None), ev.DeviceStatus(HALL, {"window_id": 2}),
        ev.FollowUpDone(HALL, {}), ev.UserChanged(HALL, {}), ev.Audited(HALL, {}),
        ev.AppointmentChanged("booked", HALL, {}), ev.CaseChanged("opened", HALL, {}),
        ev.DayEnded(HALL, "2026-11-23", [], []), ev.KioskHelp(HALL, {"ticket": {}}),
    ]  # fmt: skip
    for event in samples:
        reached: set[str] = set()
        for name, payload, rooms in route(event):
            assert not any(r.startswith("device:") for r in rooms), (name, rooms)
            audiences = set().union(*(_audiences_of(r) for r in rooms))
            assert not audiences & reached, (name, rooms, "heard twice")
            reached |= audiences
            if audiences != {"staff"}:
                assert NOTE not in json.dumps(payload, ensure_ascii=False), (name, rooms)
