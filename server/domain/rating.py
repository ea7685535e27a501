"""Rating right after service (办完即评, 好差评) on the five national levels."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum

from server.domain.errors import AlreadyRated, NotRateable
from server.domain.ticket import Ticket, TicketStatus


class RatingLevel(IntEnum):
    VERY_SATISFIED = 5  # 非常满意
    SATISFIED = 4  # 满意
    BASICALLY_SATISFIED = 3  # 基本满意
    DISSATISFIED = 2  # 不满意
    VERY_DISSATISFIED = 1  # 非常不满意

    @property
    def is_bad(self) -> bool:
        return self <= RatingLevel.DISSATISFIED


@dataclass(frozen=True)
class Rating:
    ticket_id: int
    hall_id: str
    window_id: int | None
    level: RatingLevel
    reasons: tuple[str, ...]
    at: datetime


@dataclass(frozen=True)
class FollowUp:
    """A bad rating opens a follow-up that a manager must close (差评整改)."""

    hall_id: str
    ticket_id: int
    opened_at: datetime


def rate(
    ticket: Ticket, level: RatingLevel, reasons: tuple[str, ...], already_rated: bool, now: datetime
) -> tuple[Rating, FollowUp | None]:
    """Rate a finished ticket once; a bad rating also opens a follow-up."""
    if ticket.status is not TicketStatus.DONE or ticket.id is None:
        raise NotRateable(number=ticket.number, state=ticket.status.value)
    if already_rated:
        raise AlreadyRated(number=ticket.number)
    rating = Rating(ticket.id, ticket.hall_id, ticket.window_id, level, reasons, now)
    follow_up = FollowUp(ticket.hall_id, ticket.id, now) if level.is_bad else None
    return rating, follow_up
