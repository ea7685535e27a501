"""Appointments (预约) rows to domain objects and back."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from server.adapters import tables
from server.adapters.statements import inserted_id
from server.adapters.versioning import ReadVersions, Versioned
from server.domain.appointments import Appointment, AppointmentPolicy, AppointmentStatus, Arrival
from server.domain.cases import CardPolicy
from server.domain.errors import UnknownBooking
from server.services.booking_stores import PhoneCode

A = tables.appointments.c
V = tables.phone_verifications.c
APPOINTMENT_SAVE = Versioned(tables.appointments, "booking")
FIELDS = ("hall_id", "code", "service_code", "day", "starts_at", "id_hash", "id_masked",
          "name_masked", "phone_masked", "created_at", "checked_in_at", "ticket_id",
          "phone_hash", "address_hash")  # fmt: skip


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
    """Bookings; a save writes over the version this unit of work read last (versioning.py)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.versions = ReadVersions()

    def add(self, appointment: Appointment) -> None:
        row = {**_to_row(appointment), "version": 0}
        appointment.id = inserted_id(self.conn.execute(insert(tables.appointments).values(row)))
        self.versions.noted(appointment.id, 0)

    def save(self, appointment: Appointment) -> None:
        if appointment.id is None:
            raise ValueError("an appointment is added before it is saved")
        row = _to_row(appointment)
        self.versions.save(self.conn, APPOINTMENT_SAVE, appointment.id, row, appointment.code)

    def policy(self, hall_id: str) -> AppointmentPolicy:
        return load_policies(self.conn, hall_id)[0]

    def by_code(self, hall_id: str, code: str) -> Appointment:
        found = self._list(A.hall_id == hall_id, A.code == code.strip().upper())
        if not found:
            raise UnknownBooking()
        return found[0]

    def of_person(self, hall_id: str, id_hash: str) -> list[Appointment]:
        return self._list(A.hall_id == hall_id, A.id_hash == id_hash)

    def of_phone(self, hall_id: str, phone_hash: str) -> list[Appointment]:
        return self._list(A.hall_id == hall_id, A.phone_hash == phone_hash)

    def by_ticket(self, ticket_id: int) -> Appointment | None:
        found = self._list(A.ticket_id == ticket_id)
        return found[0] if found else None

    def on_day(self, hall_id: str, day: date) -> list[Appointment]:
        return self._list(A.hall_id == hall_id, A.day == day)

    def _list(self, *where: Any) -> list[Appointment]:
        rows = self.conn.execute(select(tables.appointments).where(*where).order_by(A.starts_at))
        out = []
        for row in rows:
            self.versions.noted(row.id, row.version)
            out.append(_from_row(row))
        return out


class SqlPhoneCodes:
    """The SMS codes of the booking page's phone step: only keyed hashes of phone and code."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, hall_id: str, phone_hash: str, code_hash: str, now: datetime,
            expires_at: datetime) -> None:  # fmt: skip
        self.conn.execute(
            insert(tables.phone_verifications).values(
                hall_id=hall_id, phone_hash=phone_hash, code_hash=code_hash, created_at=now,
                expires_at=expires_at, attempts=0,
            )
        )  # fmt: skip

    def live(self, hall_id: str, phone_hash: str, now: datetime) -> PhoneCode | None:
        """The phone's newest code still unused and unexpired."""
        row = self.conn.execute(
            select(V.id, V.code_hash, V.attempts)
            .where(V.hall_id == hall_id, V.phone_hash == phone_hash, V.expires_at > now,
                   V.verified_at.is_(None))
            .order_by(V.id.desc())
            .limit(1)
        ).first()  # fmt: skip
        return PhoneCode(row.id, row.code_hash, row.attempts) if row else None

    def tried(self, code_id: int) -> None:
        self.conn.execute(
            update(tables.phone_verifications)
            .where(V.id == code_id)
            .values(attempts=V.attempts + 1)
        )

    def used(self, code_id: int, now: datetime) -> None:
        self.conn.execute(
            update(tables.phone_verifications).where(V.id == code_id).values(verified_at=now)
        )

    def forget_before(self, hall_id: str, before: datetime) -> int:
        """Drop codes that expired before `before` (their phone hashes go with them)."""
        result = self.conn.execute(
            delete(tables.phone_verifications).where(V.hall_id == hall_id, V.expires_at < before)
        )
        return int(result.rowcount)
