"""Users (hashed passwords, roles) and device tokens (stored hashed, revocable)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Engine, bindparam, insert, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from server.adapters import tables
from server.adapters.sessions import same_stamp, session_stamp
from server.services.records import DEVICE_KINDS, ROLES


class AccountError(Exception):
    def __init__(self, code: str, en: str, zh: str) -> None:
        self.code, self.en, self.zh = code, en, zh
        super().__init__(en)


@dataclass(frozen=True)
class Principal:
    """Who is calling: a user or a device, with its role and hall."""

    kind: str  # user | device
    role: str  # clerk | manager | admin | kiosk | display | rating_pad | counter
    hall_id: str | None
    user_id: int | None = None
    device_id: int | None = None
    window_id: int | None = None
    name: str = ""
    # A user's session stamp (server/adapters/sessions.py): a session must carry this one.
    session: str = field(default="", repr=False)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def id_hasher(secret: str):  # type: ignore[no-untyped-def]
    """Keyed hash of an ID number: look-ups work, the number itself is never stored."""
    key = hashlib.sha256(b"onewindow-id:" + secret.encode()).digest()
    return lambda id_number: hmac.new(key, id_number.encode(), hashlib.sha256).hexdigest()


def add_user(
    engine: Engine, username: str, password: str, role: str, hall_id: str | None, name: str = ""
) -> int:
    if role not in ROLES:
        raise AccountError("bad_role", f"role must be one of {ROLES}", f"角色只能是 {ROLES}")
    if len(password) < 8:
        raise AccountError("weak_password", "password needs 8+ characters", "密码至少 8 位")
    with engine.begin() as conn:
        u = tables.users.c
        if conn.execute(select(u.id).where(u.username == username)).first():
            raise AccountError(
                "user_exists", f"user {username!r} exists", f"用户 {username} 已存在"
            )
        return int(
            conn.execute(
                insert(tables.users).values(
                    username=username,
                    password_hash=generate_password_hash(password),
                    role=role,
                    hall_id=hall_id,
                    display_name=name or username,
                    active=True,
                )
            ).inserted_primary_key[0]
        )


@cache
def _no_such_user_hash() -> str:
    return generate_password_hash(secrets.token_urlsafe(16))


def _stamp(secret: str, row: Any) -> str:
    return session_stamp(secret, row.id, row.session_version, row.role, row.password_hash)


def check_login(engine: Engine, username: str, password: str, secret: str) -> Principal | None:
    """The user of this name and password (scrypt hashes), or None. An unknown name costs
    the same hash check as a wrong password, so the answer's timing does not tell them apart."""
    with engine.connect() as conn:
        row = conn.execute(select(tables.users).where(tables.users.c.username == username)).first()
    if row is None:
        check_password_hash(_no_such_user_hash(), password)
        return None
    if not check_password_hash(row.password_hash, password) or not row.active:
        return None
    return Principal("user", row.role, row.hall_id, user_id=row.id, name=row.display_name,
                     session=_stamp(secret, row))  # fmt: skip


# A user with the window they are signed in to, in one prebuilt statement (every request).
_USER_WITH_WINDOW = (
    select(
        tables.users.c.id,
        tables.users.c.role,
        tables.users.c.hall_id,
        tables.users.c.display_name,
        tables.users.c.active,
        tables.users.c.session_version,
        tables.users.c.password_hash,
        tables.windows.c.id.label("window_id"),
    )
    .outerjoin(tables.windows, tables.windows.c.clerk_id == tables.users.c.id)
    .where(tables.users.c.id == bindparam("p_id"))
)


def user_principal(engine: Engine, user_id: int, secret: str = "") -> Principal | None:
    """The user if active (their session stamp under `secret`); the session is not checked."""
    with engine.connect() as conn:
        row = conn.execute(_USER_WITH_WINDOW, {"p_id": user_id}).first()
    if row is None or not row.active:
        return None
    return Principal(
        "user", row.role, row.hall_id, user_id=row.id, window_id=row.window_id,
        name=row.display_name, session=_stamp(secret, row),
    )  # fmt: skip


def session_principal(engine: Engine, user_id: int, stamp: object, secret: str) -> Principal | None:
    """The user of a session that is still theirs: active, and its stamp is the current one
    (no sign-out, new password or new role since it began). One statement."""
    principal = user_principal(engine, user_id, secret)
    if principal is None or not same_stamp(stamp, principal.session):
        return None
    return principal


def issue_device_token(
    engine: Engine, hall_id: str, kind: str, name: str, now: datetime, window_id: int | None = None
) -> str:
    """Create a device and return its token: shown once, stored only as a digest."""
    if kind not in DEVICE_KINDS:
        raise AccountError("bad_kind", f"kind must be one of {DEVICE_KINDS}", "设备类型无效")
    token = secrets.token_urlsafe(32)
    with engine.begin() as conn:
        if (
            conn.execute(select(tables.halls.c.id).where(tables.halls.c.id == hall_id)).first()
            is None
        ):
            raise AccountError("unknown_hall", f"no hall {hall_id!r}", f"没有大厅 {hall_id}")
        conn.execute(
            insert(tables.devices).values(
                hall_id=hall_id,
                kind=kind,
                name=name,
                window_id=window_id,
                token_hash=token_digest(token),
                created_at=now,
            )
        )
    return token


def revoke_device(engine: Engine, device_id: int, now: datetime) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(tables.devices).where(tables.devices.c.id == device_id).values(revoked_at=now)
        )


def device_principal(engine: Engine, token: str) -> Principal | None:
    d = tables.devices.c
    with engine.connect() as conn:
        row = conn.execute(
            select(tables.devices).where(
                d.token_hash == token_digest(token), d.revoked_at.is_(None)
            )
        ).first()
    if row is None:
        return None
    return Principal(
        "device", row.kind, row.hall_id, device_id=row.id, window_id=row.window_id, name=row.name
    )
