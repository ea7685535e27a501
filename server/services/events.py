"""Events a use case announces after commit; each carries the data it announces."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeAlias

# A use case's view of what changed: a frozen dataclass of its results (a dict where a use
# case has none yet). The publisher (server/adapters/publisher.py) makes it JSON.
View: TypeAlias = Any


@dataclass(frozen=True)
class TicketIssued:
    hall_id: str
    ticket: View


@dataclass(frozen=True)
class TicketChanged:
    """kind: called, recalled, serving, done, no_show, transferred, rejoined, cancelled."""

    kind: str
    hall_id: str
    ticket: View
    window: View | None
    token: str


@dataclass(frozen=True)
class WindowChanged:
    hall_id: str
    window: View


@dataclass(frozen=True)
class LinesStale:
    """The hall's lines changed; the web layer computes and sends the summary (coalesced)."""

    hall_id: str


@dataclass(frozen=True)
class LinesChanged:
    hall_id: str
    lines: list[View]


@dataclass(frozen=True)
class WindowsChanged:
    """The latest state of each window that changed in the last interval (the hall's rooms)."""

    hall_id: str
    windows: list[View]


@dataclass(frozen=True)
class AlertRaised:
    hall_id: str
    alert: View


@dataclass(frozen=True)
class AlertCleared:
    hall_id: str
    alert: View


@dataclass(frozen=True)
class Rated:
    hall_id: str
    rating: View


@dataclass(frozen=True)
class NoticeChanged:
    """The hall's scrolling notice line (wall display)."""

    hall_id: str
    notice_zh: str
    notice_en: str


@dataclass(frozen=True)
class ServiceChanged:
    """A service was added or edited (or deactivated: `service["active"]` is False)."""

    hall_id: str
    service: View


@dataclass(frozen=True)
class WindowClerk:
    """Who staffs a window now (the manager moved a clerk): clerk {id, name} or None."""

    hall_id: str
    window_id: int
    clerk: View | None


@dataclass(frozen=True)
class DeviceStatus:
    """A device came online, went offline, was revoked, or reported its printer."""

    hall_id: str
    device: View


@dataclass(frozen=True)
class FollowUpDone:
    hall_id: str
    follow_up: View


@dataclass(frozen=True)
class UserChanged:
    hall_id: str
    user: View


@dataclass(frozen=True)
class Audited:
    """A manager's change was written to the audit log."""

    hall_id: str
    entry: View


@dataclass(frozen=True)
class AppointmentChanged:
    """kind: booked, changed, cancelled, checked_in; the view is masked."""

    kind: str
    hall_id: str
    appointment: View


@dataclass(frozen=True)
class CaseChanged:
    """kind: opened or a move (review, approve, reject, ready, deliver, materials)."""

    kind: str
    hall_id: str
    case: View


@dataclass(frozen=True)
class DayEnded:
    """A new service day began with tickets left waiting: these were closed or carried over."""

    hall_id: str
    day: str
    closed: list[str]
    carried: list[str]


@dataclass(frozen=True)
class KioskHelp:
    """A kiosk calls for staff (published to the managers' room as `kiosk.help`)."""

    hall_id: str
    request: View


@dataclass(frozen=True)
class SessionsEnded:
    """Every session of a user is over (signed out; new password or role; deactivated): the
    publisher makes their stamp stale and closes each of their sockets, on any process."""

    user_id: int
