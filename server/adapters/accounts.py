"""Accounts and device tokens for callers that hold an engine but no runtime (the command
line, the demo start, test and bench set-up): each call runs one use case of
server/services (staff_admin, principals) in a unit of work of its own, so the rules (roles,
the password rule, token digests) are written once, there."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import Engine

from server.adapters.unit_of_work import NoEvents, SqlUnitOfWork
from server.domain.errors import DomainError, InvalidValue, NotFound, UsernameTaken
from server.services import staff_admin
from server.services.context import Context
from server.services.principals import Principal, token_digest

__all__ = [
    "AccountError",
    "Principal",
    "add_user",
    "id_hasher",
    "issue_device_token",
    "revoke_device",
    "run_once",
    "token_digest",
]

R = TypeVar("R")


class AccountError(Exception):
    def __init__(self, code: str, en: str, zh: str) -> None:
        self.code, self.en, self.zh = code, en, zh
        super().__init__(en)


def id_hasher(secret: str):  # type: ignore[no-untyped-def]
    """Keyed hash of an ID number: look-ups work, the number itself is never stored."""
    key = hashlib.sha256(b"onewindow-id:" + secret.encode()).digest()
    return lambda id_number: hmac.new(key, id_number.encode(), hashlib.sha256).hexdigest()


def run_once(
    engine: Engine,
    handler: Callable[..., R],
    *args: Any,
    secret: str = "",
    now: datetime | None = None,
) -> R:
    """handler(*args, uow, ctx) in a unit of work of its own (no events: nothing listens)."""
    ctx = Context(now=now or datetime.now(UTC), hash_id=id_hasher(secret))
    with SqlUnitOfWork(engine, NoEvents(), secret=secret) as uow:
        return handler(*args, uow, ctx)


def _account_error(e: DomainError) -> AccountError:
    if isinstance(e, InvalidValue):
        field, en, zh = e.params["field"], e.params["reason"], e.params["reason_zh"]
        code = "weak_password" if field == "password" else f"bad_{field}"
        return AccountError(code, f"{field}: {en}", f"{field}: {zh}")
    if isinstance(e, UsernameTaken):
        name = e.params["username"]
        return AccountError("user_exists", f"user {name!r} exists", f"用户 {name} 已存在")
    if isinstance(e, NotFound) and "hall" in e.params:
        hall = e.params["hall"]
        return AccountError("unknown_hall", f"no hall {hall!r}", f"没有大厅 {hall}")
    return AccountError(e.code, str(e), str(e))


def add_user(
    engine: Engine, username: str, password: str, role: str, hall_id: str | None, name: str = ""
) -> int:
    """Create an account (staff_admin.enrol_user: its role and password rules)."""
    try:
        return run_once(engine, staff_admin.enrol_user, username, password, role, hall_id, name)
    except DomainError as e:
        raise _account_error(e) from None


def issue_device_token(
    engine: Engine, hall_id: str, kind: str, name: str, now: datetime, window_id: int | None = None
) -> str:
    """Create a device and return its token: shown once, stored only as a digest."""
    try:
        return run_once(engine, staff_admin.issue_device, hall_id, kind, name, window_id, now=now)
    except DomainError as e:
        raise _account_error(e) from None


def revoke_device(engine: Engine, device_id: int, now: datetime) -> None:
    with SqlUnitOfWork(engine, NoEvents()) as uow:
        uow.devices.revoke(device_id, now)
