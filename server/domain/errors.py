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
