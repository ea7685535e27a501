"""Staff accounts, devices, limits and sign-in, as SqlStaff, SqlDevices, SqlLimits,
SqlSignInLocks and SqlCredentials."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import fields, replace
from datetime import datetime
from typing import Any

from server.domain.errors import UnknownDevice, UnknownUser
from server.domain.limits import HallLimits, Window
from server.services.records import Device, StaffUser
from server.services.sign_in import NAME_SCOPE, name_subject
from server.services.unit_of_work import Account, Login
from tests.fakes.database import FakeDatabase, password_digest, unique_violation, utc

DEVICE_COLUMNS = {f.name for f in fields(Device)}


def _user(row: dict[str, Any]) -> StaffUser:
    return StaffUser(row["id"], row["username"], row["role"], row["hall_id"],
                     row["display_name"], row["active"])  # fmt: skip


class FakeStaff:
    def __init__(self, db: FakeDatabase) -> None:
        self.db = db

    def get(self, user_id: int) -> StaffUser:
        if user_id not in self.db.users:
            raise UnknownUser(user=user_id)
        return _user(self.db.users[user_id])

    def of_hall(self, hall_id: str) -> list[StaffUser]:
        mine = [u for u in self.db.users.values() if u["hall_id"] == hall_id]
        return [_user(u) for u in sorted(mine, key=lambda u: (u["role"], u["username"]))]

    def username_taken(self, username: str) -> bool:
        return any(u["username"] == username for u in self.db.users.values())

    def add(self, username: str, password: str, role: str, hall_id: str | None, name: str) -> int:
        return self.db.add_user(username, role, hall_id, name, password)

    def update(self, user: StaffUser, password: str | None = None) -> None:
        row = self.db.users.get(user.id)
        if row is None:
            return  # an UPDATE of no row changes nothing
        row.update(role=user.role, display_name=user.name, active=user.active)
        if password is not None:
            row["password_hash"] = password_digest(password)


class FakeDevices:
    def __init__(self, db: FakeDatabase) -> None:
        self.db = db

    def get(self, device_id: int) -> Device:
        if device_id not in self.db.devices:
            raise UnknownDevice(device=device_id)
        return self.db.devices[device_id]

    def of_hall(self, hall_id: str) -> list[Device]:
        mine = [d for d in self.db.devices.values() if d.hall_id == hall_id]
        return sorted(mine, key=lambda d: (d.kind, d.id))

    def add(
        self, hall_id: str, kind: str, name: str, window_id: int | None, now: datetime
    ) -> tuple[int, str]:
        """Create a device; its token is returned once and stored only as a digest."""
        token = secrets.token_urlsafe(32)
        device_id = self.db.next_id("devices")
        self.db.devices[device_id] = Device(device_id, hall_id, kind, name, window_id, utc(now))
        self.db.device_tokens[device_id] = hashlib.sha256(token.encode()).hexdigest()
        return device_id, token

    def revoke(self, device_id: int, now: datetime) -> None:
        self._set(device_id, revoked_at=now)

    def live_by_token(self, digest: str) -> Device | None:
        for device_id, stored_digest in self.db.device_tokens.items():
            device = self.db.devices.get(device_id)
            if stored_digest == digest and device is not None and device.revoked_at is None:
                return device
        return None

    def revoked_among(self, device_ids: Sequence[int]) -> list[int]:
        return [i for i in device_ids
                if i in self.db.devices and self.db.devices[i].revoked_at is not None]  # fmt: skip

    def connected(self, device_id: int, now: datetime) -> None:
        sockets = self.db.devices[device_id].sockets + 1 if device_id in self.db.devices else 0
        self._set(device_id, sockets=sockets, last_seen_at=now, offline_at=None)

    def disconnected(self, device_id: int, now: datetime) -> None:
        sockets = self.db.devices[device_id].sockets if device_id in self.db.devices else 0
        self._set(device_id, sockets=max(0, sockets - 1), last_seen_at=now)

    def requested(self, device_id: int, now: datetime) -> None:
        self._set(device_id, last_request_at=now, last_seen_at=now, offline_at=None)

    def health_reported(self, device_id: int, health: dict[str, Any], now: datetime) -> None:
        if "printer_paper" in health:
            health = {**health, "printer_at": now}
        self._set(device_id, **health, health_at=now, last_request_at=now, last_seen_at=now,
                  offline_at=None)  # fmt: skip

    def mark_offline(self, device_id: int, now: datetime) -> bool:
        """Mark a silent device offline; False when it already was (announce once)."""
        device = self.db.devices.get(device_id)
        if device is None or device.offline_at is not None:
            return False
        self._set(device_id, offline_at=now)
        return True

    def forget_connections(self) -> int:
        live = [d for d in self.db.devices.values() if d.sockets > 0]
        for d in live:
            self._set(d.id, sockets=0)
        return len(live)

    def _set(self, device_id: int, **values: Any) -> None:
        unknown = set(values) - DEVICE_COLUMNS
        if unknown:
            raise KeyError(f"devices has no column {sorted(unknown)}")
        if device_id in self.db.devices:
            times: dict[str, Any] = {
                k: utc(v) if isinstance(v, datetime) else v for k, v in values.items()
            }
            self.db.devices[device_id] = replace(self.db.devices[device_id], **times)


class FakeLimits:
    """A fixed-window counter per scope, subject and period; sign-in locks by user name."""

    def __init__(self, db: FakeDatabase) -> None:
        self.db = db

    def of_hall(self, hall_id: str) -> HallLimits:
        return self.db.hall_limits.get(hall_id, HallLimits())

    def hit(self, scope: str, subject: str, window: Window) -> int:
        key = (scope, subject[:160], window.index)
        count = self.db.rate_counters.get(key, (0, window.ends_at))[0] + 1
        self.db.rate_counters[key] = (count, utc(window.ends_at))
        if count == 1:  # a new window: drop the scope's windows that ended before it began
            for old in [k for k, (_, ends) in self.db.rate_counters.items()
                        if k[0] == scope and ends <= window.starts_at]:  # fmt: skip
                del self.db.rate_counters[old]
        return count

    def refund(self, scope: str, subject: str, window: Window) -> None:
        """Give one count back in the subject's window (never below 0)."""
        key = (scope, subject[:160], window.index)
        if key in self.db.rate_counters and self.db.rate_counters[key][0] > 0:
            count, ends = self.db.rate_counters[key]
            self.db.rate_counters[key] = (count - 1, ends)

    def forget(self, scope: str, subject: str) -> None:
        """Drop a subject's counts in every window."""
        for key in [k for k in self.db.rate_counters if k[:2] == (scope, subject[:160])]:
            del self.db.rate_counters[key]

    def unlock_sign_in(self, username: str) -> bool:
        subject = name_subject(username)
        self.forget(NAME_SCOPE, subject)
        return self.db.sign_in_locks.pop(subject, None) is not None


class FakeSignInLocks:
    """Until when a user name is locked, by the hash of the name (as sign_in_locks keeps it)."""

    def __init__(self, db: FakeDatabase) -> None:
        self.db = db

    def until(self, username: str, now: datetime) -> datetime | None:
        until = self.db.sign_in_locks.get(name_subject(username))
        return until if until is not None and until > now else None

    def lock(self, username: str, now: datetime, until: datetime) -> None:
        self.db.sign_in_locks[name_subject(username)] = utc(until)


def fake_stamp(row: dict[str, Any]) -> str:
    """A session stamp that changes with what the real one keys (version, role, password)."""
    key = f"{row['id']}:{row['session_version']}:{row['role']}:{row['password_hash']}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


class FakeCredentials:
    """Accounts by name (with their password hash) and by id (with their window)."""

    def __init__(self, db: FakeDatabase) -> None:
        self.db = db

    def login(self, username: str) -> Login | None:
        for row in self.db.users.values():
            if row["username"] == username:
                return Login(self._account(row), row["password_hash"])
        return None

    def account(self, user_id: int) -> Account | None:
        row = self.db.users.get(user_id)
        return None if row is None else self._account(row, with_window=True)

    def _account(self, row: dict[str, Any], with_window: bool = False) -> Account:
        window = None
        if with_window:
            window = next((w.id for w in self.db.windows.values() if w.clerk_id == row["id"]),
                          None)  # fmt: skip
        return Account(row["id"], row["role"], row["hall_id"], row["display_name"],
                       row["active"], fake_stamp(row), window)  # fmt: skip


class FakePasswords:
    """Checks a password against tests/fakes/database.password_digest; counts the checks
    (an unknown user must cost one too)."""

    def __init__(self) -> None:
        self.checks = 0

    def matches(self, password_hash: str | None, password: str) -> bool:
        self.checks += 1
        return password_hash is not None and password_hash == password_digest(password)


class FakeStaffSessions:
    """Each user's session version and recorded sockets (`staff_connections`)."""

    def __init__(self, db: FakeDatabase) -> None:
        self.db = db

    def end_all(self, user_id: int) -> None:
        if user_id in self.db.users:  # an UPDATE of no row changes nothing
            self.db.users[user_id]["session_version"] += 1

    def socket_opened(self, sid: str, user_id: int, now: datetime) -> None:
        if sid in self.db.staff_connections:
            raise unique_violation("staff_connections", "sid")
        self.db.staff_connections[sid] = (user_id, utc(now))

    def socket_closed(self, sid: str) -> None:
        self.db.staff_connections.pop(sid, None)

    def take_sockets(self, user_id: int) -> list[str]:
        sids = [sid for sid, (uid, _) in self.db.staff_connections.items() if uid == user_id]
        for sid in sids:
            del self.db.staff_connections[sid]
        return sids
