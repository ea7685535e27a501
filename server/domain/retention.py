"""How long personal data is kept (个人信息保存期限), and what counts as personal in stored notes.

Rows are never deleted: a ticket, an appointment, a case or an audit entry stays with every
figure the reports need (times, counts, outcomes, ratings); only the fields that name or
identify a person are blanked once the row is older than its cut-off.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

# Keys of stored JSON notes that may hold personal data, per kind of record.
TICKET_EVENT_KEYS = frozenset({"note"})  # a clerk's transfer note: free text
CASE_STEP_KEYS = frozenset({"reason", "remedy", "tracking", "note"})
AUDIT_KEYS = frozenset(
    {"note", "name", "name_masked", "id_number", "id_masked", "id_hash", "phone", "phone_masked"}
)


@dataclass(frozen=True)
class RetentionPolicy:
    """Days personal data is kept; the hall file's [privacy] section."""

    ticket_days: int = 30  # tickets: ID hash, masked ID and name, clerks' notes
    appointment_days: int = 90  # bookings: the no-show rule reads 30 + 30 days back
    case_days: int = 365  # cases: applicant and free text, counted from delivery
    audit_days: int = 365  # notes in the audit log and closed bad-rating follow-ups

    def cutoffs(self, today: date, now: datetime) -> Cutoffs:
        """What is older than these is purged: local days for day-keyed rows, instants else."""
        return Cutoffs(
            ticket_day=today - timedelta(days=self.ticket_days),
            appointment_day=today - timedelta(days=self.appointment_days),
            case_delivered_at=now - timedelta(days=self.case_days),
            audit_at=now - timedelta(days=self.audit_days),
        )


@dataclass(frozen=True)
class Cutoffs:
    ticket_day: date  # tickets of days before this one
    appointment_day: date  # bookings for days before this one
    case_delivered_at: datetime  # cases delivered before this instant
    audit_at: datetime  # audit entries and follow-ups closed before this instant


def scrub(data: Any, keys: frozenset[str]) -> Any:
    """A copy of a JSON value without the given keys at any depth."""
    if isinstance(data, dict):
        return {k: scrub(v, keys) for k, v in data.items() if k not in keys}
    if isinstance(data, list):
        return [scrub(v, keys) for v in data]
    return data


def holds_any(data: Any, keys: frozenset[str]) -> bool:
    """Whether a JSON value has one of the keys at any depth."""
    if isinstance(data, dict):
        return any(k in keys or holds_any(v, keys) for k, v in data.items())
    if isinstance(data, list):
        return any(holds_any(v, keys) for v in data)
    return False
