"""A case (办件) of a promised matter (承诺件): accepted at a window, reviewed in the back
office, handed out. One explicit table of moves; every step timed and attributed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from server.domain import case_journey as journey
from server.domain.case_journey import HandoverItem, Hop
from server.domain.deadline_cards import Card, Countdown, countdown, is_overdue, working_days_over
from server.domain.errors import IllegalCaseMove, invalid
from server.domain.workdays import WorkingCalendar


class CaseStatus(StrEnum):
    ACCEPTED = "accepted"  # 已受理
    IN_REVIEW = "in_review"  # 审查中
    APPROVED = "approved"  # 已办结 (准予)
    REJECTED = "rejected"  # 不予许可 (with reason and remedy)
    READY = "ready_for_pickup"  # 待领取
    DELIVERED = "delivered"  # 已送达
    MATERIALS_REQUESTED = "materials_requested"  # 补正中: sent back for missing materials


class Delivery(StrEnum):
    WINDOW = "window"  # 窗口领取
    POST = "post"  # 邮寄 (tracking number)
    CABINET = "cabinet"  # 自助柜 (locker)


A, R, OK, NO = CaseStatus.ACCEPTED, CaseStatus.IN_REVIEW, CaseStatus.APPROVED, CaseStatus.REJECTED
READY, DONE, MR = CaseStatus.READY, CaseStatus.DELIVERED, CaseStatus.MATERIALS_REQUESTED

# action -> {from status: to status}; anything else is an illegal move.
MOVES: dict[str, dict[CaseStatus, CaseStatus]] = {
    "review": {A: R},
    "approve": {R: OK},
    "reject": {R: NO},
    "ready": {OK: READY, NO: READY},  # a refusal decision is handed out like a licence
    "deliver": {READY: DONE},
    "request_materials": {A: MR, R: MR},  # 补正: the clock stops until they are supplied
    "resubmit": {MR: A},
}
# The promise (承诺时限) covers the work up to a decision; later states carry no deadline card.
RUNNING = frozenset({A, R})


@dataclass(frozen=True)
class CardPolicy:
    """A case is yellow when the working days left (today included) are at most the larger of
    `yellow_last_days` and `yellow_share` of the promised days; red once overdue (the card
    itself: server/domain/deadline_cards.py)."""

    yellow_last_days: int = 1
    yellow_share: float = 0.2
    # A bad rating's follow-up (差评回访) is due by the end of this many working days after the
    # rating (the seeds name no time limit; 1 working day to call the citizen back is common).
    followup_working_days: int = 1

    def yellow_threshold(self, promised_days: int) -> int:
        return max(self.yellow_last_days, math.ceil(promised_days * self.yellow_share - 1e-9))


@dataclass(frozen=True)
class CaseStep:
    action: str
    at: datetime
    from_status: CaseStatus | None
    to_status: CaseStatus
    actor_id: int | None = None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Case:
    id: int | None
    hall_id: str
    number: str
    service_code: str
    ticket_id: int | None
    accepted_at: datetime
    accepted_on: date  # the hall's local day of acceptance
    promised_days: int
    deadline: date  # the last working day of the promise
    status: CaseStatus = CaseStatus.ACCEPTED
    id_hash: str | None = None
    id_masked: str | None = None
    name_masked: str | None = None
    window_id: int | None = None
    materials: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()  # 容缺受理: accepted while these are still owed
    promise_date: date | None = None  # ... by this day
    reason: str = ""
    remedy: str = ""
    delivery: Delivery | None = None
    tracking: str = ""
    version: int = 0
    history: list[CaseStep] = field(default_factory=list)
    # The network (server/domain/case_journey.py): the halls from the accepting one to the one
    # that approves (empty: this hall does both), the hops taken, and 补正's stopped clock.
    route: tuple[str, ...] = ()
    hops: list[Hop] = field(default_factory=list)
    paused_on: date | None = None

    @classmethod
    def accept(cls, *, calendar: WorkingCalendar, on: date, at: datetime, promised_days: int,
               actor_id: int | None = None, **fields: Any) -> Case:  # fmt: skip
        """A new case; its deadline is the promised number of working days after `on`."""
        deadline = calendar.add_working_days(on, promised_days)
        case = cls(id=None, accepted_at=at, accepted_on=on, promised_days=promised_days,
                   deadline=deadline, **fields)  # fmt: skip
        case.history.append(CaseStep("accept", at, None, case.status, actor_id))
        return case

    @property
    def running(self) -> bool:
        return self.status in RUNNING

    @property
    def approving_hall(self) -> str:
        return self.route[-1] if self.route else self.hall_id

    @property
    def holder(self) -> str | None:
        """The hall holding the file now; None while it is on a hop between two halls."""
        return journey.holder(self.hops, self.hall_id)

    def forward(self, items: tuple[HandoverItem, ...], now: datetime, on: date,
                actor_id: int | None = None, note: str = "") -> Hop:  # fmt: skip
        """Hand the file to the next hall: up towards the approving hall while undecided, down
        to the accepting hall once decided or sent back for materials (补正)."""
        if self.status in (CaseStatus.READY, CaseStatus.DELIVERED):
            raise IllegalCaseMove(action="forward", state=self.status.value, number=self.number)
        direction = journey.Direction.UP if self.status in RUNNING else journey.Direction.DOWN
        route = list(self.route or (self.hall_id,))
        hop = journey.send(self.hops, route, self.holder or "", direction, items, now, on,
                           actor_id, note)  # fmt: skip
        self.history.append(CaseStep("forward", now, self.status, self.status, actor_id,
                                     {"hop": hop.seq, "to": hop.to_hall}))  # fmt: skip
        return hop

    def receive(self, hall_id: str, now: datetime, actor_id: int | None = None) -> Hop:
        """The hall the file was sent to signs its handover list."""
        hop = journey.receive(self.hops, hall_id, now, actor_id)
        self.history.append(CaseStep("receive", now, self.status, self.status, actor_id,
                                     {"hop": hop.seq, "at": hall_id}))  # fmt: skip
        return hop

    def request_materials(self, missing: tuple[str, ...], now: datetime, on: date,
                          actor_id: int | None = None) -> None:  # fmt: skip
        """补正: the approving hall sends the case back for materials; the promise's clock
        stands still from `on` until they are supplied at the accepting hall."""
        journey.ensure_held_by(self.hops, self.hall_id, self.approving_hall)
        if not missing:
            raise invalid("missing", "name the materials to supply", "须写明补正的材料")
        self._move("request_materials", now, actor_id, missing=list(missing))
        self.missing, self.paused_on = missing, on

    def resubmit(self, calendar: WorkingCalendar, now: datetime, on: date,
                 actor_id: int | None = None) -> None:  # fmt: skip
        """The materials are in (at the accepting hall): the clock runs again, the deadline
        moved by the working days it stood still (the day of the request not counted)."""
        journey.ensure_held_by(self.hops, self.hall_id, self.hall_id)
        if self.missing:
            raise invalid("missing", "materials still missing", "补正材料尚未补齐")
        self._move("resubmit", now, actor_id)
        if self.paused_on is not None and on > self.paused_on:
            stood = calendar.working_days_between(self.paused_on + timedelta(days=1), on)
            self.deadline = calendar.add_working_days(self.deadline, stood)
        self.paused_on = None

    def record_materials(
        self,
        received: tuple[str, ...],
        missing: tuple[str, ...],
        promise_date: date | None,
        now: datetime,
        actor_id: int | None = None,
    ) -> None:
        """Materials received; with some missing, a promise date is required (容缺受理)."""
        if missing and promise_date is None:
            raise invalid(
                "promise_date", "required when a material is missing", "容缺受理须填写承诺补齐日期"
            )
        if promise_date is not None and promise_date < self.accepted_on:
            raise invalid("promise_date", "before the day of acceptance", "承诺日期早于受理日期")
        if self.status not in RUNNING | {CaseStatus.MATERIALS_REQUESTED}:
            raise IllegalCaseMove(action="materials", state=self.status.value, number=self.number)
        self.materials, self.missing = received, missing
        self.promise_date = promise_date if missing else None
        data = {"received": list(received), "missing": list(missing),
                "promise_date": promise_date.isoformat() if promise_date else None}  # fmt: skip
        self.history.append(CaseStep("materials", now, self.status, self.status, actor_id, data))

    def review(self, now: datetime, actor_id: int | None = None) -> None:
        journey.ensure_held_by(self.hops, self.hall_id, self.approving_hall)
        self._move("review", now, actor_id)

    def approve(self, now: datetime, actor_id: int | None = None) -> None:
        journey.ensure_held_by(self.hops, self.hall_id, self.approving_hall)
        self._move("approve", now, actor_id)

    def reject(self, reason: str, remedy: str, now: datetime, actor_id: int | None = None) -> None:
        """Refuse with the reason and the remedy (复议/诉讼 途径) the applicant is told."""
        if not reason.strip():
            raise invalid("reason", "a refusal needs its reason", "不予许可须说明理由")
        if not remedy.strip():
            raise invalid("remedy", "a refusal needs the remedy", "不予许可须告知救济途径")
        journey.ensure_held_by(self.hops, self.hall_id, self.approving_hall)
        self._move("reject", now, actor_id, reason=reason.strip(), remedy=remedy.strip())
        self.reason, self.remedy = reason.strip(), remedy.strip()

    def ready(self, now: datetime, actor_id: int | None = None) -> None:
        """The result is back at the accepting hall, to be handed out there (统一出件)."""
        journey.ensure_held_by(self.hops, self.hall_id, self.hall_id)
        self._move("ready", now, actor_id)

    def deliver(self, method: Delivery, tracking: str, now: datetime,
                actor_id: int | None = None) -> None:  # fmt: skip
        """Hand out: at the window, by post (tracking number) or at a cabinet (locker)."""
        tracking = tracking.strip()
        if method is not Delivery.WINDOW and not tracking:
            field_zh = "邮寄须填写运单号" if method is Delivery.POST else "自助柜须填写柜格号"
            raise invalid("tracking", f"required for delivery by {method.value}", field_zh)
        self._move("deliver", now, actor_id, method=method.value, tracking=tracking)
        self.delivery, self.tracking = method, tracking

    def countdown(
        self, calendar: WorkingCalendar, today: date, policy: CardPolicy
    ) -> Countdown | None:
        """The promise's card (红黄牌) and working days left or over on the hall's local day
        `today`, from the day of acceptance on; None once decided (no longer running)."""
        if not self.running:
            return None
        yellow_days = policy.yellow_threshold(self.promised_days)
        return countdown(
            calendar, today, self.deadline, yellow_days=yellow_days, started=self.accepted_on
        )

    def card(self, calendar: WorkingCalendar, today: date, policy: CardPolicy) -> Card | None:
        """The deadline card (红黄牌) of a running case on the hall's local day `today`."""
        standing = self.countdown(calendar, today, policy)
        return standing.card if standing else None

    def days_over(self, calendar: WorkingCalendar, today: date) -> int | None:
        """Working days past the deadline up to `today` (at least 1 once overdue: the promise
        broke with the deadline day); None while not overdue or no longer running."""
        return working_days_over(calendar, today, self.deadline) if self.running else None

    def material_overdue(self, today: date) -> bool:
        """容缺受理: a missing material still owed after its promised day."""
        return (
            bool(self.missing)
            and self.promise_date is not None
            and is_overdue(today, self.promise_date)
        )

    def _move(self, action: str, now: datetime, actor_id: int | None, **data: Any) -> None:
        target = MOVES[action].get(self.status)
        if target is None:
            raise IllegalCaseMove(action=action, state=self.status.value, number=self.number)
        self.history.append(CaseStep(action, now, self.status, target, actor_id, data))
        self.status = target
