"""Blanking personal data past its cut-off (services/retention.py), in place: rows stay.

Every method finds the rows of one hall that are older than the cut-off and still hold
personal data, blanks that data when `apply` is set, and returns how many rows it found. A
second pass finds nothing (the purge is idempotent); a dry run (`apply` false) writes nothing.
JSON notes are pre-selected by a text match on the key, then checked and scrubbed in Python.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Connection, Table, Text, cast, func, or_, select, update

from server.adapters import tables
from server.adapters.face_store import face_templates, purge_expired_face_templates
from server.domain.retention import (
    AUDIT_KEYS,
    CASE_STEP_KEYS,
    TICKET_EVENT_KEYS,
    holds_any,
    scrub,
)

T, E = tables.tickets.c, tables.ticket_events.c
P, C, S = tables.appointments.c, tables.cases.c, tables.case_steps.c
A, F = tables.audit_log.c, tables.follow_ups.c
DELIVERED = "delivered"


def _mentions(column: Column[Any], keys: Iterable[str]) -> Any:
    """The JSON column's text names one of the keys (a cheap pre-filter, checked after)."""
    text = cast(column, Text)
    return or_(*(text.like(f'%"{k}"%') for k in sorted(keys)))


class SqlRetention:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def tickets(self, hall_id: str, before: date, apply: bool) -> int:
        """Tickets of days before `before`: ID hash, masked ID and masked name (and the digest
        of the request that took them, keyed over the same ID number and name)."""
        held = or_(T.id_hash.is_not(None), T.id_masked.is_not(None), T.name_masked.is_not(None))
        where = (T.hall_id == hall_id, T.day < before, held)
        return self._blank(tables.tickets, where, apply, id_hash=None, id_masked=None,
                           name_masked=None, request_digest=None,
                           version=T.version + 1)  # fmt: skip

    def ticket_notes(self, hall_id: str, before: date, apply: bool) -> int:
        """Notes in the history of tickets of days before `before` (a transfer's note)."""
        old = select(T.id).where(T.hall_id == hall_id, T.day < before)
        found = select(E.id, E.data).where(
            E.hall_id == hall_id, E.ticket_id.in_(old), _mentions(E.data, TICKET_EVENT_KEYS)
        )
        return self._scrub(tables.ticket_events, E.id, found, "data", TICKET_EVENT_KEYS, apply)

    def appointments(self, hall_id: str, before: date, apply: bool) -> int:
        """Bookings for days before `before`: ID hash, masked ID, name and phone, and the keyed
        hashes of phone and client address (no-shows per phone read no further back)."""
        held = or_(P.id_hash != "", P.id_masked != "", P.name_masked != "", P.phone_masked != "")
        where = (P.hall_id == hall_id, P.day < before, held)
        return self._blank(tables.appointments, where, apply, id_hash="", id_masked="",
                           name_masked="", phone_masked="", phone_hash=None, address_hash=None,
                           version=P.version + 1)  # fmt: skip

    def _delivered_before(self, hall_id: str, before: datetime) -> Any:
        return select(S.case_id).where(
            S.hall_id == hall_id, S.to_status == DELIVERED, S.at < before
        )

    def cases(self, hall_id: str, before: datetime, apply: bool) -> int:
        """Cases delivered before `before`: applicant, reasons, remedy, tracking number."""
        held = or_(
            C.id_hash.is_not(None), C.id_masked.is_not(None), C.name_masked.is_not(None),
            C.reason != "", C.remedy != "", C.tracking != "",
        )  # fmt: skip
        delivered = self._delivered_before(hall_id, before)
        where = (C.hall_id == hall_id, C.status == DELIVERED, C.id.in_(delivered), held)
        return self._blank(tables.cases, where, apply, id_hash=None, id_masked=None,
                           name_masked=None, reason="", remedy="", tracking="",
                           version=C.version + 1)  # fmt: skip

    def case_notes(self, hall_id: str, before: datetime, apply: bool) -> int:
        """Reasons, remedies and tracking numbers in the steps of those cases."""
        found = select(S.id, S.data).where(
            S.hall_id == hall_id,
            S.case_id.in_(self._delivered_before(hall_id, before)),
            _mentions(S.data, CASE_STEP_KEYS),
        )
        return self._scrub(tables.case_steps, S.id, found, "data", CASE_STEP_KEYS, apply)

    def audit(self, hall_id: str, before: datetime, apply: bool) -> int:
        """Personal fields in the before/after of audit entries older than `before`."""
        found = select(A.id, A.before, A.after).where(
            A.hall_id == hall_id,
            A.at < before,
            or_(_mentions(A.before, AUDIT_KEYS), _mentions(A.after, AUDIT_KEYS)),
        )
        return self._scrub(tables.audit_log, A.id, found, ("before", "after"), AUDIT_KEYS, apply)

    def follow_up_notes(self, hall_id: str, before: datetime, apply: bool) -> int:
        """What was done about a bad rating, in follow-ups closed before `before`."""
        where = (F.hall_id == hall_id, F.closed_at < before, F.note != "")
        return self._blank(tables.follow_ups, where, apply, note="")

    def face_templates(self, now: datetime, apply: bool) -> int:
        """Face templates past their expiry (face_store.py; every hall's: they are expired)."""
        if apply:
            return purge_expired_face_templates(self.conn, now)
        expired = select(func.count()).where(face_templates.c.expires_at <= now)
        return int(self.conn.execute(expired).scalar() or 0)

    def _blank(self, table: Table, where: tuple[Any, ...], apply: bool, **values: Any) -> int:
        if not apply:
            found = self.conn.execute(select(table.c.id).where(*where)).all()
            return len(found)
        return int(self.conn.execute(update(table).where(*where).values(**values)).rowcount)

    def _scrub(
        self,
        table: Table,
        key: Column[Any],
        found: Any,
        columns: str | tuple[str, ...],
        keys: frozenset[str],
        apply: bool,
    ) -> int:
        names = (columns,) if isinstance(columns, str) else columns
        count = 0
        for row in self.conn.execute(found).all():
            m = row._mapping
            if not any(holds_any(m[n], keys) for n in names):
                continue  # the key's name appeared only inside a value
            count += 1
            if apply:
                clean = {n: scrub(m[n], keys) for n in names if holds_any(m[n], keys)}
                self.conn.execute(update(table).where(key == m["id"]).values(**clean))
        return count
