"""A queue ticket and its life: one explicit table of allowed moves, each move recorded."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from server.domain.errors import IllegalMove, RecallLimitReached, RejoinNotAllowed


class TicketStatus(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"


class Priority(StrEnum):
    """Green channel (绿色通道) and appointments rank ahead of normal tickets."""

    NORMAL = "normal"
    APPOINTMENT = "appointment"
    ELDERLY = "elderly"
    DISABLED = "disabled"
    PREGNANT = "pregnant"
    VETERAN = "veteran"


class Outcome(StrEnum):
    DONE = "done"  # 办结
    ACCEPTED = "accepted"  # 受理 (a promised matter becomes a case)
    CONSULTED = "consulted"  # 咨询
    RETURNED = "returned"  # 退回补正


W, C, S = TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.SERVING
D, N, X = TicketStatus.DONE, TicketStatus.NO_SHOW, TicketStatus.CANCELLED

# action -> {from status: to status}; anything else is an illegal move.
MOVES: dict[str, dict[TicketStatus, TicketStatus]] = {
    "call": {W: C},
    "recall": {C: C},
    "start": {C: S},
    "finish": {C: D, S: D},
    "no_show": {C: N},
    "rejoin": {N: W},
    "transfer": {W: W, C: W, S: W},
    "cancel": {W: X, N: X},
}


@dataclass(frozen=True)
class TicketEvent:
    """One timed history row: the audit trail and the statistics come from these."""

    kind: str
    at: datetime
    from_status: TicketStatus | None
    to_status: TicketStatus
    window_id: int | None = None
    actor_id: int | None = None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Ticket:
    id: int | None
    hall_id: str
    day: date
    number: str
    service_code: str
    token: str
    issued_at: datetime
    queue_at: datetime
    status: TicketStatus = TicketStatus.WAITING
    priority: Priority = Priority.NORMAL
    window_id: int | None = None
    target_window_id: int | None = None
    recall_count: int = 0
    called_at: datetime | None = None
    serving_at: datetime | None = None
    finished_at: datetime | None = None
    no_show_at: datetime | None = None
    rejoined: bool = False
    outcome: Outcome | None = None
    id_hash: str | None = None
    id_masked: str | None = None
    name_masked: str | None = None
    version: int = 0
    history: list[TicketEvent] = field(default_factory=list)

    @property
    def is_priority(self) -> bool:
        return self.priority is not Priority.NORMAL

    def record_issue(self, actor_id: int | None = None) -> None:
        self.history.append(
            TicketEvent("issued", self.issued_at, None, self.status, actor_id=actor_id)
        )

    def not_before_own_times(self, now: datetime) -> datetime:
        """`now`, or this ticket's latest time if the clock was stepped back (NTP) behind it:
        a ticket's own times never run backwards, so no wait or service time is negative."""
        own = (self.issued_at, self.called_at, self.serving_at, self.no_show_at, self.finished_at)
        return max([now, *(t for t in own if t is not None)])

    def call(self, window_id: int, now: datetime, actor_id: int | None = None) -> None:
        now = self.not_before_own_times(now)
        self._move("call", now, window_id, actor_id)
        self.window_id, self.target_window_id, self.called_at = window_id, None, now
        self.recall_count = 0

    def recall(self, limit: int, now: datetime, actor_id: int | None = None) -> None:
        if self.status is TicketStatus.CALLED and self.recall_count >= limit:
            raise RecallLimitReached(number=self.number, limit=limit)
        self._move("recall", now, self.window_id, actor_id)
        self.recall_count += 1

    def start(self, now: datetime, actor_id: int | None = None) -> None:
        now = self.not_before_own_times(now)
        self._move("start", now, self.window_id, actor_id)
        self.serving_at = now

    def finish(self, outcome: Outcome, now: datetime, actor_id: int | None = None) -> None:
        now = self.not_before_own_times(now)
        self._move("finish", now, self.window_id, actor_id, outcome=outcome.value)
        self.outcome, self.finished_at = outcome, now
        if self.serving_at is None:
            self.serving_at = self.called_at

    def mark_no_show(self, now: datetime, actor_id: int | None = None) -> None:
        now = self.not_before_own_times(now)
        self._move("no_show", now, self.window_id, actor_id)
        self.no_show_at = now

    def rejoin(self, within_minutes: float, behind: datetime, now: datetime) -> None:
        """Put a no-show back in line once, right behind the tickets already called."""
        if self.status is TicketStatus.NO_SHOW:
            late = self.no_show_at is None or now - self.no_show_at > timedelta(
                minutes=within_minutes
            )
            if self.rejoined or late:
                raise RejoinNotAllowed(number=self.number, already=self.rejoined)
        self._move("rejoin", now, None, None)
        self.rejoined, self.window_id = True, None
        self.queue_at = max(self.queue_at, behind)

    def transfer(
        self,
        now: datetime,
        *,
        service_code: str | None,
        window_id: int | None,
        keep_place: bool,
        actor_id: int | None = None,
        note: str = "",
    ) -> None:
        """Send the ticket to another service or a named window; it keeps its number. The
        clerk's note (缺什么材料, 已核验...) stays in its history for the next window."""
        data: dict[str, Any] = {
            "service": service_code,
            "window": window_id,
            "from_window": self.window_id,
        }
        if note.strip():
            data["note"] = note.strip()
        self._move("transfer", now, self.window_id, actor_id, **data)
        if service_code is not None:
            self.service_code = service_code
        self.target_window_id = window_id
        self.window_id = None
        self.called_at = self.serving_at = None
        if not keep_place:
            self.queue_at = now

    def cancel(self, now: datetime, actor_id: int | None = None) -> None:
        self._move("cancel", now, None, actor_id)

    def _move(
        self,
        action: str,
        now: datetime,
        window_id: int | None,
        actor_id: int | None,
        **data: Any,
    ) -> None:
        target = MOVES[action].get(self.status)
        if target is None:
            raise IllegalMove(action=action, state=self.status.value, number=self.number)
        event = TicketEvent(action, now, self.status, target, window_id, actor_id, data)
        self.history.append(event)
        self.status = target


def queue_time(now: datetime, latest_waiting: datetime | None) -> datetime:
    """When a new ticket joins the line: now, or behind the latest ticket waiting if the clock
    was stepped back (NTP) behind it, so no ticket taken later is served earlier."""
    return now if latest_waiting is None or latest_waiting <= now else latest_waiting
