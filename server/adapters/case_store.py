"""Cases (办件) and their timed steps."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from server.adapters import tables
from server.adapters.appointment_store import load_policies
from server.adapters.statements import inserted_id
from server.domain.cases import RUNNING, CardPolicy, Case, CaseStatus, CaseStep, Delivery
from server.domain.errors import ConcurrentUpdate, UnknownCase

C = tables.cases.c
S = tables.case_steps.c
U = tables.users.c
FIELDS = ("hall_id", "number", "service_code", "ticket_id", "window_id", "accepted_at",
          "accepted_on", "promised_days", "deadline", "id_hash", "id_masked", "name_masked",
          "promise_date", "reason", "remedy", "tracking", "version")  # fmt: skip


def _from_row(row: Any) -> Case:
    m = row._mapping
    return Case(
        id=m["id"],
        status=CaseStatus(m["status"]),
        materials=tuple(m["materials"]),
        missing=tuple(m["missing"]),
        delivery=Delivery(m["delivery"]) if m["delivery"] else None,
        **{f: m[f] for f in FIELDS},
    )


def _to_row(c: Case) -> dict[str, Any]:
    return {
        **{f: getattr(c, f) for f in FIELDS},
        "status": c.status.value,
        "materials": list(c.materials),
        "missing": list(c.missing),
        "delivery": c.delivery.value if c.delivery else None,
    }


def _step_row(case: Case, s: CaseStep) -> dict[str, Any]:
    return {
        "case_id": case.id,
        "hall_id": case.hall_id,
        "action": s.action,
        "at": s.at,
        "from_status": s.from_status.value if s.from_status else None,
        "to_status": s.to_status.value,
        "actor_id": s.actor_id,
        "data": s.data,
    }


class SqlCases:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, case: Case) -> None:
        case.id = inserted_id(self.conn.execute(insert(tables.cases).values(_to_row(case))))
        self._write_steps(case)

    def save(self, case: Case) -> None:
        row = {**_to_row(case), "version": case.version + 1}
        result = self.conn.execute(
            update(tables.cases).where(C.id == case.id, C.version == case.version).values(row)
        )
        if result.rowcount != 1:
            raise ConcurrentUpdate(case=case.number)
        case.version += 1
        self._write_steps(case)

    def card_policy(self, hall_id: str) -> CardPolicy:
        return load_policies(self.conn, hall_id)[1]

    def by_number(self, hall_id: str, number: str) -> Case:
        found = self._list(C.hall_id == hall_id, C.number == number.strip())
        if not found:
            raise UnknownCase()
        return found[0]

    def of_person(self, hall_id: str, id_hash: str) -> list[Case]:
        return self._list(C.hall_id == hall_id, C.id_hash == id_hash)

    def running(self, hall_id: str) -> list[Case]:
        """Cases still within their promise (accepted or in review): the ones with cards."""
        return self._list(C.hall_id == hall_id, C.status.in_([s.value for s in RUNNING]))

    def accepted_between(self, hall_id: str, first: date, last: date) -> list[Case]:
        return self._list(C.hall_id == hall_id, C.accepted_on >= first, C.accepted_on <= last)

    def listing(
        self,
        hall_id: str,
        statuses: list[str] | None,
        service_codes: list[str] | None,
        first: date | None,
        last: date | None,
        offset: int,
        limit: int,
    ) -> tuple[int, list[Case]]:
        """(how many match, one page of them newest first) by state, service and day."""
        where = [C.hall_id == hall_id]
        if statuses is not None:
            where.append(C.status.in_(statuses))
        if service_codes is not None:
            where.append(C.service_code.in_(service_codes))
        if first is not None:
            where.append(C.accepted_on >= first)
        if last is not None:
            where.append(C.accepted_on <= last)
        total = self.conn.execute(select(func.count()).select_from(tables.cases).where(*where))
        rows = self.conn.execute(
            select(tables.cases)
            .where(*where)
            .order_by(C.accepted_on.desc(), C.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return int(total.scalar_one()), [_from_row(r) for r in rows]

    def steps(self, case_id: int) -> list[dict[str, Any]]:
        """Every step with its actor's display name (username when none) and window number:
        the step's own (a clerk at a window), else the accepting window for the acceptance."""
        case_window = tables.windows.alias("case_window")
        rows = self.conn.execute(
            select(
                tables.case_steps,
                U.display_name,
                U.username,
                case_window.c.number.label("case_window"),
            )  # fmt: skip
            .select_from(
                tables.case_steps.join(tables.cases, C.id == S.case_id)
                .outerjoin(tables.users, U.id == S.actor_id)
                .outerjoin(case_window, case_window.c.id == C.window_id)
            )
            .where(S.case_id == case_id)
            .order_by(S.id)
        )
        out = []
        for r in rows:
            data = dict(r.data or {})
            window = data.pop("window", None) or (r.case_window if r.action == "accept" else None)
            out.append({
                "action": r.action,
                "at": r.at.isoformat(),
                "from": r.from_status,
                "to": r.to_status,
                "actor_id": r.actor_id,
                "actor_name": (r.display_name or r.username) if r.actor_id else None,
                "window": window,
                **data,
            })  # fmt: skip
        return out

    def _write_steps(self, case: Case) -> None:
        if case.history:
            self.conn.execute(insert(tables.case_steps), [_step_row(case, s) for s in case.history])
            case.history.clear()

    def _list(self, *where: Any) -> list[Case]:
        rows = self.conn.execute(select(tables.cases).where(*where).order_by(C.id))
        return [_from_row(r) for r in rows]
