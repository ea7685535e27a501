"""Waits and utilisation over several seeded runs, and the plain-text tables they print as."""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from _hallsim_model import Outcomes, Visit

from server.domain.ticket import TicketStatus

SERVED = (TicketStatus.DONE, TicketStatus.SERVING)


@dataclass(frozen=True)
class WaitStats:
    count: int
    mean: float
    half_width: float  # 95% half-width of the mean from the spread between seeds
    p50: float
    p90: float
    max: float
    over_15: float  # share waiting more than 15 minutes

    @staticmethod
    def of(per_seed: Sequence[Sequence[float]]) -> WaitStats:
        waits = sorted(w for seed in per_seed for w in seed)
        if not waits:
            return WaitStats(0, math.nan, math.nan, math.nan, math.nan, math.nan, math.nan)
        means = [statistics.fmean(s) for s in per_seed if s]
        spread = statistics.stdev(means) if len(means) > 1 else math.nan
        return WaitStats(
            count=len(waits),
            mean=statistics.fmean(waits),
            half_width=1.96 * spread / math.sqrt(len(means)),
            p50=quantile(waits, 0.5),
            p90=quantile(waits, 0.9),
            max=waits[-1],
            over_15=sum(1 for w in waits if w > 15) / len(waits),
        )


def quantile(ordered: Sequence[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    pos = (len(ordered) - 1) * q
    lo = math.floor(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


@dataclass
class Summary:
    """One variant over all its seeds."""

    name: str
    classes: dict[str, WaitStats]  # class label (and "hall", "priority") -> waits
    utilisation: dict[int, float]  # window number -> busy share
    arrivals: int
    no_shows: int
    left_waiting: int


def summarise(
    name: str, runs: Sequence[Outcomes], label: Callable[[str], str], labels: Iterable[str]
) -> Summary:
    def of_class(lab: str) -> Callable[[Visit], bool]:
        return lambda v: label(v.service_code) == lab

    groups = {lab: of_class(lab) for lab in labels}
    groups["hall"] = lambda v: True
    groups["priority"] = lambda v: v.priority
    classes = {}
    for lab, keep in groups.items():
        per_seed = [[v.waited for v in r.visits if v.status in SERVED and keep(v)] for r in runs]
        classes[lab] = WaitStats.of(per_seed)
    numbers = sorted(runs[0].busy)
    span = sum(r.span for r in runs)
    utilisation = {n: sum(r.busy[n] for r in runs) / span for n in numbers}
    return Summary(
        name=name,
        classes=classes,
        utilisation=utilisation,
        arrivals=sum(r.arrivals for r in runs),
        no_shows=sum(r.statuses.get(TicketStatus.NO_SHOW, 0) for r in runs),
        left_waiting=sum(r.statuses.get(TicketStatus.WAITING, 0) for r in runs),
    )


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table, numbers right-aligned, floats to two decimals."""
    cells = [[_cell(x) for x in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    lines = [
        "| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |",
        "|" + "|".join("-" * (w + 1) + ":" for w in widths) + "|",
    ]
    for row in cells:
        lines.append("| " + " | ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) + " |")
    return "\n".join(lines)


def _cell(x: object) -> str:
    if isinstance(x, float):
        return "-" if math.isnan(x) else f"{x:.2f}"
    return str(x)
