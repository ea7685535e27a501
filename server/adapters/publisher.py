"""The event publisher: the only code that emits Socket.IO messages, always after commit."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

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
    return f"window:{window_id}"


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


def route(event: object) -> tuple[str, dict[str, Any], list[str]]:
    """Map a use-case event to (Socket.IO event name, payload, rooms)."""
    match event:
        case TicketIssued(hall_id=hall, ticket=ticket):
            return "ticket.issued", ticket, [staff_room(hall)]
        case TicketChanged(kind=kind, hall_id=hall, ticket=ticket, window=window, token=token):
            payload = {**ticket, "event": kind}
            public = kind in ("called", "recalled")  # what the wall display shows and says
            rooms = [hall_room(hall) if public else staff_room(hall), ticket_room(token)]
            if window is not None:
                rooms.append(window_room(window["id"]))
                if kind in ("called", "recalled"):
                    payload["announcement"] = announcement(ticket["number"], window)
            if ticket.get("target_window_id"):
                rooms.append(window_room(ticket["target_window_id"]))
            return f"ticket.{kind}", payload, rooms
        case WindowChanged(window=window):
            # At once to the window's own screens; the hall room hears it coalesced below.
            return "window.status", window, [window_room(window["id"])]
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
            payload = {"day": day, "closed": closed, "carried": carried}
            payload["announcement"] = day_end_announcement(len(closed), len(carried))
            return "day.ended", payload, [hall_room(hall)]
    return _route_manage(event)


def _route_manage(event: object) -> tuple[str, dict[str, Any], list[str]]:
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


class SocketIOPublisher:
    """Emit each event to its rooms; a stale line summary is handed to `on_lines_stale`, a
    window's new state (for the hall's rooms) to `on_window_changed`.

    Every issue, call and finish changes the lines, and every call and finish a window. The
    web layer decides how often their summaries are sent to the hundreds of displays
    (coalesced per hall), then publishes them as LinesChanged and WindowsChanged.
    """

    def __init__(self, socketio: Any) -> None:
        self.socketio = socketio
        self.on_lines_stale: Callable[[str], None] | None = None
        self.on_window_changed: Callable[[str, dict[str, Any]], None] | None = None

    def publish(self, events: list[object]) -> None:
        stale: dict[str, None] = {}
        for event in events:
            if isinstance(event, LinesStale):
                stale[event.hall_id] = None
                continue
            name, payload, rooms = route(event)
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

    def _disconnect_device(self, device_id: int) -> None:
        """A revoked device keeps no connection: it hears nothing more from now on.

        This closes the connections held by this process; with a message queue, the
        disconnect of each is passed on, yet a connection on another process is found only
        by that process (python-socketio lists a room's local members only).
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
