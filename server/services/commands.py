"""Commands: what a caller asks of a use case, as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from server.domain.booking_guard import Proof
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
    request_key: str | None = None  # the caller's scoped Idempotency-Key (a retry: same ticket)
    request_digest: str | None = None  # what the outer request asked (check-in), else derived


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


# -- the manager console
@dataclass(frozen=True)
class AssignClerk:
    window_id: int
    actor: Actor
    user_id: int | None  # None frees the window


@dataclass(frozen=True)
class SetWindowServices:
    window_id: int
    actor: Actor
    services: tuple[str, ...]


@dataclass(frozen=True)
class Reroute:
    hall_id: str
    ticket_id: int
    actor: Actor
    service: str | None = None
    window_id: int | None = None


@dataclass(frozen=True)
class SetNotice:
    hall_id: str
    actor: Actor
    notice_zh: str
    notice_en: str


@dataclass(frozen=True)
class CloseFollowUp:
    follow_up_id: int
    actor: Actor
    note: str


@dataclass(frozen=True)
class EditService:
    """Add (code new) or edit a service; `changes` holds only the fields given."""

    hall_id: str
    actor: Actor
    code: str
    changes: dict[str, Any]
    create: bool = False


@dataclass(frozen=True)
class EditWindow:
    """Add a window (window_id None, hall_id given) or edit one; `changes` as given."""

    actor: Actor
    changes: dict[str, Any]
    window_id: int | None = None
    hall_id: str | None = None


@dataclass(frozen=True)
class AddUser:
    hall_id: str
    actor: Actor
    username: str
    password: str
    role: str
    name: str = ""


@dataclass(frozen=True)
class EditUser:
    user_id: int
    actor: Actor
    role: str | None = None
    name: str | None = None
    active: bool | None = None
    password: str | None = None


@dataclass(frozen=True)
class AddDevice:
    hall_id: str
    actor: Actor
    kind: str
    name: str
    window_id: int | None = None


@dataclass(frozen=True)
class DeviceCommand:
    device_id: int
    actor: Actor


# -- appointments (预约)
@dataclass(frozen=True)
class Book:
    hall_id: str
    service_code: str
    day: date
    start: time
    name: str
    id_number: str
    phone: str
    address: str | None = None  # the public page's client address (None: staff, a kiosk)
    proof: Proof | None = None  # a proof of work, when the address was asked for one
    phone_code: str | None = None  # the SMS code, when the hall verifies phones


@dataclass(frozen=True)
class ChangeBooking:
    hall_id: str
    code: str
    id_number: str
    day: date
    start: time


@dataclass(frozen=True)
class CancelBooking:
    hall_id: str
    code: str
    id_number: str


@dataclass(frozen=True)
class CheckIn:
    hall_id: str
    actor: Actor
    booking_code: str | None = None
    id_number: str | None = None
    request_key: str | None = None  # scoped Idempotency-Key (server/domain/idempotency.py)
    request_digest: str | None = None  # what the outer request asked (face check-in)
