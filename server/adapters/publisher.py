"""The event publisher: the only code that emits Socket.IO messages, always after commit.

Each socket belongs to one audience, and every room it joins is of that audience:
- staff (signed-in users): `staff:<hall>`, `manage:<hall>`, `desk:<window>`, and `hall:<hall>`
  for what the hall's screens hear (staff hear the same words there);
- public screens (display, kiosk): `hall:<hall>`, `device:<id>`;
- a window's own devices (counter screen, rating pad), which face the citizen:
  `window:<id>`, `device:<id>`;
- a citizen's phone: `ticket:<token>`.
An event is sent once per audience, in the words that audience may read: a clerk's transfer
note, the masked name and ID and the priority (绿色通道 says why) reach staff only; the
citizen's own phone hears its ticket as its status page shows it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import fields, is_dataclass, replace
from typing import Any

from pydantic_core import to_jsonable_python

from server.i18n import translate
from server.services.events import (
    AlertCleared,
    AlertRaised,
    AppointmentChanged,
    Audited,
    CaseChanged,
    DayEnded,
    DeviceStatus,
    FollowUpDone,
    KioskHelp,
    LinesChanged,
    LinesStale,
    NoticeChanged,
    Rated,
    ServiceChanged,
    SessionsEnded,
    TicketChanged,
    TicketIssued,
    UserChanged,
    WindowChanged,
    WindowClerk,
    WindowsChanged,
)

log = logging.getLogger(__name__)

NAMESPACE = "/live"


def hall_room(hall_id: str) -> str:
    return f"hall:{hall_id}"


def staff_room(hall_id: str) -> str:
    """Clerks and managers: events the public screens have no use for."""
    return f"staff:{hall_id}"


def manage_room(hall_id: str) -> str:
    """Managers and admins watching the hall: the audit log and account changes."""
    return f"manage:{hall_id}"


def device_room(device_id: int) -> str:
    """Each connection of one device: closed when the device is revoked."""
    return f"device:{device_id}"


def window_room(window_id: int) -> str:
    """The window's own devices (counter screen, rating pad): the citizen at the window sees
    them, so they hear no staff-only words."""
    return f"window:{window_id}"


def desk_room(window_id: int) -> str:
    """The console of the user signed in to the window (staff)."""
    return f"desk:{window_id}"


def ticket_room(token: str) -> str:
    return f"ticket:{token}"


def announcement(number: str, window: dict[str, Any]) -> dict[str, str]:
    """What the hall says and shows for a call, Chinese first."""
    digits = "零一二三四五六七八九"
    spoken = "".join(digits[int(c)] if c.isdigit() else c for c in number)
    return {
        "zh": translate("call.announcement", "zh_CN", spoken=number, window=window["number"]),
        "zh_spoken": translate(
            "call.announcement", "zh_CN", spoken=spoken, window=window["number"]
        ),
        "en": translate("call.announcement", "en", number=number, window=window["number"]),
    }


def day_end_announcement(closed: int, carried: int) -> dict[str, str]:
    """What the hall shows when a new day begins with tickets left from the day before."""
    return {
        lang[:2]: translate("day_end.announcement", lang, closed=closed, carried=carried)
        for lang in ("zh_CN", "en")
    }


Delivery = tuple[str, dict[str, Any], list[str]]  # (Socket.IO event name, payload, rooms)

# What the public screens and a window's own devices may read of a ticket event.
PUBLIC_TICKET = frozenset(
    {"id", "number", "service", "status", "issued_at", "called_at", "window",
     "target_window_id", "recall_count", "event", "announcement"}
)  # fmt: skip
# The citizen's own phone: its ticket as its status page shows it (GET /tickets/<token>),
# its case, and why it was closed (a code: day_end).
CITIZEN_TICKET = PUBLIC_TICKET | {
    "priority", "name_masked", "id_masked", "ahead", "estimated_minutes", "case", "reason",
}  # fmt: skip
SPOKEN = ("called", "recalled")  # what the wall display shows and says


def _only(payload: dict[str, Any], fields: frozenset[str]) -> dict[str, Any]:
    return {k: v for k, v in payload.items() if k in fields}


def _ticket_changed(event: TicketChanged) -> list[Delivery]:
    """Staff hear everything (a call in the words of the hall room, where they hear it), the
    phone its own ticket, the windows' devices and the hall's screens the public part."""
    name, ticket, window = f"ticket.{event.kind}", event.ticket, event.window
    payload = {**ticket, "event": event.kind}
    windows = [] if window is None else [window["id"]]
    if ticket.get("target_window_id"):
        windows.append(ticket["target_window_id"])
    if event.kind in SPOKEN:
        if window is not None:
            payload["announcement"] = announcement(ticket["number"], window)
        staff = (name, _only(payload, PUBLIC_TICKET), [hall_room(event.hall_id)])
    else:
        staff = (name, payload, [staff_room(event.hall_id)])
    deliveries = [staff, (name, _only(payload, CITIZEN_TICKET), [ticket_room(event.token)])]
    if windows:
        deliveries.append((name, _only(payload, PUBLIC_TICKET), [window_room(w) for w in windows]))
    return deliveries


def route(event: object) -> list[Delivery]:
    """Map a use-case event to what each audience hears of it."""
    if isinstance(event, TicketChanged):
        return _ticket_changed(event)
    return [_route_one(event)]


def _route_one(event: object) -> Delivery:
    """Events every audience that hears them may read in full."""
    match event:
        case TicketIssued(hall_id=hall, ticket=ticket):
            return "ticket.issued", ticket, [staff_room(hall)]
        case WindowChanged(window=window):
            # At once to the window's own screens; the hall room hears it coalesced below.
            return "window.status", window, [window_room(window["id"]), desk_room(window["id"])]
        case WindowsChanged(hall_id=hall, windows=windows):
            return "windows.status", {"windows": windows}, [hall_room(hall)]
        case LinesChanged(hall_id=hall, lines=lines):
            return "queue.lengths", {"lines": lines}, [hall_room(hall)]
        case AlertRaised(hall_id=hall, alert=alert):
            return "warning.raised", alert, [hall_room(hall)]
        case AlertCleared(hall_id=hall, alert=alert):
            return "warning.cleared", alert, [hall_room(hall)]
        case Rated(hall_id=hall, rating=rating):
            return "rating.received", rating, [staff_room(hall)]
        case DayEnded(hall_id=hall, day=day, closed=closed, carried=carried):
            payload: dict[str, Any] = {"day": day, "closed": closed, "carried": carried}
            payload["announcement"] = day_end_announcement(len(closed), len(carried))
            return "day.ended", payload, [hall_room(hall)]
    return _route_manage(event)


def _route_manage(event: object) -> Delivery:
    """Events of the manager console's changes."""
    match event:
        case NoticeChanged(hall_id=hall, notice_zh=zh, notice_en=en):
            return (
                "hall.notice",
                {"hall_id": hall, "notice_zh": zh, "notice_en": en},
                [hall_room(hall)],
            )
        case ServiceChanged(hall_id=hall, service=service):
            return "service.changed", service, [hall_room(hall)]
        case WindowClerk(hall_id=hall, window_id=window_id, clerk=clerk):
            payload = {"window_id": window_id, "clerk": clerk}
            return "window.clerk", payload, [staff_room(hall), window_room(window_id)]
        case DeviceStatus(hall_id=hall, device=device):
            # Managers watch every device; a counter only its own window's rating pad.
            rooms = [manage_room(hall)]
            if device.get("window_id"):
                rooms.append(window_room(device["window_id"]))
            return "device.status", device, rooms
        case FollowUpDone(hall_id=hall, follow_up=follow_up):
            return "followup.closed", follow_up, [staff_room(hall)]
        case UserChanged(hall_id=hall, user=user):
            return "user.changed", user, [manage_room(hall)]
        case Audited(hall_id=hall, entry=entry):
            return "audit.recorded", entry, [manage_room(hall)]
        case AppointmentChanged(kind=kind, hall_id=hall, appointment=appointment):
            return f"appointment.{kind}", appointment, [staff_room(hall)]
        case CaseChanged(kind=kind, hall_id=hall, case=case):
            return f"case.{kind}", case, [staff_room(hall)]
        case KioskHelp(hall_id=hall, request=request):
            # Managers always; clerks too when a ticket's identity is to be checked at a window.
            rooms = [manage_room(hall)] + ([staff_room(hall)] if request.get("ticket") else [])
            return "kiosk.help", request, rooms
    raise TypeError(f"no route for event {event!r}")


def plain(event: object) -> object:
    """The event with its views (a use case's frozen dataclasses) as JSON-ready values."""
    if not is_dataclass(event) or isinstance(event, type):
        return event
    views = {
        f.name: to_jsonable_python(value)
        for f in fields(event)
        if is_dataclass(value := getattr(event, f.name)) or isinstance(value, list)
    }
    return replace(event, **views) if views else event


class SocketIOPublisher:
    """Emit each event to its rooms; a stale line summary is handed to `on_lines_stale`, a
    window's new state (for the hall's rooms) to `on_window_changed`.

    Every issue, call and finish changes the lines, and every call and finish a window. The
    web layer decides how often their summaries are sent to the hundreds of displays
    (coalesced per hall), then publishes them as LinesChanged and WindowsChanged.
    SessionsEnded goes to `revoke`, and every socket of the user it hands back is closed.
    """

    def __init__(self, socketio: Any, revoke: Callable[[int], list[str]]) -> None:
        self.socketio = socketio
        # revoke(user_id): end every session of the user (their stamp changes) and hand back
        # their sockets (server/adapters/sessions.py end_sessions)
        self.revoke = revoke
        self.on_lines_stale: Callable[[str], None] | None = None
        self.on_window_changed: Callable[[str, dict[str, Any]], None] | None = None

    def publish(self, events: list[object]) -> None:
        stale: dict[str, None] = {}
        for event in map(plain, events):
            if isinstance(event, LinesStale):
                stale[event.hall_id] = None
                continue
            if isinstance(event, SessionsEnded):
                self._end_sessions(event.user_id)
                continue
            for name, payload, rooms in route(event):
                self.socketio.emit(name, payload, to=rooms, namespace=NAMESPACE)
            if isinstance(event, WindowChanged):
                self._window_changed(event)
            if isinstance(event, DeviceStatus) and event.device.get("revoked"):
                self._disconnect_device(event.device["id"])
        if self.on_lines_stale is not None:
            for hall_id in stale:
                self.on_lines_stale(hall_id)

    def _window_changed(self, event: WindowChanged) -> None:
        if self.on_window_changed is None:  # nobody coalesces: the hall hears it at once
            self.publish([WindowsChanged(event.hall_id, [event.window])])
        else:
            self.on_window_changed(event.hall_id, event.window)

    def _end_sessions(self, user_id: int) -> None:
        """The user's sessions are over: close each of their sockets, on whichever process
        holds it (python-socketio passes the disconnect of another's through the queue)."""
        sids = self.revoke(user_id)
        server = self.socketio.server
        if server is None:
            return
        for sid in sids:
            server.disconnect(sid, namespace=NAMESPACE)

    def _disconnect_device(self, device_id: int) -> None:
        """A revoked device keeps no connection: it hears nothing more from now on.

        This closes the connections held by this process; a connection on another process
        is found only by that process (python-socketio lists a room's local members only),
        at its next tick (server/web/background.py disconnect_revoked, every few seconds).
        """
        server = self.socketio.server
        if server is None:
            return
        for sid, _eio_sid in list(
            server.manager.get_participants(NAMESPACE, device_room(device_id))
        ):
            server.disconnect(sid, namespace=NAMESPACE)

    def send_to(self, sid: str, name: str, payload: dict[str, Any]) -> None:
        """Send one client its snapshot on connect or reconnect."""
        self.socketio.emit(name, payload, to=sid, namespace=NAMESPACE)
