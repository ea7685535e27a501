"""Domain errors: each has a stable code and parameters; the web edge words them in zh and en."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule refused an action; nothing was changed."""

    code = "domain_error"
    status = 409

    def __init__(self, **params: Any) -> None:
        self.params = params
        super().__init__(f"{self.code} {params}" if params else self.code)


class IllegalMove(DomainError):
    code = "illegal_move"


class NotFound(DomainError):
    code = "not_found"
    status = 404


class UnknownService(DomainError):
    code = "unknown_service"
    status = 404


class UnknownWindow(DomainError):
    code = "unknown_window"
    status = 404


class UnknownTicket(DomainError):
    code = "unknown_ticket"
    status = 404


class DailyCapReached(DomainError):
    code = "daily_cap_reached"


class HallClosed(DomainError):
    code = "hall_closed"


class InvalidIdNumber(DomainError):
    code = "invalid_id_number"
    status = 422


class WindowNotOpen(DomainError):
    code = "window_not_open"


class WindowBusy(DomainError):
    code = "window_busy"


class CallTooSoon(DomainError):
    code = "call_too_soon"
    status = 429


class QueueEmpty(DomainError):
    code = "queue_empty"


class NotYourWindow(DomainError):
    code = "not_your_window"
    status = 403


class RecallLimitReached(DomainError):
    code = "recall_limit_reached"


class RejoinNotAllowed(DomainError):
    code = "rejoin_not_allowed"


class AlreadyRated(DomainError):
    code = "already_rated"


class NotRateable(DomainError):
    code = "not_rateable"


class ServiceNotServedHere(DomainError):
    code = "service_not_served_here"


class AlreadyWaiting(DomainError):
    """One person holds one live ticket per service (stops number hoarding)."""

    code = "already_waiting"


class WindowTaken(DomainError):
    code = "window_taken"


class ConcurrentUpdate(DomainError):
    """Someone else changed the row first; the use case is retried."""

    code = "concurrent_update"


class InvalidValue(DomainError):
    """A field of an edit is out of range or malformed: `field` names it, `reason` says how."""

    code = "invalid_value"
    status = 400


def invalid(field: str, reason: str, reason_zh: str) -> InvalidValue:
    """A bad value of `field`, with why in English and Chinese (the edge picks the words)."""
    return InvalidValue(field=field, reason=reason, reason_zh=reason_zh)


class NotYourHall(DomainError):
    """A manager acting on something of another hall."""

    code = "not_your_hall"
    status = 403


class RoleNotAllowed(DomainError):
    """A manager may not make (or edit) an admin."""

    code = "role_not_allowed"
    status = 403


class ServiceExists(DomainError):
    code = "service_exists"


class PrefixTaken(DomainError):
    code = "prefix_taken"


class ServiceInUse(DomainError):
    """Tickets of the service still wait today: re-route them before deactivating it."""

    code = "service_in_use"


class WindowNumberTaken(DomainError):
    code = "window_number_taken"


class UsernameTaken(DomainError):
    code = "username_taken"


class OwnAccount(DomainError):
    """A manager may not lock themselves out (deactivate or demote their own account)."""

    code = "own_account"


class UnknownUser(DomainError):
    code = "unknown_user"
    status = 404


class UnknownDevice(DomainError):
    code = "unknown_device"
    status = 404


class UnknownFollowUp(DomainError):
    code = "unknown_followup"
    status = 404


class FollowUpClosed(DomainError):
    code = "followup_closed"


class TicketNotWaiting(DomainError):
    code = "ticket_not_waiting"


class RatingExpired(DomainError):
    """The ticket was finished too long ago to be rated on the window's pad."""

    code = "rating_expired"
