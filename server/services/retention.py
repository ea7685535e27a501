"""Purge personal data past its retention period (the hall file's [privacy] section).

Run by `onewindow purge [--dry-run]` and once a day by the background ticker of the process
that owns the hall (server/web/background.py). Nothing is deleted: tickets, bookings, cases,
ratings and audit entries keep every time, count, outcome and rating the reports read; the
fields that identify a person (ID hash, masked ID, name and phone, free-text notes, reasons,
tracking numbers) are blanked once the row is older than its cut-off. Idempotent.
"""

from __future__ import annotations

import logging
from dataclasses import astuple, dataclass, field
from datetime import date, datetime, timedelta
from typing import Protocol

from server.domain.hall import Hall
from server.domain.retention import RetentionPolicy
from server.services.context import Context

log = logging.getLogger(__name__)


class RetentionStore(Protocol):
    """Finds (and, with apply, blanks) one hall's personal data older than a cut-off."""

    def tickets(self, hall_id: str, before: date, apply: bool) -> int: ...
    def ticket_notes(self, hall_id: str, before: date, apply: bool) -> int: ...
    def appointments(self, hall_id: str, before: date, apply: bool) -> int: ...
    def cases(self, hall_id: str, before: datetime, apply: bool) -> int: ...
    def case_notes(self, hall_id: str, before: datetime, apply: bool) -> int: ...
    def audit(self, hall_id: str, before: datetime, apply: bool) -> int: ...
    def follow_up_notes(self, hall_id: str, before: datetime, apply: bool) -> int: ...
    def face_templates(self, now: datetime, apply: bool) -> int: ...


class HallLookup(Protocol):
    def get(self, hall_id: str) -> Hall: ...


class RetentionWork(Protocol):
    """What the purge uses of a unit of work: the hall (its service day) and the store."""

    @property
    def halls(self) -> HallLookup: ...
    @property
    def retention(self) -> RetentionStore: ...


@dataclass(frozen=True)
class PurgePersonalData:
    hall_id: str
    policy: RetentionPolicy
    dry_run: bool = False


@dataclass(frozen=True, slots=True)
class PurgeCutoffs:
    """The cut-offs of a purge: tickets and bookings of days before, cases delivered and audit
    entries written before."""

    ticket_day: str
    appointment_day: str
    case_delivered_at: str
    audit_at: str


@dataclass(frozen=True, slots=True)
class PurgedRows:
    """How many rows of each kind held personal data past its cut-off (blanked, unless a dry
    run)."""

    tickets: int
    ticket_notes: int
    appointments: int
    cases: int
    case_notes: int
    audit: int
    follow_up_notes: int
    face_templates: int


@dataclass(frozen=True, slots=True)
class PurgeReport:
    """One hall's purge: its cut-offs and the rows found (and blanked, unless a dry run)."""

    hall: str
    dry_run: bool
    cutoffs: PurgeCutoffs
    rows: PurgedRows


def purge_personal_data(cmd: PurgePersonalData, uow: RetentionWork, ctx: Context) -> PurgeReport:
    """Blank what is past its cut-off; report the cut-offs and the rows of each kind."""
    hall = uow.halls.get(cmd.hall_id)
    cut = cmd.policy.cutoffs(hall.service_day(ctx.now), ctx.now)
    store = uow.retention
    apply = not cmd.dry_run
    rows = PurgedRows(
        tickets=store.tickets(hall.id, cut.ticket_day, apply),
        ticket_notes=store.ticket_notes(hall.id, cut.ticket_day, apply),
        appointments=store.appointments(hall.id, cut.appointment_day, apply),
        cases=store.cases(hall.id, cut.case_delivered_at, apply),
        case_notes=store.case_notes(hall.id, cut.case_delivered_at, apply),
        audit=store.audit(hall.id, cut.audit_at, apply),
        follow_up_notes=store.follow_up_notes(hall.id, cut.audit_at, apply),
        # consented face templates: deleted at their own expiry (server/adapters/face_store.py)
        face_templates=store.face_templates(ctx.now, apply),
    )
    if apply and any(astuple(rows)):
        log.info("purged personal data of hall %s: %s", hall.id, rows)
    cutoffs = PurgeCutoffs(
        ticket_day=cut.ticket_day.isoformat(),
        appointment_day=cut.appointment_day.isoformat(),
        case_delivered_at=cut.case_delivered_at.isoformat(),
        audit_at=cut.audit_at.isoformat(),
    )
    return PurgeReport(hall=hall.id, dry_run=cmd.dry_run, cutoffs=cutoffs, rows=rows)


@dataclass
class DailyPurge:
    """When the background ticker purges each hall: at its first tick, then once a day."""

    policies: dict[str, RetentionPolicy]
    every: timedelta = timedelta(days=1)
    _next: dict[str, datetime] = field(default_factory=dict)

    def due(self, hall_id: str, now: datetime) -> PurgePersonalData | None:
        """The purge to run for this hall now, if one is due (then the next is a day on)."""
        policy = self.policies.get(hall_id)
        if policy is None:
            return None
        upcoming = self._next.get(hall_id)
        if upcoming is not None and now < upcoming and now >= upcoming - self.every:
            return None  # (a clock stepped back by more than a day purges again: harmless)
        self._next[hall_id] = now + self.every
        return PurgePersonalData(hall_id, policy)
