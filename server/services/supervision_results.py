"""What the supervision use cases answer (server/services/supervision.py): the period report's
figures and the bad-rating follow-ups with their due-day cards; frozen dataclasses whose
fields are the wire's keys (definitions of the figures: server/domain/supervision.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from pydantic import ConfigDict, Field, with_config

from server.services.booking_results import HallName


@dataclass(frozen=True, slots=True)
class TicketFigures:
    """Tickets of the period: how many, called, finished, the waits and the shares."""

    tickets: int
    called: int
    finished: int
    average_wait_minutes: float | None
    p90_wait_minutes: float | None
    within_target_share: float | None
    no_show_rate: float | None


@dataclass(frozen=True, slots=True)
class CaseFigures:
    """Cases decided in the period and how many of them within their promise."""

    decided: int
    on_time: int
    on_time_share: float | None


@dataclass(frozen=True, slots=True)
class RatingFigures:
    """Ratings of the period: counts per level and each level's share per window, clerk and
    service ({name: {"5".."1": share}})."""

    ratings: int
    rating_rate: float | None
    satisfaction: float | None
    good_rate: float | None
    by_level: dict[str, int]
    by_window: dict[str, dict[str, float]]
    by_clerk: dict[str, dict[str, float]]
    by_service: dict[str, dict[str, float]]


@dataclass(frozen=True, slots=True)
class AppointmentFigures:
    """Bookings of the period: booked (not cancelled), checked in, missed."""

    booked: int
    checked_in: int
    no_shows: int
    no_show_rate: float | None


# "from" and "to" are Python keywords: the fields carry them as aliases, written by alias.
@with_config(ConfigDict(serialize_by_alias=True))
@dataclass(frozen=True, slots=True)
class SupervisionReport:
    """The supervision figures of the service days from..to (shares 0..1, null when there is
    nothing to count)."""

    hall: HallName
    first: Annotated[str, Field(alias="from")]
    last: Annotated[str, Field(alias="to")]
    at: str
    tickets: TicketFigures
    cases: CaseFigures
    ratings: RatingFigures
    appointments: AppointmentFigures


@dataclass(frozen=True, slots=True)
class FollowUpCard:
    """An open bad-rating follow-up (差评回访) with its due day, its card (red: overdue,
    yellow: the last working day) and working days over."""

    id: int
    hall_id: str
    rating_id: int
    ticket_id: int
    ticket: str
    window_id: int | None
    window: int | None
    level: int
    reasons: list[str]
    opened_at: str | None
    due_at: str | None
    closed_at: str | None
    closed_by: int | None
    note: str | None
    due_on: str | None
    card: str | None
    days_over: int | None
