"""Staff accounts as sign-in and the per-request session check read them, the password hash
they are checked against (werkzeug's scrypt), and the staff sessions' version and sockets.

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
import secrets
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, bindparam, delete, insert, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from server.adapters import tables
from server.services.unit_of_work import Account, Login

U, W, C = tables.users.c, tables.windows.c, tables.staff_connections.c


def session_stamp(secret: str, user_id: int, version: int, role: str, password_hash: str) -> str:
    """What a session of this user must carry while none of these has changed."""
    key = hashlib.sha256(b"onewindow-session:" + secret.encode()).digest()
    message = f"{user_id}:{version}:{role}:{password_hash}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


_COLUMNS = (U.id, U.role, U.hall_id, U.display_name, U.active, U.session_version,
            U.password_hash)  # fmt: skip

# A user with the window they are signed in to, in one prebuilt statement (every request).
_USER_WITH_WINDOW = (
    select(*_COLUMNS, W.id.label("window_id"))
    .outerjoin(tables.windows, W.clerk_id == U.id)
    .where(U.id == bindparam("p_id"))
)
_USER_NAMED = select(*_COLUMNS).where(U.username == bindparam("p_name"))


class SqlCredentials:
    """`secret` keys the session stamps (the server's SECRET_KEY)."""

    def __init__(self, conn: Connection, secret: str) -> None:
        self.conn, self.secret = conn, secret

    def login(self, username: str) -> Login | None:
        row = self.conn.execute(_USER_NAMED, {"p_name": username}).first()
        return None if row is None else Login(self._account(row, None), row.password_hash)

    def account(self, user_id: int) -> Account | None:
        row = self.conn.execute(_USER_WITH_WINDOW, {"p_id": user_id}).first()
        return None if row is None else self._account(row, row.window_id)

    def _account(self, row: Any, window_id: int | None) -> Account:
        stamp = session_stamp(self.secret, row.id, row.session_version, row.role,
                              row.password_hash)  # fmt: skip
        return Account(row.id, row.role, row.hall_id, row.display_name, bool(row.active), stamp,
                       window_id)  # fmt: skip


@cache
def _no_such_user_hash() -> str:
    return generate_password_hash(secrets.token_urlsafe(16))


class HashedPasswords:
    """Checks a password against its scrypt hash. An unknown user (no hash) costs the same
    check as a wrong password, so the answer's timing does not tell them apart."""

    def matches(self, password_hash: str | None, password: str) -> bool:
        if password_hash is None:
            check_password_hash(_no_such_user_hash(), password)
            return False
        return check_password_hash(password_hash, password)


class SqlStaffSessions:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def end_all(self, user_id: int) -> None:
        bump = U.session_version + 1
        self.conn.execute(update(tables.users).where(U.id == user_id).values(session_version=bump))

    def socket_opened(self, sid: str, user_id: int, now: datetime) -> None:
        self.conn.execute(insert(tables.staff_connections).values(sid=sid, user_id=user_id,
                                                                  connected_at=now))  # fmt: skip

    def socket_closed(self, sid: str) -> None:
        self.conn.execute(delete(tables.staff_connections).where(C.sid == sid))

    def take_sockets(self, user_id: int) -> list[str]:
        sids = list(self.conn.execute(select(C.sid).where(C.user_id == user_id)).scalars())
        if sids:
            self.conn.execute(delete(tables.staff_connections).where(C.sid.in_(sids)))
        return sids
