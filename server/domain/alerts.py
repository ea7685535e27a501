"""Red/yellow warnings (红黄牌预警) computed from the state and a clock reading passed in."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from server.domain.catalogue import Service, Window, WindowState
from server.domain.ticket import Ticket, TicketStatus


class Level(StrEnum):
    YELLOW = "yellow"
    RED = "red"


@dataclass(frozen=True)
class Alert:
    """One warning: what kind, about what subject, how severe, since when."""

    kind: str  # ticket_waiting | service_overrun | window_paused (later: case_deadline ...)
    subject: str  # e.g. "ticket:42", "window:3"
    level: Level
    since: datetime
    data: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.subject)


def _level(elapsed: timedelta, yellow: timedelta, red: timedelta) -> Level | None:
    if elapsed >= red:
        return Level.RED
    if elapsed >= yellow:
        return Level.YELLOW
    return None


def _ticket_alerts(t: Ticket, services: Mapping[str, Service], now: datetime) -> Alert | None:
    service = services.get(t.service_code)
    if service is None:
        return None
    data = {"number": t.number, "service": t.service_code, "window_id": t.window_id}
    if t.status is TicketStatus.WAITING:
        yellow, red = (
            timedelta(minutes=service.yellow_minutes),
            timedelta(minutes=service.red_minutes),
        )
        level = _level(now - t.issued_at, yellow, red)
        if level:
            since = t.issued_at + (red if level is Level.RED else yellow)
            return Alert("ticket_waiting", f"ticket:{t.id}", level, since, data)
    elif t.status is TicketStatus.SERVING and t.serving_at is not None:
        expected = timedelta(minutes=service.expected_minutes)
        level = _level(now - t.serving_at, expected * 1.5, expected * 2)
        if level:
            since = t.serving_at + expected * (2 if level is Level.RED else 1.5)
            return Alert("service_overrun", f"ticket:{t.id}", level, since, data)
    return None


def compute_alerts(
    tickets: Iterable[Ticket],
    windows: Iterable[Window],
    services: Mapping[str, Service],
    max_pause_minutes: float,
    now: datetime,
) -> list[Alert]:
    """All warnings in force now, red before yellow, oldest first."""
    alerts = [a for t in tickets if (a := _ticket_alerts(t, services, now))]
    allowed = timedelta(minutes=max_pause_minutes)
    for w in windows:
        if w.state is WindowState.PAUSED and w.state_since is not None:
            level = _level(now - w.state_since, allowed, allowed * 2)
            if level:
                since = w.state_since + (allowed * 2 if level is Level.RED else allowed)
                data = {"window": w.number, "reason": w.pause_reason}
                alerts.append(Alert("window_paused", f"window:{w.id}", level, since, data))
    return sorted(alerts, key=lambda a: (a.level is not Level.RED, a.since))


def diff_alerts(before: Iterable[Alert], after: Iterable[Alert]) -> tuple[list[Alert], list[Alert]]:
    """Return (raised or changed level, cleared) between two sets of warnings."""
    old = {a.key: a for a in before}
    new = {a.key: a for a in after}
    raised = [a for k, a in new.items() if k not in old or old[k].level is not a.level]
    cleared = [a for k, a in old.items() if k not in new]
    return raised, cleared


def case_deadline_alerts(cards: Iterable[tuple[str, Level, datetime]]) -> list[Alert]:
    """Deadline cards of cases (department, level, since) as counts per department and level:
    the wall display shows how many, the 督办 list which ones."""
    groups: dict[tuple[str, Level], list[datetime]] = {}
    for department, level, since in cards:
        groups.setdefault((department, level), []).append(since)
    alerts = []
    for (department, level), sinces in groups.items():
        count = len(sinces)
        data = {"department": department, "count": count}
        # The count is part of the subject: a new count clears the old warning and raises a
        # new one, so screens hear of it (diff_alerts compares kind, subject and level only).
        subject = f"cases:{department or '-'}:{level.value}:{count}"
        alerts.append(Alert("case_deadline", subject, level, min(sinces), data))
    return sorted(alerts, key=lambda a: (a.level is not Level.RED, a.since))


def followup_deadline_alerts(cards: Iterable[tuple[Level, datetime]]) -> list[Alert]:
    """Bad-rating follow-ups (差评回访) near or past their due day (level, since) as one count
    per level, like case_deadline (the count in the subject announces a change)."""
    groups: dict[Level, list[datetime]] = {}
    for level, since in cards:
        groups.setdefault(level, []).append(since)
    alerts = []
    for level, sinces in groups.items():
        count = len(sinces)
        subject = f"followups:{level.value}:{count}"
        alerts.append(Alert("followup_deadline", subject, level, min(sinces), {"count": count}))
    return sorted(alerts, key=lambda a: (a.level is not Level.RED, a.since))
