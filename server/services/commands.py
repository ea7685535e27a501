"""Commands: what a caller asks of a use case, as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field

from server.domain.rating import RatingLevel
from server.domain.ticket import Outcome, Priority

STAFF_ROLES = frozenset({"clerk", "manager", "admin"})
MANAGER_ROLES = frozenset({"manager", "admin"})


@dataclass(frozen=True)
class Actor:
    """Who acts: a signed-in user (clerk, manager, admin) or a device (kiosk, display, pad)."""

    role: str
    hall_id: str | None
    user_id: int | None = None
    device_id: int | None = None

    @property
    def is_manager(self) -> bool:
        return self.role in MANAGER_ROLES


@dataclass(frozen=True)
class IssueTicket:
    hall_id: str
    service_code: str
    actor: Actor
    priority: Priority = Priority.NORMAL
    id_number: str | None = None
    name: str | None = None
    request_key: str | None = None


@dataclass(frozen=True)
class WindowCommand:
    """An action at a window; `ticket_id`, when given, must be the window's current ticket."""

    window_id: int
    actor: Actor
    ticket_id: int | None = None


@dataclass(frozen=True)
class Finish(WindowCommand):
    outcome: Outcome = Outcome.DONE


@dataclass(frozen=True)
class Transfer(WindowCommand):
    to_service: str | None = None
    to_window_id: int | None = None
    keep_place: bool | None = None
    note: str = ""


@dataclass(frozen=True)
class Pause(WindowCommand):
    reason: str = ""


@dataclass(frozen=True)
class TicketCommand:
    token: str
    actor: Actor


@dataclass(frozen=True)
class Rate(TicketCommand):
    level: RatingLevel = RatingLevel.VERY_SATISFIED
    reasons: tuple[str, ...] = field(default_factory=tuple)
