"""How a specialised window helps the general line: threshold K and shortest-first help."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from server.domain.catalogue import Service, Window, WindowKind, WindowState
from server.domain.hall import RoutingPolicy
from server.domain.routing import Candidate, choose_next, help_key

NOW = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
GENERAL, SPECIAL = WindowKind.GENERAL, WindowKind.SPECIAL
SHORTEST = RoutingPolicy(specialist_help_shortest_first=True)


def service(code: str, kind: WindowKind, minutes: float, red: float = 40) -> Service:
    return Service(code, code, code, code[0].upper(), frozenset({kind}), minutes, red / 2, red)


SERVICES = {
    s.code: s
    for s in (
        service("civil_affairs", GENERAL, 10),
        service("social_security", GENERAL, 8),
        service("medical_insurance", GENERAL, 7),
        service("elderly_card", GENERAL, 5, red=30),
        service("business_registration", SPECIAL, 12),
        service("construction_permit", SPECIAL, 12),
    )
}


def window(window_id: int, kind: WindowKind, services: set[str]) -> Window:
    return Window(
        window_id,
        "dingcheng",
        window_id,
        "窗口",
        "Window",
        kind,
        frozenset(services),
        WindowState.OPEN,
    )


MARKET = window(8, SPECIAL, {"business_registration"})
GENERAL_WINDOW = window(2, GENERAL, {"civil_affairs", "social_security", "elderly_card"})


def ticket(
    ticket_id: int, code: str, waited: float, *, priority: bool = False, target: int | None = None
) -> Candidate:
    at = NOW - timedelta(minutes=waited)
    return Candidate(ticket_id, code, priority, at, at, target)


def pick(at: Window, waiting: list[Candidate], policy: RoutingPolicy = SHORTEST) -> int | None:
    chosen = choose_next(at, waiting, SERVICES, policy, NOW)
    return None if chosen is None else chosen.ticket_id


def test_shortest_first_help_is_off_by_default_so_helping_takes_the_oldest() -> None:
    waiting = [ticket(1, "civil_affairs", 12), ticket(2, "elderly_card", 3)]

    assert not RoutingPolicy().specialist_help_shortest_first
    assert pick(MARKET, waiting, RoutingPolicy()) == 1


def test_with_shortest_first_a_helping_specialist_takes_the_shortest_matter() -> None:
    waiting = [
        ticket(1, "civil_affairs", 12),
        ticket(2, "social_security", 9),
        ticket(3, "elderly_card", 3),
        ticket(4, "medical_insurance", 6),
    ]

    assert pick(MARKET, waiting) == 3
    assert pick(MARKET, [w for w in waiting if w.ticket_id != 3]) == 4


def test_among_matters_of_the_same_length_the_oldest_goes_first() -> None:
    waiting = [
        ticket(5, "elderly_card", 2),
        ticket(6, "elderly_card", 7),
        ticket(7, "civil_affairs", 20),
    ]

    assert pick(MARKET, waiting) == 6


def test_a_priority_ticket_still_goes_before_a_shorter_normal_one() -> None:
    waiting = [ticket(1, "elderly_card", 5), ticket(2, "civil_affairs", 1, priority=True)]

    assert pick(MARKET, waiting) == 2


def test_an_aged_long_matter_still_goes_before_a_short_fresh_one() -> None:
    # civil_affairs turns red at 40 minutes here: past it, it ranks with priority tickets.
    waiting = [ticket(1, "elderly_card", 1), ticket(2, "civil_affairs", 40)]

    assert pick(MARKET, waiting) == 2
    assert pick(MARKET, [ticket(1, "elderly_card", 1), ticket(2, "civil_affairs", 39)]) == 1


def test_shortest_first_changes_nothing_at_a_general_window() -> None:
    waiting = [ticket(1, "civil_affairs", 12), ticket(2, "elderly_card", 3)]

    assert pick(GENERAL_WINDOW, waiting) == 1


def test_a_specialist_with_its_own_ticket_waiting_serves_it_not_a_shorter_general_one() -> None:
    waiting = [ticket(1, "elderly_card", 30), ticket(2, "business_registration", 1)]

    assert pick(MARKET, waiting) == 2


@pytest.mark.parametrize(("general_waiting", "helps"), [(1, False), (2, True), (3, True)])
def test_the_help_threshold_counts_the_whole_general_line(
    general_waiting: int, helps: bool
) -> None:
    policy = replace(SHORTEST, specialist_help_min_general_waiting=2)
    codes = ["civil_affairs", "social_security", "elderly_card"]
    waiting = [ticket(i, codes[i], 10 - i) for i in range(general_waiting)]

    assert pick(MARKET, waiting, policy) == (general_waiting - 1 if helps else None)


def test_shortest_first_help_never_takes_a_ticket_directed_elsewhere() -> None:
    waiting = [
        ticket(1, "elderly_card", 5, target=GENERAL_WINDOW.id),
        ticket(2, "civil_affairs", 1),
    ]

    assert pick(MARKET, waiting) == 2
    assert pick(MARKET, waiting[:1]) is None


def test_help_key_orders_urgent_class_then_expected_minutes_then_place() -> None:
    short = ticket(9, "elderly_card", 1)

    assert help_key(short, SERVICES, SHORTEST, NOW) == (1, 5, short.queue_at, 9)
    urgent = ticket(3, "civil_affairs", 1, priority=True)
    assert help_key(urgent, SERVICES, SHORTEST, NOW) < help_key(short, SERVICES, SHORTEST, NOW)
