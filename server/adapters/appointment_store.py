"""Appointments (预约) rows to domain objects and back."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, time
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from server.adapters import tables
from server.domain.appointments import Appointment, AppointmentPolicy, AppointmentStatus, Arrival
from server.domain.cases import CardPolicy
from server.domain.errors import ConcurrentUpdate, UnknownBooking

A = tables.appointments.c
FIELDS = ("hall_id", "code", "service_code", "day", "starts_at", "id_hash", "id_masked",
          "name_masked", "phone_masked", "created_at", "checked_in_at", "ticket_id")  # fmt: skip


def _from_row(row: Any) -> Appointment:
    m = row._mapping
    return Appointment(
        id=m["id"],
        start=time.fromisoformat(m["start"]),
        end=time.fromisoformat(m["end"]),
        status=AppointmentStatus(m["status"]),
        arrival=Arrival(m["arrival"]) if m["arrival"] else None,
        history=list(m["history"]),
        **{f: m[f] for f in FIELDS},
    )


def _to_row(a: Appointment) -> dict[str, Any]:
    return {
        **{f: getattr(a, f) for f in FIELDS},
        "start": a.start.strftime("%H:%M"),
        "end": a.end.strftime("%H:%M"),
        "status": a.status.value,
        "arrival": a.arrival.value if a.arrival else None,
        "history": list(a.history),
    }


def save_policies(
    conn: Connection, hall_id: str, appointments: AppointmentPolicy, cards: CardPolicy
) -> None:
    """Store a hall file's [appointments] and [cases] settings (installing the hall)."""
    conn.execute(delete(tables.hall_policies).where(tables.hall_policies.c.hall_id == hall_id))
    row = {"hall_id": hall_id, "appointments": asdict(appointments), "cards": asdict(cards)}
    conn.execute(insert(tables.hall_policies).values(row))


def load_policies(conn: Connection, hall_id: str) -> tuple[AppointmentPolicy, CardPolicy]:
    """A hall's settings; the defaults when its file set none."""
    p = tables.hall_policies.c
    row = conn.execute(select(p.appointments, p.cards).where(p.hall_id == hall_id)).first()
    if row is None:
        return AppointmentPolicy(), CardPolicy()
    known_a, known_c = AppointmentPolicy.__dataclass_fields__, CardPolicy.__dataclass_fields__
    return (
        AppointmentPolicy(**{k: v for k, v in row.appointments.items() if k in known_a}),
        CardPolicy(**{k: v for k, v in row.cards.items() if k in known_c}),
    )


class SqlAppointments:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.versions: dict[int, int] = {}

    def add(self, appointment: Appointment) -> None:
        row = {**_to_row(appointment), "version": 0}
        result = self.conn.execute(insert(tables.appointments).values(row))
        appointment.id = result.inserted_primary_key[0]
        self.versions[appointment.id] = 0

    def save(self, appointment: Appointment) -> None:
        assert appointment.id is not None
        version = self.versions.get(appointment.id, 0)
        result = self.conn.execute(
            update(tables.appointments)
            .where(A.id == appointment.id, A.version == version)
            .values(**_to_row(appointment), version=version + 1)
        )
        if result.rowcount != 1:
            raise ConcurrentUpdate(booking=appointment.code)
        self.versions[appointment.id] = version + 1

    def policy(self, hall_id: str) -> AppointmentPolicy:
        return load_policies(self.conn, hall_id)[0]

    def by_code(self, hall_id: str, code: str) -> Appointment:
        found = self._list(A.hall_id == hall_id, A.code == code.strip().upper())
        if not found:
            raise UnknownBooking()
        return found[0]

    def of_person(self, hall_id: str, id_hash: str) -> list[Appointment]:
        return self._list(A.hall_id == hall_id, A.id_hash == id_hash)

    def by_ticket(self, ticket_id: int) -> Appointment | None:
        found = self._list(A.ticket_id == ticket_id)
        return found[0] if found else None

    def on_day(self, hall_id: str, day: date) -> list[Appointment]:
        return self._list(A.hall_id == hall_id, A.day == day)

    def _list(self, *where: Any) -> list[Appointment]:
        rows = self.conn.execute(select(tables.appointments).where(*where).order_by(A.starts_at))
        out = []
        for row in rows:
            self.versions[row.id] = row.version
            out.append(_from_row(row))
        return out
