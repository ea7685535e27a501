"""Red and yellow warnings (红黄牌预警): thresholds, boundaries, order and what changed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

import pytest

from server.domain.alerts import Alert, Level, compute_alerts, diff_alerts
from server.domain.catalogue import Service, Window, WindowKind, WindowState
from server.domain.ticket import Ticket, TicketStatus

NOW = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
YELLOW, RED = Level.YELLOW, Level.RED
MAX_PAUSE = 15.0
SOCIAL = Service(
    "social_security",
    "社保业务",
    "Social security",
    "A",
    frozenset({WindowKind.GENERAL}),
    8,
    20,
    40,
)
SERVICES = {SOCIAL.code: SOCIAL}


def minutes(m: float) -> timedelta:
    return timedelta(minutes=m)


def ticket(
    ticket_id: int,
    status: TicketStatus = TicketStatus.WAITING,
    *,
    waited: float = 0,
    serving_for: float | None = None,
    service_code: str = "social_security",
) -> Ticket:
    issued_at = NOW - minutes(waited)
    return Ticket(
        id=ticket_id,
        hall_id="dingcheng",
        day=date(2026, 11, 23),
        number=f"A{ticket_id:03d}",
        service_code=service_code,
        token=f"tok-{ticket_id}",
        issued_at=issued_at,
        queue_at=issued_at,
        status=status,
        window_id=None if status is TicketStatus.WAITING else 3,
        serving_at=None if serving_for is None else NOW - minutes(serving_for),
    )


def window(window_id: int, state: WindowState, for_minutes: float, reason: str = "") -> Window:
    return Window(
        id=window_id,
        hall_id="dingcheng",
        number=window_id + 100,
        name_zh="窗口",
        name_en="Window",
        kind=WindowKind.GENERAL,
        services=frozenset({"social_security"}),
        state=state,
        state_since=NOW - minutes(for_minutes),
        pause_reason=reason,
    )


def alerts_for(tickets: Sequence[Ticket] = (), windows: Sequence[Window] = ()) -> list[Alert]:
    return compute_alerts(tickets, windows, SERVICES, MAX_PAUSE, NOW)


# Waiting tickets


@pytest.mark.parametrize("waited", [0, 10, 19.99])
def test_a_ticket_waiting_less_than_yellow_raises_nothing(waited: float) -> None:
    assert alerts_for([ticket(42, waited=waited)]) == []


@pytest.mark.parametrize(
    ("waited", "level", "since_after_issue"),
    [(20, YELLOW, 20), (39.99, YELLOW, 20), (40, RED, 40), (300, RED, 40)],
)
def test_a_waiting_ticket_turns_yellow_then_red_at_its_services_thresholds(
    waited: float, level: Level, since_after_issue: float
) -> None:
    t = ticket(42, waited=waited)

    found = alerts_for([t])

    since = t.issued_at + minutes(since_after_issue)
    assert found == [Alert("ticket_waiting", "ticket:42", level, since)]
    assert found[0].data == {"number": "A042", "service": "social_security", "window_id": None}


@pytest.mark.parametrize(
    "status",
    [TicketStatus.CALLED, TicketStatus.DONE, TicketStatus.NO_SHOW, TicketStatus.CANCELLED],
)
def test_only_waiting_tickets_raise_waiting_warnings(status: TicketStatus) -> None:
    assert alerts_for([ticket(42, status, waited=300)]) == []


def test_a_ticket_of_an_unknown_service_raises_nothing() -> None:
    assert alerts_for([ticket(42, waited=300, service_code="no_such")]) == []


# Service running over its expected time (8 minutes: yellow at 12, red at 16)


@pytest.mark.parametrize("serving_for", [0, 8, 11.99])
def test_a_service_within_one_and_a_half_its_expected_time_raises_nothing(
    serving_for: float,
) -> None:
    assert alerts_for([ticket(42, TicketStatus.SERVING, serving_for=serving_for)]) == []


@pytest.mark.parametrize(
    ("serving_for", "level", "since_after_start"),
    [(12, YELLOW, 12), (15.99, YELLOW, 12), (16, RED, 16), (60, RED, 16)],
)
def test_a_service_overruns_at_one_and_a_half_then_twice_its_expected_time(
    serving_for: float, level: Level, since_after_start: float
) -> None:
    t = ticket(42, TicketStatus.SERVING, waited=60, serving_for=serving_for)

    found = alerts_for([t])

    since = NOW - minutes(serving_for) + minutes(since_after_start)
    assert found == [Alert("service_overrun", "ticket:42", level, since)]
    assert found[0].data["window_id"] == 3


def test_a_serving_ticket_without_a_start_time_raises_nothing() -> None:
    assert alerts_for([ticket(42, TicketStatus.SERVING, waited=300)]) == []


# Paused windows (yellow past max_pause_minutes, red past twice that)


def test_a_window_paused_less_than_allowed_raises_nothing() -> None:
    assert alerts_for(windows=[window(3, WindowState.PAUSED, 14.99)]) == []


@pytest.mark.parametrize(
    ("paused_for", "level", "since_after_pause"),
    [(15, YELLOW, 15), (29.99, YELLOW, 15), (30, RED, 30), (90, RED, 30)],
)
def test_a_window_paused_too_long_turns_yellow_then_red(
    paused_for: float, level: Level, since_after_pause: float
) -> None:
    w = window(3, WindowState.PAUSED, paused_for, reason="lunch")

    found = alerts_for(windows=[w])

    since = NOW - minutes(paused_for) + minutes(since_after_pause)
    assert found == [Alert("window_paused", "window:3", level, since)]
    assert found[0].data == {"window": 103, "reason": "lunch"}


@pytest.mark.parametrize("state", [WindowState.OPEN, WindowState.CLOSED])
def test_an_open_or_closed_window_never_raises_a_pause_warning(state: WindowState) -> None:
    assert alerts_for(windows=[window(3, state, 600)]) == []


def test_a_paused_window_without_a_since_raises_nothing() -> None:
    w = window(3, WindowState.PAUSED, 600)
    w.state_since = None

    assert alerts_for(windows=[w]) == []


# Order


def test_red_comes_before_yellow_and_each_level_oldest_first() -> None:
    tickets = [
        ticket(1, waited=25),  # yellow since 5 minutes ago
        ticket(2, waited=45),  # red since 5 minutes ago
        ticket(3, waited=35),  # yellow since 15 minutes ago
        ticket(4, waited=60),  # red since 20 minutes ago
        ticket(5, waited=5),  # nothing yet
    ]
    windows = [window(7, WindowState.PAUSED, 25)]  # yellow since 10 minutes ago

    found = alerts_for(tickets, windows)

    assert [(a.subject, a.level, NOW - a.since) for a in found] == [
        ("ticket:4", RED, minutes(20)),
        ("ticket:2", RED, minutes(5)),
        ("ticket:3", YELLOW, minutes(15)),
        ("window:7", YELLOW, minutes(10)),
        ("ticket:1", YELLOW, minutes(5)),
    ]


def test_alert_key_is_kind_and_subject() -> None:
    alert = Alert("ticket_waiting", "ticket:42", YELLOW, NOW)

    assert alert.key == ("ticket_waiting", "ticket:42")


# What changed between two readings


def test_diff_reports_new_alerts_as_raised() -> None:
    new = Alert("ticket_waiting", "ticket:1", YELLOW, NOW)

    assert diff_alerts([], [new]) == ([new], [])


def test_diff_reports_a_change_of_level_as_raised() -> None:
    before = Alert("ticket_waiting", "ticket:1", YELLOW, NOW)
    after = Alert("ticket_waiting", "ticket:1", RED, NOW + minutes(20))

    assert diff_alerts([before], [after]) == ([after], [])


def test_diff_reports_alerts_gone_as_cleared() -> None:
    gone = Alert("window_paused", "window:3", RED, NOW)

    assert diff_alerts([gone], []) == ([], [gone])


def test_diff_is_silent_when_nothing_changed_level() -> None:
    before = Alert("ticket_waiting", "ticket:1", RED, NOW, {"number": "A001"})
    again = Alert("ticket_waiting", "ticket:1", RED, NOW, {"number": "A001", "window_id": 2})

    assert diff_alerts([before], [again]) == ([], [])


def test_diff_tells_apart_kinds_on_the_same_subject() -> None:
    waiting = Alert("ticket_waiting", "ticket:1", RED, NOW)
    overrun = Alert("service_overrun", "ticket:1", YELLOW, NOW)

    assert diff_alerts([waiting], [overrun]) == ([overrun], [waiting])


def test_diff_over_a_clock_tick_follows_the_ticket_through_its_life() -> None:
    t = ticket(1, waited=19)
    first = alerts_for([t])
    later = compute_alerts([t], [], SERVICES, MAX_PAUSE, NOW + minutes(1))
    red = compute_alerts([t], [], SERVICES, MAX_PAUSE, NOW + minutes(21))
    t.status = TicketStatus.CALLED

    assert first == []
    assert diff_alerts(first, later) == (later, [])
    assert [a.level for a in diff_alerts(later, red)[0]] == [RED]
    assert diff_alerts(red, alerts_for([t])) == ([], red)
