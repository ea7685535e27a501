"""Staff accounts and devices as the manager console edits them (tokens and hashes stay here)."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, case, insert, select, update
from werkzeug.security import generate_password_hash

from server.adapters import tables
from server.adapters.statements import inserted_id
from server.adapters.versioning import ReadVersions, Versioned
from server.domain.errors import UnknownDevice, UnknownUser
from server.services.principals import token_digest
from server.services.records import Device, StaffUser

U, D = tables.users.c, tables.devices.c
USER_SAVE = Versioned(tables.users, "user")
DEVICE_SAVE = Versioned(tables.devices, "device")


def _user(row: Any) -> StaffUser:
    return StaffUser(row.id, row.username, row.role, row.hall_id, row.display_name, row.active)


def _device(row: Any) -> Device:
    m = row._mapping
    return Device(**{f: m[f] for f in Device.__dataclass_fields__})


class SqlStaff:
    """Accounts; an edit is saved over the version this unit of work read (versioning.py)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.versions = ReadVersions()

    def get(self, user_id: int) -> StaffUser:
        found = self._read(U.id == user_id)
        if not found:
            raise UnknownUser(user=user_id)
        return found[0]

    def of_hall(self, hall_id: str) -> list[StaffUser]:
        return self._read(U.hall_id == hall_id)

    def _read(self, *where: Any) -> list[StaffUser]:
        rows = self.conn.execute(select(tables.users).where(*where).order_by(U.role, U.username))
        out = []
        for row in rows:
            self.versions.noted(row.id, row.version)
            out.append(_user(row))
        return out

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
                version=0,
            )
        )
        user_id = inserted_id(result)
        self.versions.noted(user_id, 0)
        return user_id

    def update(self, user: StaffUser, password: str | None = None) -> None:
        values: dict[str, Any] = {"role": user.role, "display_name": user.name,
                                  "active": user.active}  # fmt: skip
        if password is not None:
            values["password_hash"] = generate_password_hash(password)
        self.versions.save(self.conn, USER_SAVE, user.id, values, user.username)

    def name_of(self, user_id: int) -> str:
        return str(self.conn.execute(select(U.display_name).where(U.id == user_id)).scalar() or "")


class SqlDevices:
    """Devices. A manager's edit (revoking) is saved over the version this unit of work read
    (versioning.py); presence and health are written atomically, outside the version."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.versions = ReadVersions()

    def get(self, device_id: int) -> Device:
        found = self._read(D.id == device_id)
        if not found:
            raise UnknownDevice(device=device_id)
        return found[0]

    def of_hall(self, hall_id: str) -> list[Device]:
        return self._read(D.hall_id == hall_id)

    def _read(self, *where: Any) -> list[Device]:
        rows = self.conn.execute(select(tables.devices).where(*where).order_by(D.kind, D.id))
        out = []
        for row in rows:
            self.versions.noted(row.id, row.version)
            out.append(_device(row))
        return out

    def add(
        self, hall_id: str, kind: str, name: str, window_id: int | None, now: datetime
    ) -> tuple[int, str]:
        """Create a device; its token is returned once and stored only as a digest."""
        token = secrets.token_urlsafe(32)
        result = self.conn.execute(
            insert(tables.devices).values(
                hall_id=hall_id, kind=kind, name=name, window_id=window_id,
                token_hash=token_digest(token), created_at=now, sockets=0, version=0,
            )
        )  # fmt: skip
        device_id = inserted_id(result)
        self.versions.noted(device_id, 0)
        return device_id, token

    def revoke(self, device_id: int, now: datetime) -> None:
        """Revoke the device as this unit of work read it: ConcurrentUpdate if it changed.
        Named by id alone without a read (accounts.revoke_device), it is read first."""
        if device_id not in self.versions:
            self.get(device_id)
        self.versions.save(self.conn, DEVICE_SAVE, device_id, {"revoked_at": now}, device_id)

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
