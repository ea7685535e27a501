"""Supervision figures (监督考核) of a period, from plain facts: what halls report upward.

Definitions (the issue leaves them open; these are the choices, stated once):
- wait: called_at - issued_at of tickets that were called; tickets never called have none.
- p90 wait: nearest-rank 90th percentile (the ceil(0.9 n)-th smallest wait).
- served within target: of the called tickets, those whose wait is at most their service's
  yellow threshold (the hall's own "too long" line).
- no-show rate: no-show tickets over called tickets (a rejoined one counts once, as called).
- cases on time: of the cases decided (approved or rejected) in the period, those decided on
  or before their deadline day.
- rating rate (评价率): ratings over finished tickets; satisfaction: 满意 and 非常满意 over
  ratings (as the manager's board); good rate (好评率): 基本满意 and up over ratings.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class TicketFact:
    service_code: str
    status: str
    issued_at: datetime
    called_at: datetime | None
    target_minutes: float  # the service's yellow threshold


@dataclass(frozen=True)
class CaseFact:
    deadline: date
    decided_on: date | None  # local day of approval or refusal; None: not decided


@dataclass(frozen=True)
class RatingFact:
    level: int
    window: str  # window number, clerk name or service code: the group it is counted in
    clerk: str
    service: str


def percentile(values: Sequence[float], share: float) -> float | None:
    """Nearest-rank percentile: the ceil(share n)-th smallest value (None when empty)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(1, math.ceil(share * len(ordered) - 1e-9)) - 1]


def _share(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(part / whole, 4)


def ticket_figures(tickets: Iterable[TicketFact]) -> dict[str, object]:
    facts = list(tickets)
    waits = [(t.called_at - t.issued_at).total_seconds() / 60 for t in facts if t.called_at]
    called = [t for t in facts if t.called_at]
    within = sum(1 for t in called if t.called_at and
                 (t.called_at - t.issued_at).total_seconds() / 60 <= t.target_minutes)  # fmt: skip
    no_shows = sum(1 for t in facts if t.status == "no_show")
    p90 = percentile(waits, 0.9)
    return {
        "tickets": len(facts),
        "called": len(called),
        "finished": sum(1 for t in facts if t.status == "done"),
        "average_wait_minutes": round(sum(waits) / len(waits), 2) if waits else None,
        "p90_wait_minutes": None if p90 is None else round(p90, 2),
        "within_target_share": _share(within, len(called)),
        "no_show_rate": _share(no_shows, len(called)),
    }


def case_figures(cases: Iterable[CaseFact]) -> dict[str, object]:
    decided = [c for c in cases if c.decided_on is not None]
    on_time = sum(1 for c in decided if c.decided_on is not None and c.decided_on <= c.deadline)
    return {"decided": len(decided), "on_time": on_time,
            "on_time_share": _share(on_time, len(decided))}  # fmt: skip


def rating_figures(ratings: Iterable[RatingFact], finished: int) -> dict[str, object]:
    facts = list(ratings)
    levels = Counter(r.level for r in facts)
    return {
        "ratings": len(facts),
        "rating_rate": _share(len(facts), finished),
        "satisfaction": _share(levels[4] + levels[5], len(facts)),
        "good_rate": _share(levels[3] + levels[4] + levels[5], len(facts)),
        "by_level": {str(level): levels[level] for level in range(5, 0, -1)},
        "by_window": _shares(facts, "window"),
        "by_clerk": _shares(facts, "clerk"),
        "by_service": _shares(facts, "service"),
    }


def _shares(facts: Sequence[RatingFact], group: str) -> dict[str, dict[str, float]]:
    """The share of each level within each group: {group: {"5": 0.5, ..., "1": 0.0}}."""
    counts: dict[str, Counter[int]] = defaultdict(Counter)
    for r in facts:
        counts[getattr(r, group)][r.level] += 1
    return {
        name: {str(lv): round(c[lv] / sum(c.values()), 4) for lv in range(5, 0, -1)}
        for name, c in sorted(counts.items())
    }


def tickets_per_slot(
    issued_local: Iterable[datetime], first: date, last: date, by_hour: bool
) -> list[tuple[str, int]]:
    """Tickets per hour of the day (hours 08..17 at least, more when tickets fall outside) or
    per day of the period: [(label, count)], every slot present, zero when empty."""
    times = list(issued_local)
    if by_hour:
        hours = Counter(t.hour for t in times)
        low, high = min([8, *hours]), max([17, *hours])
        return [(f"{h:02d}", hours[h]) for h in range(low, high + 1)]
    days = Counter(t.date() for t in times)
    span = (last - first).days + 1
    return [
        (str(d.day), days[d])
        for d in (date.fromordinal(first.toordinal() + i) for i in range(span))
    ]


def wait_histogram(
    waits: Sequence[float], width: int = 5, buckets: int = 8
) -> list[tuple[str, int]]:
    """Waits in minutes counted in `buckets` bins of `width` minutes; the last one is open
    ("35+"): [(label, count)]."""
    counts = [0] * buckets
    for w in waits:
        counts[min(buckets - 1, int(max(0.0, w) // width))] += 1
    labels = [f"{i * width}-{(i + 1) * width}" for i in range(buckets - 1)]
    return list(zip([*labels, f"{(buckets - 1) * width}+"], counts, strict=True))


def typical_target(tickets: Iterable[TicketFact]) -> float | None:
    """The median target (yellow threshold) of the called tickets: the line drawn on the
    wait chart (services differ; each ticket is judged by its own in within_target_share)."""
    targets = sorted(t.target_minutes for t in tickets if t.called_at)
    return targets[(len(targets) - 1) // 2] if targets else None
