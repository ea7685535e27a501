"""Call-next routing: every rule of routing.choose_next on hand-built tickets and windows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from server.domain.catalogue import Service, Window, WindowKind, WindowState
from server.domain.hall import RoutingPolicy
from server.domain.routing import (
    Candidate,
    aged,
    choose_next,
    general_services,
    may_take,
    rank_key,
)

NOW = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)  # 11:00 in Shanghai
GENERAL, SPECIAL, CONSULT = WindowKind.GENERAL, WindowKind.SPECIAL, WindowKind.CONSULT
POLICY = RoutingPolicy()


def service(code: str, kind: WindowKind, yellow: float = 20, red: float = 40) -> Service:
    return Service(code, code, code, code[0].upper(), frozenset({kind}), 8, yellow, red)


SERVICES = {
    s.code: s
    for s in (
        service("social_security", GENERAL),
        service("medical_insurance", GENERAL),
        service("elderly_card", GENERAL, yellow=15, red=30),
        service("real_estate", SPECIAL, yellow=30, red=60),
        service("business_registration", SPECIAL),
        service("consultation", CONSULT, yellow=10, red=20),
    )
}
GENERAL_CODES = frozenset({"social_security", "medical_insurance", "elderly_card"})


def window(window_id: int, kind: WindowKind, services: set[str]) -> Window:
    return Window(
        id=window_id,
        hall_id="dingcheng",
        number=window_id,
        name_zh="窗口",
        name_en="Window",
        kind=kind,
        services=frozenset(services),
        state=WindowState.OPEN,
    )


GENERAL_WINDOW = window(2, GENERAL, set(GENERAL_CODES))
REAL_ESTATE_WINDOW = window(11, SPECIAL, {"real_estate"})
CONSULT_WINDOW = window(1, CONSULT, {"consultation"})


def ticket(
    ticket_id: int,
    service_code: str = "social_security",
    waited: float = 5,
    *,
    priority: bool = False,
    target: int | None = None,
    in_line: float | None = None,
) -> Candidate:
    """A waiting ticket issued `waited` minutes ago, in line since `in_line` minutes ago."""
    issued_at = NOW - timedelta(minutes=waited)
    queue_at = issued_at if in_line is None else NOW - timedelta(minutes=in_line)
    return Candidate(ticket_id, service_code, priority, queue_at, issued_at, target)


def pick(at: Window, waiting: list[Candidate], policy: RoutingPolicy = POLICY) -> int | None:
    chosen = choose_next(at, waiting, SERVICES, policy, NOW)
    return None if chosen is None else chosen.ticket_id


def test_nothing_waiting_gives_none() -> None:
    for at in (GENERAL_WINDOW, REAL_ESTATE_WINDOW, CONSULT_WINDOW):
        assert pick(at, []) is None


# Rule 1: a ticket directed to this window comes first


def test_a_ticket_directed_to_this_window_comes_before_older_and_priority_ones() -> None:
    waiting = [
        ticket(1, waited=50),
        ticket(2, waited=30, priority=True),
        ticket(3, waited=1, target=GENERAL_WINDOW.id),
    ]

    assert pick(GENERAL_WINDOW, waiting) == 3


def test_directed_tickets_are_taken_by_place_in_line_then_ticket_id() -> None:
    waiting = [
        ticket(5, waited=3, target=2, priority=True),
        ticket(4, waited=9, target=2),
        ticket(7, waited=9, target=2),
    ]

    assert pick(GENERAL_WINDOW, waiting) == 4


def test_a_directed_ticket_is_taken_even_for_a_service_the_window_does_not_serve() -> None:
    waiting = [ticket(1, "real_estate", target=GENERAL_WINDOW.id), ticket(2, waited=30)]

    assert pick(GENERAL_WINDOW, waiting) == 1


def test_a_ticket_directed_to_another_window_is_never_taken() -> None:
    to_other = [ticket(1, waited=90, priority=True, target=6)]

    assert pick(GENERAL_WINDOW, to_other) is None
    assert pick(GENERAL_WINDOW, [*to_other, ticket(2, waited=1)]) == 2


def test_a_specialist_helping_never_takes_a_ticket_directed_elsewhere() -> None:
    assert pick(REAL_ESTATE_WINDOW, [ticket(1, target=GENERAL_WINDOW.id)]) is None


# Rule 2: priority ahead of normal, and aging


def test_a_priority_ticket_goes_ahead_of_older_normal_ones() -> None:
    waiting = [ticket(1, waited=25), ticket(2, waited=2, priority=True)]

    assert pick(GENERAL_WINDOW, waiting) == 2


def test_priority_tickets_among_themselves_go_oldest_first() -> None:
    waiting = [ticket(1, waited=2, priority=True), ticket(2, waited=6, priority=True)]

    assert pick(GENERAL_WINDOW, waiting) == 2


def test_a_normal_ticket_at_its_red_threshold_ranks_with_priority_ones() -> None:
    waiting = [ticket(1, waited=40), ticket(2, waited=10, priority=True)]

    assert pick(GENERAL_WINDOW, waiting) == 1


def test_a_normal_ticket_just_short_of_red_still_yields_to_priority() -> None:
    waiting = [ticket(1, waited=39.99), ticket(2, waited=10, priority=True)]

    assert pick(GENERAL_WINDOW, waiting) == 2


def test_an_aged_ticket_ranks_with_priority_by_place_not_ahead_of_older_priority() -> None:
    waiting = [ticket(1, waited=45), ticket(2, waited=50, priority=True)]

    assert pick(GENERAL_WINDOW, waiting) == 2


def test_aging_uses_the_red_threshold_of_the_tickets_own_service() -> None:
    # elderly_card turns red at 30 minutes, social_security at 40.
    waiting = [
        ticket(1, "social_security", waited=35),
        ticket(2, "elderly_card", waited=31),
        ticket(3, waited=1, priority=True),
    ]

    assert pick(GENERAL_WINDOW, waiting) == 2


def test_aging_counts_from_issue_even_when_the_place_in_line_is_later() -> None:
    # A rejoined no-show issued 45 minutes ago, back in line 2 minutes ago.
    waiting = [ticket(1, waited=45, in_line=2), ticket(2, waited=1, priority=True)]

    assert pick(GENERAL_WINDOW, waiting) == 1


def test_with_yellow_aging_a_normal_ticket_ages_at_its_yellow_threshold() -> None:
    yellow = RoutingPolicy(aging="yellow")
    waiting = [ticket(1, waited=20), ticket(2, waited=10, priority=True)]
    younger = [ticket(1, waited=19), ticket(2, waited=10, priority=True)]

    assert pick(GENERAL_WINDOW, waiting, yellow) == 1
    assert pick(GENERAL_WINDOW, younger, yellow) == 2


def test_with_aging_off_priority_always_goes_first() -> None:
    off = RoutingPolicy(aging="off")
    waiting = [ticket(1, waited=300), ticket(2, waited=1, priority=True)]

    assert pick(GENERAL_WINDOW, waiting, off) == 2


def test_aged_is_false_for_an_unknown_service() -> None:
    assert not aged(ticket(1, "no_such", waited=999), None, POLICY, NOW)


def test_rank_key_puts_the_urgent_class_first_then_place_then_id() -> None:
    services = SERVICES
    assert rank_key(ticket(9, waited=1, priority=True), services, POLICY, NOW)[0] == 0
    assert rank_key(ticket(9, waited=41), services, POLICY, NOW)[0] == 0
    assert rank_key(ticket(9, waited=1), services, POLICY, NOW) == (
        1,
        NOW - timedelta(minutes=1),
        9,
    )


# Rule 4: oldest first across every service the window may serve


def test_oldest_first_across_services() -> None:
    waiting = [
        ticket(1, "medical_insurance", waited=4),
        ticket(2, "social_security", waited=12),
        ticket(3, "elderly_card", waited=8),
    ]

    assert pick(GENERAL_WINDOW, waiting) == 2


def test_place_in_line_decides_not_the_time_of_issue() -> None:
    waiting = [ticket(1, waited=20, in_line=3), ticket(2, waited=10)]

    assert pick(GENERAL_WINDOW, waiting) == 2


def test_ties_in_place_go_to_the_lower_ticket_id() -> None:
    waiting = [ticket(8, waited=5), ticket(3, "medical_insurance", waited=5)]

    assert pick(GENERAL_WINDOW, waiting) == 3


def test_a_general_window_never_takes_special_only_services() -> None:
    waiting = [
        ticket(1, "real_estate", waited=90, priority=True),
        ticket(2, "business_registration", waited=90),
    ]

    assert pick(GENERAL_WINDOW, waiting) is None
    assert pick(GENERAL_WINDOW, [*waiting, ticket(3, waited=1)]) == 3


def test_a_consultation_window_takes_only_consultations_and_never_helps() -> None:
    general_line = [ticket(1, waited=30), ticket(2, waited=20)]

    assert pick(CONSULT_WINDOW, general_line) is None
    assert pick(CONSULT_WINDOW, [*general_line, ticket(3, "consultation", waited=1)]) == 3


# Rule 3: a specialised window serves its own first, then helps the general line


def test_a_specialised_window_serves_its_own_before_an_older_general_line() -> None:
    waiting = [
        ticket(1, waited=30, priority=True),
        ticket(2, waited=50),
        ticket(3, "real_estate", waited=1),
    ]

    assert pick(REAL_ESTATE_WINDOW, waiting) == 3


def test_a_specialised_window_with_none_of_its_own_helps_the_general_line() -> None:
    waiting = [
        ticket(1, "medical_insurance", waited=10),
        ticket(2, waited=20),
        ticket(3, "elderly_card", waited=2, priority=True),
    ]

    assert pick(REAL_ESTATE_WINDOW, waiting) == 3
    assert pick(REAL_ESTATE_WINDOW, waiting[:2]) == 2


def test_a_specialised_window_never_takes_another_specialitys_tickets() -> None:
    waiting = [ticket(1, "business_registration", waited=40), ticket(2, "consultation")]

    assert pick(REAL_ESTATE_WINDOW, waiting) is None


def test_own_tickets_directed_elsewhere_do_not_stop_a_specialist_from_helping() -> None:
    waiting = [ticket(1, "real_estate", waited=40, target=12), ticket(2, waited=3)]

    assert pick(REAL_ESTATE_WINDOW, waiting) == 2


@pytest.mark.parametrize(("general_waiting", "helps"), [(0, False), (2, False), (3, True)])
def test_with_k_set_a_specialist_helps_only_when_the_general_line_is_at_least_k(
    general_waiting: int, helps: bool
) -> None:
    policy = RoutingPolicy(specialist_help_min_general_waiting=3)
    waiting = [ticket(i, waited=10 + i) for i in range(1, general_waiting + 1)]

    chosen = pick(REAL_ESTATE_WINDOW, waiting, policy)

    assert chosen == (general_waiting if helps else None)


def test_the_general_line_length_counts_neither_directed_nor_special_tickets() -> None:
    policy = RoutingPolicy(specialist_help_min_general_waiting=3)
    waiting = [
        ticket(1, waited=10),
        ticket(2, waited=11),
        ticket(3, waited=12, target=GENERAL_WINDOW.id),
        ticket(4, "business_registration", waited=13),
        ticket(5, "consultation", waited=14),
    ]

    assert pick(REAL_ESTATE_WINDOW, waiting, policy) is None
    assert pick(REAL_ESTATE_WINDOW, [*waiting, ticket(6, waited=1)], policy) == 2


def test_k_only_matters_to_specialists_not_to_general_windows() -> None:
    policy = RoutingPolicy(specialist_help_min_general_waiting=5)

    assert pick(GENERAL_WINDOW, [ticket(1)], policy) == 1


def test_a_k_below_one_still_needs_somebody_waiting() -> None:
    policy = RoutingPolicy(specialist_help_min_general_waiting=0)

    assert pick(REAL_ESTATE_WINDOW, [], policy) is None
    assert pick(REAL_ESTATE_WINDOW, [ticket(1)], policy) == 1


# Helpers shared with the estimate


def test_general_services_are_those_a_general_window_may_serve() -> None:
    assert general_services(SERVICES.values()) == GENERAL_CODES


def test_may_take_covers_own_services_and_a_specialists_help() -> None:
    assert may_take(GENERAL_WINDOW, "social_security", GENERAL_CODES)
    assert not may_take(GENERAL_WINDOW, "real_estate", GENERAL_CODES)
    assert may_take(REAL_ESTATE_WINDOW, "real_estate", GENERAL_CODES)
    assert may_take(REAL_ESTATE_WINDOW, "social_security", GENERAL_CODES)
    assert not may_take(REAL_ESTATE_WINDOW, "business_registration", GENERAL_CODES)
    assert not may_take(CONSULT_WINDOW, "social_security", GENERAL_CODES)
