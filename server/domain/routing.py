"""Call-next routing: which waiting ticket a window takes. A pure function over plain data.

1. A ticket transferred (directed) to this window comes first.
2. Green-channel and appointment tickets go ahead of normal ones; a normal ticket that has
   waited past its service's aging threshold (red by default) ranks with them (aging), so it
   is never starved.
3. A specialised window serves its own services first and helps the general line when it has
   none of its own waiting and the general line is at least K long; with shortest-first help
   it takes the general matter expected to be shortest (urgent tickets still first).
4. Otherwise oldest first (by place in line) across every service the window may serve.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from server.domain.catalogue import Service, Window, WindowKind
from server.domain.hall import RoutingPolicy


@dataclass(frozen=True)
class Candidate:
    """What routing needs to know of a waiting ticket."""

    ticket_id: int
    service_code: str
    priority: bool
    queue_at: datetime
    issued_at: datetime
    target_window_id: int | None = None


def aged(c: Candidate, service: Service | None, policy: RoutingPolicy, now: datetime) -> bool:
    """Whether a normal ticket has waited long enough to rank with priority tickets."""
    if service is None or policy.aging == "off":
        return False
    limit = service.red_minutes if policy.aging == "red" else service.yellow_minutes
    return now - c.issued_at >= timedelta(minutes=limit)


def rank_key(
    c: Candidate, services: Mapping[str, Service], policy: RoutingPolicy, now: datetime
) -> tuple[int, datetime, int]:
    """Sort key: urgent class first, then place in line, then ticket id."""
    urgent = c.priority or aged(c, services.get(c.service_code), policy, now)
    return (0 if urgent else 1, c.queue_at, c.ticket_id)


def general_services(services: Iterable[Service]) -> frozenset[str]:
    return frozenset(s.code for s in services if WindowKind.GENERAL in s.window_kinds)


def _first(
    pool: Sequence[Candidate],
    services: Mapping[str, Service],
    policy: RoutingPolicy,
    now: datetime,
) -> Candidate | None:
    if not pool:
        return None
    return min(pool, key=lambda c: rank_key(c, services, policy, now))


def choose_next(
    window: Window,
    waiting: Sequence[Candidate],
    services: Mapping[str, Service],
    policy: RoutingPolicy,
    now: datetime,
) -> Candidate | None:
    """Return the ticket this window should call next, or None when nothing fits."""
    directed = [c for c in waiting if c.target_window_id == window.id]
    if directed:
        return min(directed, key=lambda c: (c.queue_at, c.ticket_id))
    free = [c for c in waiting if c.target_window_id is None]
    own = [c for c in free if c.service_code in window.services]
    if own or window.kind is not WindowKind.SPECIAL:
        return _first(own, services, policy, now)
    return _help(free, services, policy, now)


def _help(
    free: Sequence[Candidate],
    services: Mapping[str, Service],
    policy: RoutingPolicy,
    now: datetime,
) -> Candidate | None:
    """The general ticket a specialised window with an empty line of its own takes, if any."""
    general = general_services(services.values())
    general_line = [c for c in free if c.service_code in general]
    if len(general_line) < max(1, policy.specialist_help_min_general_waiting):
        return None
    if not policy.specialist_help_shortest_first:
        return _first(general_line, services, policy, now)
    return min(general_line, key=lambda c: help_key(c, services, policy, now))


def help_key(
    c: Candidate, services: Mapping[str, Service], policy: RoutingPolicy, now: datetime
) -> tuple[int, float, datetime, int]:
    """Shortest-first help: urgent class first, then expected minutes, then place in line.

    A specialist's own citizen who arrives while it helps waits for the rest of that job, so
    a shorter job costs its own line less; on the general line it is shortest-job-first."""
    urgent, queue_at, ticket_id = rank_key(c, services, policy, now)
    return (urgent, services[c.service_code].expected_minutes, queue_at, ticket_id)


def may_take(window: Window, service_code: str, general: frozenset[str]) -> bool:
    """Whether the window may ever take a ticket of this service (own or by helping)."""
    if service_code in window.services:
        return True
    return window.kind is WindowKind.SPECIAL and service_code in general
