"""Staff sessions that end at once (server/services/staff_sessions.py), for callers that
hold an engine: each call runs its use case in a unit of work of its own. The stamp a session
carries is made in server/adapters/credentials.py.
"""

from __future__ import annotations

from sqlalchemy import Engine

from server.adapters.accounts import run_once
from server.adapters.credentials import session_stamp
from server.services import staff_sessions
from server.services.principals import same_stamp

__all__ = ["end_sessions", "same_stamp", "session_stamp"]


def end_sessions(engine: Engine, user_id: int) -> list[str]:
    """End every session of the user: bump the version, hand back (and forget) their sockets.

    The bump is committed before the sockets are read: a socket recorded too late to be read
    here checks its session after it was recorded, so it sees the new version and is refused.
    Rows of sockets whose process died without a disconnect stay until then: closing a socket
    that no process holds any more does nothing.
    """
    run_once(engine, staff_sessions.end_sessions, user_id)
    return run_once(engine, staff_sessions.take_sockets, user_id)
