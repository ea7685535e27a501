"""Events a use case announces after commit; each carries the data it announces."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TicketIssued:
    hall_id: str
    ticket: dict[str, Any]


@dataclass(frozen=True)
class TicketChanged:
    """kind: called, recalled, serving, done, no_show, transferred, rejoined, cancelled."""

    kind: str
    hall_id: str
    ticket: dict[str, Any]
    window: dict[str, Any] | None
    token: str


@dataclass(frozen=True)
class WindowChanged:
    hall_id: str
    window: dict[str, Any]


@dataclass(frozen=True)
class LinesStale:
    """The hall's lines changed; the web layer computes and sends the summary (coalesced)."""

    hall_id: str


@dataclass(frozen=True)
class LinesChanged:
    hall_id: str
    lines: list[dict[str, Any]]


@dataclass(frozen=True)
class AlertRaised:
    hall_id: str
    alert: dict[str, Any]


@dataclass(frozen=True)
class AlertCleared:
    hall_id: str
    alert: dict[str, Any]


@dataclass(frozen=True)
class Rated:
    hall_id: str
    rating: dict[str, Any]
