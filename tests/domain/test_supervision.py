"""Supervision figures from plain facts: percentile, shares, edges of the definitions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from server.domain.supervision import (
    CaseFact,
    RatingFact,
    TicketFact,
    case_figures,
    percentile,
    rating_figures,
    ticket_figures,
)

T0 = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


def fact(wait: float | None, status: str = "done", target: float = 20) -> TicketFact:
    called = None if wait is None else T0 + timedelta(minutes=wait)
    return TicketFact("s", status, T0, called, target)


def test_nearest_rank_percentile():
    assert percentile([], 0.9) is None
    assert percentile([7], 0.9) == 7
    values = list(range(1, 11))  # 1..10: the 9th smallest
    assert percentile(values, 0.9) == 9
    assert percentile(list(range(1, 12)), 0.9) == 10  # ceil(9.9) = 10th


def test_ticket_figures_count_waits_of_called_tickets_only():
    figures = ticket_figures(
        [fact(10), fact(20), fact(21, "no_show"), fact(None, "waiting"), fact(None, "cancelled")]
    )
    assert figures["tickets"] == 5 and figures["called"] == 3 and figures["finished"] == 2
    assert figures["average_wait_minutes"] == 17.0 and figures["p90_wait_minutes"] == 21.0
    assert figures["within_target_share"] == round(2 / 3, 4), "20 minutes is within a 20 target"
    assert figures["no_show_rate"] == round(1 / 3, 4)
    assert ticket_figures([])["within_target_share"] is None


def test_cases_on_time_include_the_deadline_day():
    d = date(2026, 11, 30)
    figures = case_figures([CaseFact(d, d), CaseFact(d, date(2026, 12, 1)), CaseFact(d, None)])
    assert figures == {"decided": 2, "on_time": 1, "on_time_share": 0.5}


def test_rating_shares_per_group():
    ratings = [
        RatingFact(5, "1", "a", "x"),
        RatingFact(3, "1", "b", "x"),
        RatingFact(1, "2", "a", "y"),
    ]
    figures = rating_figures(ratings, finished=4)
    assert figures["rating_rate"] == 0.75
    assert figures["satisfaction"] == round(1 / 3, 4) and figures["good_rate"] == round(2 / 3, 4)
    assert figures["by_window"]["1"] == {"5": 0.5, "4": 0.0, "3": 0.5, "2": 0.0, "1": 0.0}
    assert figures["by_clerk"]["a"]["1"] == 0.5 and figures["by_service"]["y"]["1"] == 1.0
    assert rating_figures([], finished=0)["rating_rate"] is None
