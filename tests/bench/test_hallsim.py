"""The hall simulator: Erlang C figures, and a small seeded hall day that adds up."""

from __future__ import annotations

import math
import sys
from dataclasses import replace
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import hallsim  # noqa: E402
from _hallsim_erlang import erlang_c, mean_wait, wait_exceeds, wait_quantile  # noqa: E402
from _hallsim_model import HallRun, RunSpec, simulate  # noqa: E402
from _hallsim_stats import SERVED, WaitStats, quantile  # noqa: E402

from server.adapters.hall_file import load_hall  # noqa: E402
from server.domain.catalogue import WindowKind  # noqa: E402
from server.domain.hall import HallRules  # noqa: E402
from server.domain.ticket import TicketStatus  # noqa: E402

CONFIG = load_hall(hallsim.EXAMPLE, enforce_hours=False)
GENERAL = frozenset(hallsim.GENERAL_MIX)


def rules(policy: str) -> HallRules:
    routing = hallsim.parse_policy(policy, CONFIG.hall.rules.routing)
    return replace(CONFIG.hall.rules, routing=routing)


# Erlang C against known values


@pytest.mark.parametrize(
    ("servers", "offered", "expected"),
    [(1, 0.5, 0.5), (2, 1.2, 0.45), (10, 8.0, 0.4092), (6, 5.1, 0.6241)],
)
def test_erlang_c_matches_known_values(servers: int, offered: float, expected: float) -> None:
    assert erlang_c(servers, offered) == pytest.approx(expected, abs=1e-4)


def test_erlang_c_is_zero_without_load_and_one_at_saturation() -> None:
    assert erlang_c(3, 0.0) == 0.0
    assert erlang_c(3, 3.0) == 1.0


def test_mm1_mean_wait_is_rho_over_one_minus_rho_times_service() -> None:
    # M/M/1, 2.5 an hour, 12 minutes: rho 0.5, so Wq = 12 minutes.
    assert mean_wait(1, 2.5 / 60, 12) == pytest.approx(12.0)


def test_the_wait_quantile_is_where_the_tail_reaches_the_share() -> None:
    p90 = wait_quantile(6, 0.6375, 8, 0.9)

    assert wait_exceeds(6, 0.6375, 8, p90) == pytest.approx(0.1)
    assert wait_quantile(6, 0.01, 8, 0.9) == 0.0  # barely anybody waits: p90 is no wait


def test_quantile_interpolates_between_ranks() -> None:
    assert quantile([0.0, 1.0, 2.0, 3.0, 4.0], 0.9) == pytest.approx(3.6)


# A seeded hall day


def hall_day(policy: str = "default", **changes: object) -> HallRun:
    plan = hallsim.seed_hall(CONFIG, 0.85)
    spec = RunSpec(hours=8, no_show=0.2, rejoin=0.5, priority=0.1, seed=7)
    run = HallRun(plan, rules(policy), replace(spec, **changes))
    run.run()
    return run


@pytest.mark.parametrize("drain", [False, True])
def test_every_arrival_is_served_a_no_show_or_still_in_the_hall(drain: bool) -> None:
    run = hall_day(drain=drain)
    found = run.outcomes()

    assert found.arrivals == len(run.tickets) > 300
    assert sum(found.statuses.values()) == found.arrivals
    assert found.statuses[TicketStatus.DONE] > 0
    assert found.statuses[TicketStatus.NO_SHOW] > 0
    if drain:  # a hall day serves everyone who took a number before closing
        assert set(found.statuses) == {TicketStatus.DONE, TicketStatus.NO_SHOW}
    left = sum(n for s, n in found.statuses.items() if s not in (*SERVED, TicketStatus.NO_SHOW))
    assert left == len(run.waiting) + sum(
        1 for t, _ in run.tickets.values() if t.status is TicketStatus.CALLED
    )


def test_waits_are_never_negative_and_no_show_moves_follow_the_recall_limit() -> None:
    run = hall_day(drain=True)
    limit = run.rules.recall_limit

    for ticket, visit in run.tickets.values():
        assert visit.waited >= 0
        kinds = [e.kind for e in ticket.history]
        if ticket.status is TicketStatus.NO_SHOW:
            assert kinds[-limit - 2 :] == ["call", *["recall"] * limit, "no_show"]
        if visit.back_at is not None:
            assert "rejoin" in kinds and ticket.rejoined


def test_numbers_come_from_the_real_numbering_unique_per_prefix() -> None:
    run = hall_day()
    numbers = [t.number for t, _ in run.tickets.values()]

    assert len(set(numbers)) == len(numbers)
    assert "A001" in numbers and "F001" in numbers


def test_routing_decides_who_helps_departmental_specialists_never_take_general_work() -> None:
    specialist = {w.number for w in run_windows(WindowKind.SPECIAL)}

    def helped(policy: str) -> int:
        run = hall_day(policy)
        return sum(
            1
            for _, v in run.tickets.values()
            if v.window in specialist and v.service_code in GENERAL
        )

    assert helped("departmental") == 0
    assert helped("k=1") > 0


def run_windows(kind: WindowKind) -> list[object]:
    return [w for w in hallsim.seed_hall(CONFIG, 0.85).windows if w.kind is kind]


def test_a_general_window_never_serves_a_specialised_matter() -> None:
    general = {w.number for w in run_windows(WindowKind.GENERAL)}
    run = hall_day("k=1")

    assert all(v.service_code in GENERAL for _, v in run.tickets.values() if v.window in general)


def test_the_same_seed_gives_the_same_day() -> None:
    first = [(v.window, v.waited) for _, v in hall_day().tickets.values()]
    again = [(v.window, v.waited) for _, v in hall_day().tickets.values()]

    assert first == again


def test_pooling_every_window_beats_each_window_only_its_own_line() -> None:
    plan = hallsim.seed_hall(CONFIG, 0.85)
    spec = RunSpec(hours=40, warmup_hours=2, seed=3)

    def mean(policy: str) -> float:
        hall = plan.pooled() if policy == "pooled" else plan
        found = simulate(hall, rules(policy), spec)
        return WaitStats.of([[v.waited for v in found.visits if v.status in SERVED]]).mean

    assert mean("pooled") < mean("default") < mean("departmental")


def test_general_windows_alone_with_exponential_service_come_near_erlang_c() -> None:
    # A loose check at small scale; bench/hallsim.py holds the 5% one over many seeds.
    plan = hallsim.seed_hall(CONFIG, 0.7, exponential_8=True)
    spec = RunSpec(hours=400, warmup_hours=5, cv=None, no_show=0.0, seed=1)
    found = simulate(plan, rules("default"), spec)
    waits = [v.waited for v in found.visits if v.status in SERVED]
    expected = mean_wait(6, 0.7 * 6 / 8, 8)

    assert math.isclose(sum(waits) / len(waits), expected, rel_tol=0.25)


def test_general_windows_alone_are_exactly_a_first_come_first_served_queue() -> None:
    # Path by path, not on average: with aging off and no priority, the waits the routed
    # windows produce equal the Kiefer-Wolfowitz recursion of an M/M/6 queue on the same
    # arrivals and work, so the only error left against Erlang C is sampling.
    plan = hallsim.seed_hall(CONFIG, 0.85, exponential_8=True)
    spec = RunSpec(hours=100, cv=None, no_show=0.0, seed=5)
    routing = replace(CONFIG.hall.rules.routing, aging="off")
    found = simulate(plan, replace(CONFIG.hall.rules, routing=routing), spec)
    visits = sorted(found.visits, key=lambda v: v.issued)
    free = [0.0] * 6
    for visit in visits:
        if visit.status not in SERVED:
            break  # still waiting at the end, and so is everyone after
        soonest = min(free)
        start = max(soonest, visit.issued)
        free[free.index(soonest)] = start + visit.work
        assert visit.waited == pytest.approx(start - visit.issued, abs=1e-9)
