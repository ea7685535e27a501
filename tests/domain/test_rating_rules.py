"""Rating right after service (办完即评): only finished tickets, once, bad ones followed up."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from server.domain.errors import AlreadyRated, NotRateable
from server.domain.rating import FollowUp, Rating, RatingLevel, rate
from server.domain.ticket import Ticket, TicketStatus

NOW = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
GOOD = [RatingLevel.VERY_SATISFIED, RatingLevel.SATISFIED, RatingLevel.BASICALLY_SATISFIED]
BAD = [RatingLevel.DISSATISFIED, RatingLevel.VERY_DISSATISFIED]


def ticket(status: TicketStatus = TicketStatus.DONE, ticket_id: int | None = 42) -> Ticket:
    return Ticket(
        id=ticket_id,
        hall_id="dingcheng",
        day=date(2026, 11, 23),
        number="A042",
        service_code="social_security",
        token="tok-42",
        issued_at=NOW,
        queue_at=NOW,
        status=status,
        window_id=3,
    )


def test_the_five_national_levels_run_from_five_to_one() -> None:
    assert [level.value for level in RatingLevel] == [5, 4, 3, 2, 1]
    assert [level.is_bad for level in RatingLevel] == [False, False, False, True, True]


@pytest.mark.parametrize("level", GOOD)
def test_a_good_rating_is_recorded_without_a_follow_up(level: RatingLevel) -> None:
    rating, follow_up = rate(ticket(), level, ("态度好",), already_rated=False, now=NOW)

    assert rating == Rating(42, "dingcheng", 3, level, ("态度好",), NOW)
    assert follow_up is None


@pytest.mark.parametrize("level", BAD)
def test_a_bad_rating_opens_a_follow_up(level: RatingLevel) -> None:
    rating, follow_up = rate(ticket(), level, ("等候太久",), already_rated=False, now=NOW)

    assert rating.level is level
    assert follow_up == FollowUp("dingcheng", 42, NOW)


@pytest.mark.parametrize("status", [s for s in TicketStatus if s is not TicketStatus.DONE])
def test_only_a_finished_ticket_may_be_rated(status: TicketStatus) -> None:
    with pytest.raises(NotRateable) as refused:
        rate(ticket(status), RatingLevel.SATISFIED, (), already_rated=False, now=NOW)

    assert refused.value.params == {"number": "A042", "state": status.value}


def test_a_ticket_not_yet_stored_may_not_be_rated() -> None:
    with pytest.raises(NotRateable):
        rate(ticket(ticket_id=None), RatingLevel.SATISFIED, (), already_rated=False, now=NOW)


def test_a_ticket_is_rated_once() -> None:
    with pytest.raises(AlreadyRated) as refused:
        rate(ticket(), RatingLevel.VERY_DISSATISFIED, (), already_rated=True, now=NOW)

    assert refused.value.params == {"number": "A042"}
