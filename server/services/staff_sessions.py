"""Staff sessions that end at once, on every process: a user's session version and sockets.

A session carries its user's stamp as of sign-in (server/services/principals.py); ending the
sessions bumps the version, so no stamp of before is the current one any more. Each user's
sockets are recorded, so the process that ends the sessions can name each one to close.
"""

from __future__ import annotations

from server.services.context import Context
from server.services.unit_of_work import UnitOfWork


def socket_opened(sid: str, user_id: int, uow: UnitOfWork, ctx: Context) -> None:
    """Record a user's socket before its session is checked (see LiveNamespace.on_connect)."""
    uow.sessions.socket_opened(sid, user_id, ctx.now)


def socket_closed(sid: str, uow: UnitOfWork, ctx: Context) -> None:
    uow.sessions.socket_closed(sid)


def end_sessions(user_id: int, uow: UnitOfWork, ctx: Context) -> None:
    """Every session of the user ends: commit this before taking their sockets."""
    uow.sessions.end_all(user_id)


def take_sockets(user_id: int, uow: UnitOfWork, ctx: Context) -> list[str]:
    """The user's recorded sockets, forgotten here (the caller closes them)."""
    return uow.sessions.take_sockets(user_id)
