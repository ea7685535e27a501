"""Who is calling: the user of a session or the device of a token, looked up through the unit
of work on every request (read-only use cases)."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass, field

from server.services.context import Context
from server.services.unit_of_work import Account, UnitOfWork


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
    """What is stored of a device token: its SHA-256 (the token itself is shown once)."""
    return hashlib.sha256(token.encode()).hexdigest()


def same_stamp(sent: object, current: str) -> bool:
    return isinstance(sent, str) and hmac.compare_digest(sent.encode(), current.encode())


def user_principal(account: Account, with_window: bool = True) -> Principal:
    return Principal(
        "user", account.role, account.hall_id, user_id=account.user_id,
        window_id=account.window_id if with_window else None, name=account.name,
        session=account.stamp,
    )  # fmt: skip


def active_user(user_id: int, uow: UnitOfWork, ctx: Context) -> Principal | None:
    """The user if active, with the window they are signed in to; the session is not checked."""
    account = uow.credentials.account(user_id)
    if account is None or not account.active:
        return None
    return user_principal(account)


def session_user(user_id: int, stamp: object, uow: UnitOfWork, ctx: Context) -> Principal | None:
    """The user of a session that is still theirs: active, and its stamp is the current one
    (no sign-out, new password or new role since it began)."""
    principal = active_user(user_id, uow, ctx)
    if principal is None or not same_stamp(stamp, principal.session):
        return None
    return principal


def token_device(token: str, uow: UnitOfWork, ctx: Context) -> Principal | None:
    """The device of a token that is not revoked."""
    device = uow.devices.live_by_token(token_digest(token))
    if device is None:
        return None
    return Principal("device", device.kind, device.hall_id, device_id=device.id,
                     window_id=device.window_id, name=device.name)  # fmt: skip


def revoked_devices(device_ids: Iterable[int], uow: UnitOfWork, ctx: Context) -> list[int]:
    """Which of these devices are revoked (their sockets are to be closed)."""
    return uow.devices.revoked_among(sorted(set(device_ids)))
