"""The line's refusals: issuing tickets, windows calling and serving, ratings."""

from __future__ import annotations

from server.domain.errors.base import DomainError, Kind


class UnknownService(DomainError):
    code = "unknown_service"
    kind = Kind.NOT_FOUND


class UnknownWindow(DomainError):
    code = "unknown_window"
    kind = Kind.NOT_FOUND


class UnknownTicket(DomainError):
    code = "unknown_ticket"
    kind = Kind.NOT_FOUND


class DailyCapReached(DomainError):
    code = "daily_cap_reached"


class HallClosed(DomainError):
    code = "hall_closed"


class InvalidIdNumber(DomainError):
    code = "invalid_id_number"
    kind = Kind.REJECTED


class WindowNotOpen(DomainError):
    code = "window_not_open"


class WindowBusy(DomainError):
    code = "window_busy"


class CallTooSoon(DomainError):
    code = "call_too_soon"
    kind = Kind.LIMIT_REACHED


class QueueEmpty(DomainError):
    code = "queue_empty"


class NotYourWindow(DomainError):
    code = "not_your_window"
    kind = Kind.NOT_ALLOWED


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


class TicketNotWaiting(DomainError):
    code = "ticket_not_waiting"


class RatingExpired(DomainError):
    """The ticket was finished too long ago to be rated on the window's pad."""

    code = "rating_expired"
