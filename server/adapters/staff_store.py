"""Staff accounts and devices as the manager console edits them (tokens and hashes stay here)."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, case, insert, select, update
from werkzeug.security import generate_password_hash

from server.adapters import tables
from server.domain.errors import UnknownDevice, UnknownUser
from server.services.principals import token_digest
from server.services.records import Device, StaffUser

U, D = tables.users.c, tables.devices.c


def _user(row: Any) -> StaffUser:
    return StaffUser(row.id, row.username, row.role, row.hall_id, row.display_name, row.active)


def _device(row: Any) -> Device:
    m = row._mapping
    return Device(**{f: m[f] for f in Device.__dataclass_fields__})


class SqlStaff:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def get(self, user_id: int) -> StaffUser:
        row = self.conn.execute(select(tables.users).where(U.id == user_id)).first()
        if row is None:
            raise UnknownUser(user=user_id)
        return _user(row)

    def of_hall(self, hall_id: str) -> list[StaffUser]:
        rows = self.conn.execute(
            select(tables.users).where(U.hall_id == hall_id).order_by(U.role, U.username)
        )
        return [_user(r) for r in rows]

    def username_taken(self, username: str) -> bool:
        return self.conn.execute(select(U.id).where(U.username == username)).first() is not None

    def add(self, username: str, password: str, role: str, hall_id: str | None, name: str) -> int:
        result = self.conn.execute(
            insert(tables.users).values(
                username=username,
                password_hash=generate_password_hash(password),
                role=role,
                hall_id=hall_id,
                display_name=name,
                active=True,
            )
        )
        return int(result.inserted_primary_key[0])

    def update(self, user: StaffUser, password: str | None = None) -> None:
        values: dict[str, Any] = {"role": user.role, "display_name": user.name,
                                  "active": user.active}  # fmt: skip
        if password is not None:
            values["password_hash"] = generate_password_hash(password)
        self.conn.execute(update(tables.users).where(U.id == user.id).values(**values))

    def name_of(self, user_id: int) -> str:
        return str(self.conn.execute(select(U.display_name).where(U.id == user_id)).scalar() or "")


class SqlDevices:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def get(self, device_id: int) -> Device:
        row = self.conn.execute(select(tables.devices).where(D.id == device_id)).first()
        if row is None:
            raise UnknownDevice(device=device_id)
        return _device(row)

    def of_hall(self, hall_id: str) -> list[Device]:
        rows = self.conn.execute(
            select(tables.devices).where(D.hall_id == hall_id).order_by(D.kind, D.id)
        )
        return [_device(r) for r in rows]

    def add(
        self, hall_id: str, kind: str, name: str, window_id: int | None, now: datetime
    ) -> tuple[int, str]:
        """Create a device; its token is returned once and stored only as a digest."""
        token = secrets.token_urlsafe(32)
        result = self.conn.execute(
            insert(tables.devices).values(
                hall_id=hall_id, kind=kind, name=name, window_id=window_id,
                token_hash=token_digest(token), created_at=now, sockets=0,
            )
        )  # fmt: skip
        return int(result.inserted_primary_key[0]), token

    def revoke(self, device_id: int, now: datetime) -> None:
        self.conn.execute(update(tables.devices).where(D.id == device_id).values(revoked_at=now))

    def live_by_token(self, digest: str) -> Device | None:
        """The device of this token digest, unless revoked."""
        row = self.conn.execute(
            select(tables.devices).where(D.token_hash == digest, D.revoked_at.is_(None))
        ).first()
        return None if row is None else _device(row)

    def revoked_among(self, device_ids: Sequence[int]) -> list[int]:
        if not device_ids:
            return []
        found = select(D.id).where(D.id.in_(device_ids), D.revoked_at.is_not(None))
        return [int(i) for i in self.conn.execute(found).scalars()]

    def connected(self, device_id: int, now: datetime) -> None:
        self._set(device_id, sockets=D.sockets + 1, last_seen_at=now, offline_at=None)

    def disconnected(self, device_id: int, now: datetime) -> None:
        fewer = case((D.sockets > 0, D.sockets - 1), else_=0)
        self._set(device_id, sockets=fewer, last_seen_at=now)

    def requested(self, device_id: int, now: datetime) -> None:
        self._set(device_id, last_request_at=now, last_seen_at=now, offline_at=None)

    def health_reported(self, device_id: int, health: dict[str, Any], now: datetime) -> None:
        """Store a heartbeat's device states (printer_*, reader_*, camera_* columns)."""
        if "printer_paper" in health:
            health = {**health, "printer_at": now}
        self._set(device_id, **health, health_at=now, last_request_at=now, last_seen_at=now,
                  offline_at=None)  # fmt: skip

    def mark_offline(self, device_id: int, now: datetime) -> bool:
        """Mark a silent device offline; False when it already was (announce once)."""
        result = self.conn.execute(
            update(tables.devices)
            .where(D.id == device_id, D.offline_at.is_(None))
            .values(offline_at=now)
        )
        return result.rowcount == 1

    def forget_connections(self) -> int:
        """Zero every connection count (a server start: no connection survived the stop)."""
        result = self.conn.execute(update(tables.devices).where(D.sockets > 0).values(sockets=0))
        return int(result.rowcount)

    def _set(self, device_id: int, **values: Any) -> None:
        self.conn.execute(update(tables.devices).where(D.id == device_id).values(**values))
