"""The fake's storage: one object per table, kept as copies, as the SQL schema keeps rows.

What the real tables enforce is enforced here too: ids come from sequences (1, 2, ...
like SQLite's autoincrement), unique keys raise SQLAlchemy's IntegrityError (the runtime
retries it like a lost race), times are stored as aware UTC (UtcDateTime refuses naive ones)
and JSON columns go through JSON. Foreign keys are not checked.
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass, field, fields, is_dataclass, replace
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from sqlalchemy.exc import IntegrityError

from server.adapters.hall_file import HallConfig
from server.domain.alerts import Alert
from server.domain.appointments import Appointment, AppointmentPolicy
from server.domain.cases import CardPolicy, Case
from server.domain.catalogue import Service, Window, WindowState
from server.domain.hall import Hall
from server.domain.limits import HallLimits
from server.domain.ticket import Ticket
from server.services.records import Device

T = TypeVar("T")


def utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("naive datetime given to the database")
    return value.astimezone(UTC)


def stored(obj: T, **changes: Any) -> T:
    """A copy of a dataclass as a row keeps it: its times in UTC, nothing shared."""
    assert is_dataclass(obj) and not isinstance(obj, type)
    out = copy.deepcopy(replace(obj, **changes))
    for f in fields(out):
        value = getattr(out, f.name)
        if isinstance(value, datetime):
            object.__setattr__(out, f.name, utc(value))
    return out


def as_json(value: Any) -> Any:
    """What a JSON column gives back (tuples become lists, enums their values)."""
    return json.loads(json.dumps(value))


def unique_violation(table: str, *columns: str) -> IntegrityError:
    cols = ", ".join(f"{table}.{c}" for c in columns)
    failed = Exception(f"UNIQUE constraint failed: {cols}")
    return IntegrityError(f"INSERT INTO {table}", {}, failed)


@dataclass
class TicketRow:
    ticket: Ticket  # version and all; history always empty (written to `ticket_events`)
    columns: dict[str, Any] = field(default_factory=dict)  # request_key, device_id, ...


@dataclass
class FakeDatabase:
    """Every table the ports read and write; `install` fills a hall as init-db does."""

    halls: dict[str, Hall] = field(default_factory=dict)
    services: dict[str, dict[str, tuple[Service, bool]]] = field(default_factory=dict)
    windows: dict[int, Window] = field(default_factory=dict)
    tickets: dict[int, TicketRow] = field(default_factory=dict)
    ticket_events: dict[int, dict[str, Any]] = field(default_factory=dict)
    counters: dict[tuple[str, date, str], int] = field(default_factory=dict)
    ratings: dict[int, dict[str, Any]] = field(default_factory=dict)
    follow_ups: dict[int, dict[str, Any]] = field(default_factory=dict)
    alerts: dict[tuple[str, str, str], Alert] = field(default_factory=dict)
    appointments: dict[int, tuple[Appointment, int]] = field(default_factory=dict)
    cases: dict[int, Case] = field(default_factory=dict)
    case_steps: dict[int, dict[str, Any]] = field(default_factory=dict)
    policies: dict[str, tuple[AppointmentPolicy, CardPolicy]] = field(default_factory=dict)
    hall_limits: dict[str, HallLimits] = field(default_factory=dict)
    rate_counters: dict[tuple[str, str, int], tuple[int, datetime]] = field(default_factory=dict)
    sign_in_locks: dict[str, datetime] = field(default_factory=dict)
    users: dict[int, dict[str, Any]] = field(default_factory=dict)
    devices: dict[int, Device] = field(default_factory=dict)
    device_tokens: dict[int, str] = field(default_factory=dict)  # id -> token digest
    # a staff socket id -> its user and when it connected
    staff_connections: dict[str, tuple[int, datetime]] = field(default_factory=dict)
    audit_log: dict[int, dict[str, Any]] = field(default_factory=dict)
    help_requests: dict[int, dict[str, Any]] = field(default_factory=dict)
    phone_verifications: dict[int, dict[str, Any]] = field(default_factory=dict)
    sequences: dict[str, int] = field(default_factory=dict)

    def next_id(self, table: str) -> int:
        self.sequences[table] = self.sequences.get(table, 0) + 1
        return self.sequences[table]

    # -- transactions: the unit of work keeps a snapshot and puts it back on failure
    def snapshot(self) -> dict[str, Any]:
        return copy.deepcopy(self.__dict__)

    def restore(self, snapshot: dict[str, Any]) -> None:
        self.__dict__.update(snapshot)

    # -- set-up, as server/adapters/catalogue_store.install_hall (overwrite) does it
    def install(self, cfg: HallConfig) -> None:
        """Create or update the hall from its file; window state and clerks are kept."""
        hall = cfg.hall
        self.halls[hall.id] = copy.deepcopy(hall)
        self.policies[hall.id] = (cfg.appointments, cfg.cards)
        self.hall_limits[hall.id] = cfg.limits
        offered = self.services.setdefault(hall.id, {})
        for code, (service, _) in offered.items():
            offered[code] = (service, False)
        for service in cfg.services:
            offered[service.code] = (service, True)
        numbers = {w.number: w for w in self.windows.values() if w.hall_id == hall.id}
        for spec in cfg.windows:
            names: dict[str, Any] = {"name_zh": spec.name_zh, "name_en": spec.name_en,
                                     "kind": spec.kind,
                     "services": frozenset(spec.services)}  # fmt: skip
            known = numbers.get(spec.number)
            if known is not None:
                self.windows[known.id] = replace(known, **names)
            else:
                window_id = self.next_id("windows")
                self.windows[window_id] = Window(window_id, hall.id, spec.number,
                                                 state=WindowState.CLOSED, **names)  # fmt: skip

    def add_user(
        self, username: str, role: str, hall_id: str | None, name: str = "", password: str = ""
    ) -> int:
        """A staff account, as server/adapters/staff_store.SqlStaff.add makes one."""
        if any(u["username"] == username for u in self.users.values()):
            raise unique_violation("users", "username")
        user_id = self.next_id("users")
        self.users[user_id] = {"id": user_id, "username": username, "role": role,
                               "hall_id": hall_id, "display_name": name, "active": True,
                               "password_hash": password_digest(password),
                               "session_version": 0}  # fmt: skip
        return user_id


def password_digest(password: str) -> str:
    """Not werkzeug's slow hash: tests only see whether it changed."""
    return "fake-sha256$" + hashlib.sha256(password.encode()).hexdigest()
