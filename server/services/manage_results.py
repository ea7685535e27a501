"""What the manager console's use cases answer (server/services/board.py, manage.py,
catalogue_admin.py): frozen dataclasses whose fields are the wire's keys."""

from __future__ import annotations

from dataclasses import dataclass

from server.services.alert_views import AnyAlertView
from server.services.records import DeviceView, StaffAccount
from server.services.supervision_results import FollowUpCard
from server.services.views import HallHeader, LineView, ServiceRef, TicketView


@dataclass(frozen=True, slots=True)
class StaffRef:
    """A staff member as a window names who staffs it."""

    id: int
    name: str


@dataclass(frozen=True, slots=True)
class BoardTicket(TicketView):
    """The ticket at a window on the manager's board: since when it is called or served, and
    for how many seconds."""

    since: str | None
    seconds: int | None


@dataclass(frozen=True, slots=True)
class BoardWindow:
    """A window on the manager's board: its state since when, its clerk and its ticket."""

    id: int
    number: int
    name_zh: str
    name_en: str
    kind: str
    state: str
    state_since: str | None
    pause_reason: str | None
    services: list[str]
    staffed: bool
    current: BoardTicket | None
    clerk: StaffRef | None
    since: str | None


@dataclass(frozen=True, slots=True)
class BoardLine(LineView):
    """A service's line on the manager's board, with how long its first ticket has waited."""

    longest_wait_seconds: int


@dataclass(frozen=True, slots=True)
class RatingsToday:
    """The day's ratings: how many, by level ("1" to "5"), the bad ones and the satisfied."""

    total: int
    by_level: dict[str, int]
    bad: int
    satisfied: int


@dataclass(frozen=True, slots=True)
class Board:
    """Everything the manager watches: windows, lines, warnings, ratings, devices and open
    follow-ups, as of `at`."""

    at: str
    hall: HallHeader
    windows: list[BoardWindow]
    lines: list[BoardLine]
    alerts: list[AnyAlertView]
    ratings_today: RatingsToday
    devices: list[DeviceView]
    followups: list[FollowUpCard]


@dataclass(frozen=True, slots=True)
class QueuedTicket:
    """A waiting ticket as the manager re-routes it: its place by issue time and its wait."""

    id: int | None
    number: str
    service: ServiceRef
    priority: str
    issued_at: str | None
    waited_seconds: int | None
    target_window_id: int | None


@dataclass(frozen=True, slots=True)
class ServiceSettings:
    """A service as the manager edits it: names, prefix, the window kinds that serve it, its
    times (expected, yellow, red minutes), promised days, daily cap, and whether it is on."""

    code: str
    name_zh: str
    name_en: str
    prefix: str
    category: str
    window_kinds: list[str]
    expected_minutes: float
    yellow_minutes: float
    red_minutes: float
    promised_days: int
    daily_cap: int | None
    active: bool


@dataclass(frozen=True, slots=True)
class HallStaffMember(StaffAccount):
    """A staff account of the hall with the window they are signed in to (null: none)."""

    window_id: int | None


@dataclass(frozen=True, slots=True)
class HallNotice:
    """The line that scrolls on the hall's wall display, in Chinese and English."""

    notice_zh: str
    notice_en: str
