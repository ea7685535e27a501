"""Appointments and cases (with their steps), as SqlAppointments and SqlCases keep them."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

from server.domain.appointments import Appointment, AppointmentPolicy
from server.domain.cases import RUNNING, CardPolicy, Case, CaseStep
from server.domain.errors import ConcurrentUpdate, UnknownBooking, UnknownCase
from tests.fakes.database import FakeDatabase, as_json, stored, unique_violation, utc


def phone_code(code_id: int, code_hash: str, attempts: int) -> Any:
    """The port's record of a live code (its module is new with issue 13's booking guards)."""
    try:
        from server.services.booking_stores import PhoneCode
    except ImportError:  # not landed: a record with the same fields
        from collections import namedtuple

        PhoneCode = namedtuple("PhoneCode", "id code_hash attempts")  # type: ignore[no-redef]
    return PhoneCode(code_id, code_hash, attempts)


def _minutes(t: time) -> time:
    return time.fromisoformat(t.strftime("%H:%M"))  # the column keeps HH:MM


class FakeAppointments:
    """Versions live in the repository, as in SqlAppointments: the one read last is checked."""

    def __init__(self, db: FakeDatabase) -> None:
        self.db = db
        self.versions: dict[int, int] = {}

    def _row(self, a: Appointment) -> Appointment:
        return stored(a, start=_minutes(a.start), end=_minutes(a.end),
                      history=as_json(a.history))  # fmt: skip

    def add(self, appointment: Appointment) -> None:
        a = appointment
        taken = {(o.hall_id, o.code) for o, _ in self.db.appointments.values()}
        if (a.hall_id, a.code) in taken:
            raise unique_violation("appointments", "hall_id", "code")
        appointment_id = self.db.next_id("appointments")
        self.db.appointments[appointment_id] = (self._row(a), 0)
        self.db.appointments[appointment_id][0].id = a.id = appointment_id
        self.versions[appointment_id] = 0

    def save(self, appointment: Appointment) -> None:
        assert appointment.id is not None
        version = self.versions.get(appointment.id, 0)
        found = self.db.appointments.get(appointment.id)
        if found is None or found[1] != version:
            raise ConcurrentUpdate(booking=appointment.code)
        self.db.appointments[appointment.id] = (self._row(appointment), version + 1)
        self.versions[appointment.id] = version + 1

    def policy(self, hall_id: str) -> AppointmentPolicy:
        return self.db.policies.get(hall_id, (AppointmentPolicy(), CardPolicy()))[0]

    def by_code(self, hall_id: str, code: str) -> Appointment:
        wanted = code.strip().upper()
        found = self._list(lambda a: a.hall_id == hall_id and a.code == wanted)
        if not found:
            raise UnknownBooking()
        return found[0]

    def of_person(self, hall_id: str, id_hash: str) -> list[Appointment]:
        return self._list(lambda a: a.hall_id == hall_id and a.id_hash == id_hash)

    def of_phone(self, hall_id: str, phone_hash: str) -> list[Appointment]:
        return self._list(
            lambda a: a.hall_id == hall_id and getattr(a, "phone_hash", None) == phone_hash
        )

    def by_ticket(self, ticket_id: int) -> Appointment | None:
        found = self._list(lambda a: a.ticket_id == ticket_id)
        return found[0] if found else None

    def on_day(self, hall_id: str, day: date) -> list[Appointment]:
        return self._list(lambda a: a.hall_id == hall_id and a.day == day)

    def _list(self, where: Callable[[Appointment], bool]) -> list[Appointment]:
        rows = [(a, v) for a, v in self.db.appointments.values() if where(a)]
        out = []
        for a, version in sorted(rows, key=lambda r: (r[0].starts_at, r[0].id or 0)):
            assert a.id is not None
            self.versions[a.id] = version
            out.append(copy.deepcopy(a))
        return out


class FakePhoneCodes:
    """The booking page's SMS codes (keyed hashes only), as SqlPhoneCodes keeps them."""

    def __init__(self, db: FakeDatabase) -> None:
        self.db = db

    def add(self, hall_id: str, phone_hash: str, code_hash: str, now: datetime,
            expires_at: datetime) -> None:  # fmt: skip
        code_id = self.db.next_id("phone_verifications")
        self.db.phone_verifications[code_id] = {
            "id": code_id, "hall_id": hall_id, "phone_hash": phone_hash, "code_hash": code_hash,
            "created_at": utc(now), "expires_at": utc(expires_at), "attempts": 0,
            "verified_at": None,
        }  # fmt: skip

    def live(self, hall_id: str, phone_hash: str, now: datetime) -> Any:
        """The phone's newest code still unused and unexpired (a PhoneCode), or None."""
        for _, v in sorted(self.db.phone_verifications.items(), reverse=True):
            if (v["hall_id"], v["phone_hash"]) == (hall_id, phone_hash) and (
                v["expires_at"] > now and v["verified_at"] is None
            ):
                return phone_code(v["id"], v["code_hash"], v["attempts"])
        return None

    def tried(self, code_id: int) -> None:
        if code_id in self.db.phone_verifications:
            self.db.phone_verifications[code_id]["attempts"] += 1

    def used(self, code_id: int, now: datetime) -> None:
        if code_id in self.db.phone_verifications:
            self.db.phone_verifications[code_id]["verified_at"] = utc(now)

    def forget_before(self, hall_id: str, before: datetime) -> int:
        gone = [i for i, v in self.db.phone_verifications.items()
                if v["hall_id"] == hall_id and v["expires_at"] < before]  # fmt: skip
        for code_id in gone:
            del self.db.phone_verifications[code_id]
        return len(gone)


class FakeCases:
    def __init__(self, db: FakeDatabase) -> None:
        self.db = db

    def _row(self, case: Case, **changes: Any) -> Case:
        return stored(case, history=[], **changes)

    def add(self, case: Case) -> None:
        taken = {(o.hall_id, o.number) for o in self.db.cases.values()}
        if (case.hall_id, case.number) in taken:
            raise unique_violation("cases", "hall_id", "number")
        case_id = self.db.next_id("cases")
        self.db.cases[case_id] = self._row(case, id=case_id)
        case.id = case_id
        self._write_steps(case)

    def save(self, case: Case) -> None:
        old = self.db.cases.get(case.id) if case.id is not None else None
        if old is None or old.version != case.version:
            raise ConcurrentUpdate(case=case.number)
        self.db.cases[case.id] = self._row(case, version=case.version + 1)  # type: ignore[index]
        case.version += 1
        self._write_steps(case)

    def card_policy(self, hall_id: str) -> CardPolicy:
        return self.db.policies.get(hall_id, (AppointmentPolicy(), CardPolicy()))[1]

    def by_number(self, hall_id: str, number: str) -> Case:
        found = self._list(lambda c: c.hall_id == hall_id and c.number == number.strip())
        if not found:
            raise UnknownCase()
        return found[0]

    def of_person(self, hall_id: str, id_hash: str) -> list[Case]:
        return self._list(lambda c: c.hall_id == hall_id and c.id_hash == id_hash)

    def running(self, hall_id: str) -> list[Case]:
        return self._list(lambda c: c.hall_id == hall_id and c.status in RUNNING)

    def accepted_between(self, hall_id: str, first: date, last: date) -> list[Case]:
        return self._list(lambda c: c.hall_id == hall_id and first <= c.accepted_on <= last)

    def listing(self, hall_id: str, statuses: list[str] | None, service_codes: list[str] | None,
                first: date | None, last: date | None, offset: int,
                limit: int) -> tuple[int, list[Case]]:  # fmt: skip
        """(how many match, one page of them newest first) by state, service and day."""
        found = self._list(
            lambda c: (
                c.hall_id == hall_id
                and (statuses is None or c.status.value in statuses)
                and (service_codes is None or c.service_code in service_codes)
                and (first is None or c.accepted_on >= first)
                and (last is None or c.accepted_on <= last)
            )
        )
        found.sort(key=lambda c: (c.accepted_on, c.id), reverse=True)
        return len(found), found[offset : offset + limit]

    def steps(self, case_id: int) -> list[dict[str, Any]]:
        """Every step with its actor's display name (username when none) and window number."""
        case = self.db.cases.get(case_id)
        case_window = self.db.windows.get(case.window_id) if case and case.window_id else None
        out = []
        for _, s in sorted(self.db.case_steps.items()):
            if s["case_id"] != case_id:
                continue
            data = dict(s["data"] or {})
            own = case_window.number if case_window and s["action"] == "accept" else None
            window = data.pop("window", None) or own
            user = self.db.users.get(s["actor_id"]) if s["actor_id"] is not None else None
            name = (user["display_name"] or user["username"]) if user else None
            out.append({
                "action": s["action"], "at": s["at"].isoformat(), "from": s["from_status"],
                "to": s["to_status"], "actor_id": s["actor_id"],
                "actor_name": name if s["actor_id"] else None, "window": window, **data,
            })  # fmt: skip
        return out

    def _write_steps(self, case: Case) -> None:
        for s in case.history:
            step_id = self.db.next_id("case_steps")
            self.db.case_steps[step_id] = _step_row(case, s)
        case.history.clear()

    def _list(self, where: Callable[[Case], bool]) -> list[Case]:
        return [copy.deepcopy(c) for _, c in sorted(self.db.cases.items()) if where(c)]


def _step_row(case: Case, s: CaseStep) -> dict[str, Any]:
    return {
        "case_id": case.id,
        "hall_id": case.hall_id,
        "action": s.action,
        "at": utc(s.at),
        "from_status": s.from_status.value if s.from_status else None,
        "to_status": s.to_status.value,
        "actor_id": s.actor_id,
        "data": as_json(s.data),
    }
