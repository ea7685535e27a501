"""One simulated hall run: SimPy drives the real domain (numbering, tickets, routing).

Each window is a clerk who presses call-next whenever free; the ticket it gets is the one
`server.domain.routing.choose_next` picks from the waiting tickets `may_take` lets it see,
numbered by `server.domain.numbering.format_number`, moved by `server.domain.ticket.Ticket`
(call, recall up to the hall's limit, no-show, rejoin, start, finish). Time is injected:
`now` is the simulation clock in minutes past the opening of the day.
"""

from __future__ import annotations

import math
import random
from collections.abc import Generator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta

import simpy

from server.domain.catalogue import Service, Window, WindowKind, WindowState
from server.domain.hall import HallRules, RoutingPolicy
from server.domain.numbering import format_number
from server.domain.routing import Candidate, choose_next, general_services, may_take
from server.domain.ticket import Outcome, Priority, Ticket, TicketStatus

# A SimPy process body: yields events, returns nothing.
Process = Generator[simpy.Event, object, None]

OPENING = datetime(2026, 12, 1, 0, 30, tzinfo=UTC)  # 08:30 in Shanghai
# Arrival-rate multipliers by hour of an 8-hour day (mean 1): the morning peak.
PEAK_PROFILE = (0.8, 1.5, 1.4, 1.0, 0.7, 0.9, 0.9, 0.8)


@dataclass(frozen=True)
class Demand:
    """Arrivals of one service and the work each brings."""

    service: Service
    per_hour: float
    mean_minutes: float


@dataclass(frozen=True)
class WindowPlan:
    number: int
    kind: WindowKind
    services: frozenset[str]


@dataclass(frozen=True)
class HallPlan:
    demand: tuple[Demand, ...]
    windows: tuple[WindowPlan, ...]

    def pooled(self) -> HallPlan:
        """Every window serves every matter oldest first: the all-windows bound."""
        every = frozenset(d.service.code for d in self.demand)
        windows = tuple(replace(w, kind=WindowKind.GENERAL, services=every) for w in self.windows)
        return replace(self, windows=windows)


@dataclass(frozen=True)
class RunSpec:
    hours: float  # measured hours; arrivals stop after warm-up + hours
    warmup_hours: float = 0.0  # tickets issued in the warm-up are not counted
    profile: str = "constant"  # or "peak"
    cv: float | None = 1.0  # lognormal coefficient of variation; None: exponential
    no_show: float = 0.04
    rejoin: float = 0.5  # share of no-shows who come back and rejoin in time
    priority: float = 0.0  # share of green-channel / appointment tickets
    recall_every_minutes: float = 0.5
    drain: bool = False  # serve everyone issued before closing (a hall day)
    seed: int = 1


@dataclass
class Visit:
    """What happened to one ticket."""

    service_code: str
    priority: bool
    issued: float
    work: float
    absent: bool
    returns_after: float | None
    waited: float = 0.0  # minutes in line before the call answered (time away excluded)
    status: TicketStatus = TicketStatus.WAITING
    window: int | None = None
    back_at: float | None = None


@dataclass
class Outcomes:
    visits: list[Visit]
    busy: dict[int, float]  # window number -> busy minutes inside the measured span
    span: float  # measured minutes
    arrivals: int  # every ticket issued, warm-up included
    statuses: dict[TicketStatus, int] = field(default_factory=dict)


def minutes_to_time(minutes: float) -> datetime:
    return OPENING + timedelta(minutes=minutes)


class HallRun:
    def __init__(self, plan: HallPlan, rules: HallRules, spec: RunSpec) -> None:
        self.env = simpy.Environment()
        self.plan, self.rules, self.spec = plan, rules, spec
        self.policy: RoutingPolicy = rules.routing
        self.services = {d.service.code: d.service for d in plan.demand}
        general = general_services(self.services.values())
        self.windows = [_window(w) for w in plan.windows]
        self.reach = {
            w.id: frozenset(c for c in self.services if may_take(w, c, general))
            for w in self.windows
        }
        self.waiting: dict[int, Candidate] = {}
        self.tickets: dict[int, tuple[Ticket, Visit]] = {}
        self.sequence: dict[str, int] = {}
        self.last_called: dict[str, datetime] = {}
        self.idle: dict[int, simpy.Event] = {}
        self.busy = {w.number: 0.0 for w in self.windows}
        self.since: dict[int, float] = {}  # window number -> start of the call in progress
        self.shuffle = random.Random(f"{spec.seed}:dispatch")
        self.issued = 0
        self.away = 0  # no-shows who will come back and rejoin
        self.open = True
        self.end = (spec.warmup_hours + spec.hours) * 60

    # -- arrivals
    def arrivals(self, demand: Demand) -> Process:
        rng = random.Random(f"{self.spec.seed}:{demand.service.code}:arrivals")
        work = random.Random(f"{self.spec.seed}:{demand.service.code}:visits")
        peak = max(PEAK_PROFILE) if self.spec.profile == "peak" else 1.0
        rate = demand.per_hour / 60 * peak
        while True:
            yield self.env.timeout(rng.expovariate(rate))
            if self.env.now >= self.end:
                return
            if peak != 1.0 and rng.random() * peak > _profile(self.env.now):
                continue  # thinning: the day profile's rate at this hour
            self.issue(demand, work)

    def issue(self, demand: Demand, rng: random.Random) -> None:
        now = self.env.now
        spec = self.spec
        absent = rng.random() < spec.no_show
        returns = rng.uniform(2, 0.8 * self.rules.rejoin_within_minutes)
        visit = Visit(
            service_code=demand.service.code,
            priority=rng.random() < spec.priority,
            issued=now,
            work=_work(rng, demand.mean_minutes, spec.cv),
            absent=absent,
            returns_after=returns if absent and rng.random() < spec.rejoin else None,
        )
        prefix = demand.service.prefix
        self.sequence[prefix] = self.sequence.get(prefix, 0) + 1
        self.issued += 1
        at = minutes_to_time(now)
        ticket = Ticket(
            id=self.issued,
            hall_id="sim",
            day=date(2026, 12, 1),
            number=format_number(prefix, self.sequence[prefix]),
            service_code=demand.service.code,
            token=f"t{self.issued}",
            issued_at=at,
            queue_at=at,
            priority=Priority.ELDERLY if visit.priority else Priority.NORMAL,
        )
        ticket.record_issue()
        self.tickets[self.issued] = (ticket, visit)
        self.enqueue(ticket)

    def enqueue(self, ticket: Ticket) -> None:
        assert ticket.id is not None
        self.waiting[ticket.id] = Candidate(
            ticket.id, ticket.service_code, ticket.is_priority, ticket.queue_at, ticket.issued_at
        )
        self.wake()

    def wake(self) -> None:
        """Free clerks press call-next in no particular order: whoever is first gets it."""
        idle = list(self.idle.values())
        self.idle.clear()
        self.shuffle.shuffle(idle)
        for event in idle:
            event.succeed()

    # -- windows
    def clerk(self, window: Window) -> Process:
        env = self.env
        reach = self.reach[window.id]
        while True:
            now = minutes_to_time(env.now)
            line = [c for c in self.waiting.values() if c.service_code in reach]
            choice = choose_next(window, line, self.services, self.policy, now)
            if choice is None:
                if not self.open and not self.waiting and not self.away:
                    return
                event = env.event()
                self.idle[window.id] = event
                yield event
                continue
            del self.waiting[choice.ticket_id]
            ticket, visit = self.tickets[choice.ticket_id]
            self.since[window.number] = started = env.now
            yield from self.serve(window, ticket, visit)
            del self.since[window.number]
            self.count_busy(window.number, started, env.now)
            if not self.open:  # after closing, idle clerks check whether the day is done
                self.wake()

    def serve(self, window: Window, ticket: Ticket, visit: Visit) -> Process:
        env = self.env
        now = minutes_to_time(env.now)
        ticket.call(window.id, now)
        self.last_called[ticket.service_code] = max(
            self.last_called.get(ticket.service_code, ticket.queue_at), ticket.queue_at
        )
        in_line_since = visit.issued if visit.back_at is None else visit.back_at
        visit.window = window.number
        if visit.absent and visit.back_at is None:
            visit.waited += env.now - in_line_since
            for _ in range(self.rules.recall_limit):
                yield env.timeout(self.spec.recall_every_minutes)
                ticket.recall(self.rules.recall_limit, minutes_to_time(env.now))
            yield env.timeout(self.spec.recall_every_minutes)
            ticket.mark_no_show(minutes_to_time(env.now))
            if visit.returns_after is not None:
                self.away += 1
                env.process(self.rejoin(ticket, visit))
            return
        visit.waited += env.now - in_line_since
        ticket.start(now)
        yield env.timeout(visit.work)
        ticket.finish(Outcome.DONE, minutes_to_time(env.now))

    def rejoin(self, ticket: Ticket, visit: Visit) -> Process:
        assert visit.returns_after is not None
        yield self.env.timeout(visit.returns_after)
        now = minutes_to_time(self.env.now)
        behind = self.last_called.get(ticket.service_code, ticket.queue_at)
        ticket.rejoin(self.rules.rejoin_within_minutes, behind, now)
        visit.back_at = self.env.now
        self.away -= 1
        self.enqueue(ticket)

    def count_busy(self, number: int, start: float, end: float) -> None:
        lo = max(start, self.spec.warmup_hours * 60)
        hi = end if self.spec.drain else min(end, self.end)
        if hi > lo:
            self.busy[number] += hi - lo

    # -- the day
    def run(self) -> Outcomes:
        env = self.env
        for demand in self.plan.demand:
            env.process(self.arrivals(demand))
        clerks = [env.process(self.clerk(w)) for w in self.windows]
        env.run(until=self.end)
        self.open = False
        if not self.spec.drain:  # calls still in progress at the end count up to it
            for number, started in self.since.items():
                self.count_busy(number, started, self.end)
        if self.spec.drain:
            self.wake()
            env.run(until=simpy.AllOf(env, clerks))
        return self.outcomes()

    def outcomes(self) -> Outcomes:
        start = self.spec.warmup_hours * 60
        statuses: dict[TicketStatus, int] = {}
        visits = []
        for ticket, visit in self.tickets.values():
            visit.status = ticket.status
            statuses[ticket.status] = statuses.get(ticket.status, 0) + 1
            if visit.issued >= start:
                visits.append(visit)
        span = (self.env.now if self.spec.drain else self.end) - start
        return Outcomes(visits, dict(self.busy), span, self.issued, statuses)


def _window(plan: WindowPlan) -> Window:
    return Window(
        id=plan.number,
        hall_id="sim",
        number=plan.number,
        name_zh="窗口",
        name_en="Window",
        kind=plan.kind,
        services=plan.services,
        state=WindowState.OPEN,
    )


def _profile(minutes: float) -> float:
    hour = int(minutes // 60) % len(PEAK_PROFILE)
    return PEAK_PROFILE[hour]


def _work(rng: random.Random, mean: float, cv: float | None) -> float:
    if cv is None:
        return rng.expovariate(1 / mean)
    sigma2 = math.log(1 + cv * cv)
    return rng.lognormvariate(math.log(mean) - sigma2 / 2, math.sqrt(sigma2))


def simulate(plan: HallPlan, rules: HallRules, spec: RunSpec) -> Outcomes:
    return HallRun(plan, rules, spec).run()
