"""Place in line and estimated wait: who counts as ahead, over which windows, at which pace."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from server.domain.catalogue import Service, Window, WindowKind, WindowState
from server.domain.estimate import (
    Estimate,
    LineSummary,
    Reach,
    count_lines,
    estimate_wait,
    summarise_lines,
)
from server.domain.hall import RoutingPolicy
from server.domain.routing import Candidate, choose_next

NOW = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
GENERAL, SPECIAL, CONSULT = WindowKind.GENERAL, WindowKind.SPECIAL, WindowKind.CONSULT
OPEN, PAUSED, CLOSED = WindowState.OPEN, WindowState.PAUSED, WindowState.CLOSED
POLICY = RoutingPolicy()


def service(code: str, kind: WindowKind, expected: float) -> Service:
    return Service(code, code, code, code[0].upper(), frozenset({kind}), expected, 20, 40)


SERVICES = {
    s.code: s
    for s in (
        service("social_security", GENERAL, 8),
        service("medical_insurance", GENERAL, 6),
        service("real_estate", SPECIAL, 15),
        service("consultation", CONSULT, 4),
    )
}
GENERAL_CODES = {"social_security", "medical_insurance"}


def window(window_id: int, kind: WindowKind, services: set[str], state: WindowState) -> Window:
    return Window(
        id=window_id,
        hall_id="dingcheng",
        number=window_id,
        name_zh="窗口",
        name_en="Window",
        kind=kind,
        services=frozenset(services),
        state=state,
    )


def hall_windows(
    general: tuple[WindowState, ...] = (OPEN, OPEN),
    special: WindowState = CLOSED,
    consult: WindowState = OPEN,
) -> list[Window]:
    """Window 1 consult, 2.. general, 11 real estate."""
    windows = [window(1, CONSULT, {"consultation"}, consult)]
    windows += [window(2 + i, GENERAL, GENERAL_CODES, s) for i, s in enumerate(general)]
    windows.append(window(11, SPECIAL, {"real_estate"}, special))
    return windows


def ticket(
    ticket_id: int,
    service_code: str = "social_security",
    waited: float = 5,
    *,
    priority: bool = False,
    target: int | None = None,
) -> Candidate:
    issued_at = NOW - timedelta(minutes=waited)
    return Candidate(ticket_id, service_code, priority, issued_at, issued_at, target)


def estimate(
    mine: Candidate,
    others: list[Candidate],
    windows: list[Window] | None = None,
    mean: dict[str, float] | None = None,
) -> Estimate:
    reach = Reach(hall_windows() if windows is None else windows, SERVICES)
    return estimate_wait(mine, [mine, *others], reach, mean or {}, POLICY, NOW)


# Who is ahead


def test_alone_in_line_nobody_is_ahead_and_the_wait_is_zero() -> None:
    assert estimate(ticket(1), []) == Estimate(ahead=0, minutes=0.0, open_windows=2)


def test_only_tickets_that_rank_ahead_count() -> None:
    mine = ticket(10, waited=10)
    others = [ticket(1, waited=20), ticket(2, waited=15), ticket(3, waited=5), ticket(4, waited=1)]

    assert estimate(mine, others).ahead == 2


def test_a_newer_priority_ticket_counts_as_ahead_of_a_normal_one() -> None:
    mine = ticket(10, waited=10)

    assert estimate(mine, [ticket(1, waited=1, priority=True)]).ahead == 1


def test_a_priority_ticket_has_ahead_only_older_priority_and_aged_tickets() -> None:
    mine = ticket(10, waited=1, priority=True)
    others = [
        ticket(1, waited=30),  # normal, not yet red: behind a priority ticket
        ticket(2, waited=45),  # normal past red (40): aged, ranks with priority, older
        ticket(3, waited=5, priority=True),
        ticket(4, waited=0.5, priority=True),
    ]

    assert estimate(mine, others).ahead == 2


def test_tickets_of_other_services_count_when_they_compete_for_the_same_windows() -> None:
    mine = ticket(10, "social_security", waited=10)
    others = [ticket(1, "medical_insurance", waited=12), ticket(2, "consultation", waited=30)]

    assert estimate(mine, others).ahead == 1


def test_tickets_directed_to_a_window_do_not_count_for_a_free_ticket() -> None:
    mine = ticket(10, waited=10)
    others = [ticket(1, waited=30, target=2), ticket(2, waited=30, target=3)]

    assert estimate(mine, others).ahead == 0


def test_the_ticket_itself_is_never_ahead_of_itself() -> None:
    mine = ticket(10, waited=10)

    assert estimate(mine, [mine, mine]).ahead == 0


# Minutes


def test_minutes_are_ahead_over_open_windows_times_expected_minutes() -> None:
    mine = ticket(10, waited=1)
    others = [ticket(i, waited=10 + i) for i in range(1, 5)]

    assert estimate(mine, others) == Estimate(ahead=4, minutes=4 / 2 * 8, open_windows=2)


def test_an_observed_mean_overrides_the_expected_minutes() -> None:
    mine = ticket(10, waited=1)
    others = [ticket(i, waited=10 + i) for i in range(1, 5)]

    result = estimate(mine, others, mean={"social_security": 11.5, "medical_insurance": 2})

    assert result.minutes == pytest.approx(4 / 2 * 11.5)


def test_an_observed_mean_of_zero_falls_back_to_expected_minutes() -> None:
    mine = ticket(10, waited=1)

    result = estimate(mine, [ticket(1, waited=5)], mean={"social_security": 0.0})

    assert result.minutes == pytest.approx(1 / 2 * 8)


def test_paused_and_closed_windows_do_not_count_as_open() -> None:
    windows = hall_windows(general=(OPEN, PAUSED, CLOSED, OPEN, OPEN))
    mine = ticket(10, waited=1)
    others = [ticket(i, waited=10 + i) for i in range(1, 7)]

    assert estimate(mine, others, windows) == Estimate(ahead=6, minutes=6 / 3 * 8, open_windows=3)


def test_an_open_specialist_counts_for_the_general_line_it_may_help() -> None:
    windows = hall_windows(general=(OPEN,), special=OPEN)

    assert estimate(ticket(10), [], windows).open_windows == 2


def test_with_no_open_window_the_minutes_are_unknown() -> None:
    windows = hall_windows(general=(PAUSED, CLOSED))
    mine = ticket(10, waited=1)

    result = estimate(mine, [ticket(1, waited=3)], windows)

    assert result == Estimate(ahead=1, minutes=None, open_windows=0)


def test_a_ticket_directed_to_a_window_counts_only_that_window_as_open() -> None:
    mine = ticket(10, waited=1, target=3)

    assert estimate(mine, []).open_windows == 1
    assert estimate(mine, [], hall_windows(general=(OPEN, PAUSED))).minutes is None


# Reach and the line summary


def test_reach_lists_the_windows_that_may_take_each_service() -> None:
    reach = Reach(hall_windows(), SERVICES)

    ids = {code: sorted(w.id for w in windows) for code, windows in reach.windows.items()}

    assert ids == {
        "social_security": [2, 3, 11],
        "medical_insurance": [2, 3, 11],
        "real_estate": [11],
        "consultation": [1],
    }
    assert reach.competing["consultation"] == {"consultation"}
    assert reach.competing["social_security"] == GENERAL_CODES | {"real_estate"}


def test_reach_open_windows_of_an_unknown_service_is_zero() -> None:
    assert Reach(hall_windows(), SERVICES).open_windows("no_such") == 0


def test_summarise_lines_counts_each_line_and_estimates_a_ticket_taken_now() -> None:
    waiting = [
        ticket(1, "social_security"),
        ticket(2, "social_security", priority=True),
        ticket(3, "medical_insurance"),
        ticket(4, "consultation"),
        ticket(5, "social_security", target=2),
    ]
    reach = Reach(hall_windows(), SERVICES)

    lines = {line.service_code: line for line in summarise_lines(count_lines(waiting), reach, {})}

    assert list(lines) == list(SERVICES)
    assert lines["social_security"] == LineSummary("social_security", 2, Estimate(3, 12.0, 2))
    assert lines["medical_insurance"] == LineSummary("medical_insurance", 1, Estimate(3, 9.0, 2))
    assert lines["consultation"] == LineSummary("consultation", 1, Estimate(1, 4.0, 1))
    assert lines["real_estate"].estimate.minutes is None  # its only window is closed


def test_summarise_lines_uses_the_observed_mean() -> None:
    reach = Reach(hall_windows(), SERVICES)

    [line] = [
        s
        for s in summarise_lines(count_lines([ticket(1), ticket(2)]), reach, {"social_security": 5})
        if s.service_code == "social_security"
    ]

    assert line.estimate == Estimate(2, 5.0, 2)


# Estimates for specialised and directed tickets (once wrong, now fixed)


def test_a_special_service_ticket_is_not_behind_the_general_line() -> None:
    windows = hall_windows(special=OPEN)
    mine = ticket(100, "real_estate", waited=1)
    general_line = [ticket(i, waited=10 + i) for i in range(1, 21)]
    assert choose_next(windows[-1], [mine, *general_line], SERVICES, POLICY, NOW) == mine

    result = estimate(mine, general_line, windows)

    assert (result.ahead, result.minutes) == (0, 0.0)


def test_a_ticket_directed_to_a_window_is_behind_only_earlier_tickets_directed_there() -> None:
    windows = hall_windows()
    mine = ticket(10, waited=1, target=2)
    free_line = [ticket(i, waited=10 + i) for i in range(1, 6)]
    assert choose_next(windows[1], [mine, *free_line], SERVICES, POLICY, NOW) == mine

    assert estimate(mine, free_line, windows).ahead == 0


def test_a_ticket_directed_to_any_open_window_has_an_estimate() -> None:
    windows = hall_windows()
    mine = ticket(10, waited=1, target=1)  # social security sent to the guide desk
    assert choose_next(windows[0], [mine], SERVICES, POLICY, NOW) == mine

    assert estimate(mine, [], windows).minutes == 0.0
