"""A ticket's place in line and its estimated wait, and the summary of each line."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from server.domain.catalogue import Service, Window, WindowState
from server.domain.hall import RoutingPolicy
from server.domain.routing import Candidate, general_services, may_take, rank_key


@dataclass(frozen=True)
class Estimate:
    ahead: int
    minutes: float | None  # None: no open window can serve it now
    open_windows: int


@dataclass(frozen=True)
class LineSummary:
    service_code: str
    waiting: int
    estimate: Estimate  # for a normal ticket taken now


class Reach:
    """Which windows can take each service, and which services compete with it."""

    def __init__(self, windows: Sequence[Window], services: Mapping[str, Service]) -> None:
        general = general_services(services.values())
        self.services = services
        self.all_windows = list(windows)
        self.windows = {
            code: [w for w in windows if may_take(w, code, general)] for code in services
        }
        self.competing = {
            code: frozenset().union(
                *(_served_before_or_with(w, code, general) for w in self.windows[code])
            )
            for code in services
        }

    def open_windows(self, service_code: str, target_window_id: int | None = None) -> int:
        if target_window_id is not None:  # a transfer may name any window, whatever it serves
            able = [w for w in self.all_windows if w.id == target_window_id]
        else:
            able = self.windows.get(service_code, [])
        return sum(1 for w in able if w.state is WindowState.OPEN)

    def minutes(
        self, ahead: int, service_code: str, open_count: int, mean_minutes: Mapping[str, float]
    ) -> float | None:
        if not open_count:
            return None
        service = self.services.get(service_code)
        mean = mean_minutes.get(service_code) or (service.expected_minutes if service else 0.0)
        return ahead / open_count * mean


def _served_before_or_with(window: Window, code: str, general: frozenset[str]) -> frozenset[str]:
    """Services this window takes before or alongside `code` (its own line comes first)."""
    if code in window.services:
        return window.services
    return window.services | general  # helping: its own line, then the whole general line


def _ahead_of_directed(ticket: Candidate, waiting: Sequence[Candidate]) -> int:
    """A window takes tickets directed to it first, oldest first."""
    mine = (ticket.queue_at, ticket.ticket_id)
    return sum(
        1
        for other in waiting
        if other.target_window_id == ticket.target_window_id
        and other.ticket_id != ticket.ticket_id
        and (other.queue_at, other.ticket_id) < mine
    )


def estimate_wait(
    ticket: Candidate,
    waiting: Sequence[Candidate],
    reach: Reach,
    mean_minutes: Mapping[str, float],
    policy: RoutingPolicy,
    now: datetime,
) -> Estimate:
    """Tickets ahead that compete for the same windows, over those windows, times the mean.

    The mean service time is the day's observed mean for the service, or its expected
    minutes until there are observations.
    """
    if ticket.target_window_id is not None:
        ahead = _ahead_of_directed(ticket, waiting)
    else:
        competing = reach.competing.get(ticket.service_code, frozenset())
        mine = rank_key(ticket, reach.services, policy, now)
        ahead = sum(
            1
            for other in waiting
            if other.ticket_id != ticket.ticket_id
            and other.target_window_id is None
            and other.service_code in competing
            and rank_key(other, reach.services, policy, now) < mine
        )
    open_count = reach.open_windows(ticket.service_code, ticket.target_window_id)
    minutes = reach.minutes(ahead, ticket.service_code, open_count, mean_minutes)
    return Estimate(ahead=ahead, minutes=minutes, open_windows=open_count)


def count_lines(waiting: Sequence[Candidate]) -> Counter[str]:
    """How many wait in each service's line (tickets sent to a named window excluded)."""
    return Counter(c.service_code for c in waiting if c.target_window_id is None)


def summarise_lines(
    per_service: Mapping[str, int], reach: Reach, mean_minutes: Mapping[str, float]
) -> list[LineSummary]:
    """Per service: how many wait, and the estimate for a normal ticket taken now.

    Every ticket already waiting ranks ahead of a normal ticket taken now (it is older, or
    has priority), so the counts of the competing lines are its place.
    """
    lines = []
    for code in reach.services:
        ahead = sum(per_service.get(other, 0) for other in reach.competing[code])
        open_count = reach.open_windows(code)
        minutes = reach.minutes(ahead, code, open_count, mean_minutes)
        waiting = per_service.get(code, 0)
        lines.append(LineSummary(code, waiting, Estimate(ahead, minutes, open_count)))
    return lines
