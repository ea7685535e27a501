"""Staff sessions that end at once: the stamp a session cookie carries, and each signed-in
user's live sockets (on any process), so that ending the user's sessions closes them too.

A session cookie holds its user's stamp as of sign-in: a keyed hash of the user's session
version, role and password hash. Signing out (and any other end of every session) bumps the
version; a new password or role changes the stamp in the very transaction that stores them.
A cookie whose stamp is not the user's current one signs nobody in, on any process: they all
read the same row. A user's sockets are listed in `staff_connections`, so the process that
ends the sessions can name each socket to python-socketio, which passes the disconnect of a
socket held by another process through the message queue.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime

from sqlalchemy import Engine, delete, insert, select, update

from server.adapters import tables

C, U = tables.staff_connections.c, tables.users.c


def session_stamp(secret: str, user_id: int, version: int, role: str, password_hash: str) -> str:
    """What a session of this user must carry while none of these has changed."""
    key = hashlib.sha256(b"onewindow-session:" + secret.encode()).digest()
    message = f"{user_id}:{version}:{role}:{password_hash}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def same_stamp(sent: object, current: str) -> bool:
    return isinstance(sent, str) and hmac.compare_digest(sent.encode(), current.encode())


def socket_opened(engine: Engine, sid: str, user_id: int, now: datetime) -> None:
    """Record a user's socket before its session is checked (see LiveNamespace.on_connect)."""
    with engine.begin() as conn:
        conn.execute(insert(tables.staff_connections).values(sid=sid, user_id=user_id,
                                                             connected_at=now))  # fmt: skip


def socket_closed(engine: Engine, sid: str) -> None:
    with engine.begin() as conn:
        conn.execute(delete(tables.staff_connections).where(C.sid == sid))


def end_sessions(engine: Engine, user_id: int) -> list[str]:
    """End every session of the user: bump the version, hand back (and forget) their sockets.

    The bump is committed before the sockets are read: a socket recorded too late to be read
    here checks its session after it was recorded, so it sees the new version and is refused.
    Rows of sockets whose process died without a disconnect stay until then: closing a socket
    that no process holds any more does nothing.
    """
    with engine.begin() as conn:
        bump = U.session_version + 1
        conn.execute(update(tables.users).where(U.id == user_id).values(session_version=bump))
    with engine.begin() as conn:
        sids = list(conn.execute(select(C.sid).where(C.user_id == user_id)).scalars())
        if sids:
            conn.execute(delete(tables.staff_connections).where(C.sid.in_(sids)))
    return sids
