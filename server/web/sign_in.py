"""The staff sign-in guard: a user name is locked after too many wrong passwords, a client
address may try only so often. Counts and locks live in the database (every server process
sees the same); lockouts go to the audit log.
"""

from __future__ import annotations

import logging
import math
from datetime import datetime

from flask import request
from sqlalchemy import Engine, insert, select

from server.adapters import limits_store as store
from server.adapters import tables
from server.domain.limits import (
    RateLimited,
    SignInLocked,
    SignInPolicy,
    ensure_within,
    lock_ends,
    seconds_until,
    window_of,
)

log = logging.getLogger(__name__)


def client_address() -> str:
    """The caller's address (behind a trusted proxy, ProxyFix has put the real one here)."""
    return (request.remote_addr or "unknown")[:64]


def _locked(until: datetime, now: datetime) -> SignInLocked:
    wait = seconds_until(now, until)
    return SignInLocked(retry_after=wait, minutes=math.ceil(wait / 60))


class SignInGuard:
    """Before the password is checked, reserve one guess; afterwards settle it."""

    def __init__(self, engine: Engine, policy: SignInPolicy) -> None:
        self.engine, self.policy = engine, policy

    def reserve(self, username: str, address: str, now: datetime) -> int:
        """Refuse a locked name or an address with too many failures; otherwise count the
        attempt (atomically, before the password is checked) and return its number among
        the name's attempts."""
        p = self.policy
        with self.engine.begin() as conn:  # a refusal rolls its own count back
            per_address = window_of(now, p.address_window_minutes * 60)
            tries = store.hit(conn, "login_address", address, per_address)
            wait = per_address.seconds_left(now)
            ensure_within(tries, p.per_address, RateLimited, retry_after=wait,
                          minutes=math.ceil(wait / 60))  # fmt: skip
            window = window_of(now, p.failure_window_minutes * 60)
            guess = store.hit(conn, "login_name", store.name_subject(username), window)
            until = store.lock_of(conn, username, now)  # read after the count: no race
            if until is not None:
                raise _locked(until, now)
            if guess > p.max_failures:  # the last allowed guess is still being checked
                raise _locked(lock_ends(now, p), now)
            return guess

    def succeeded(self, username: str, address: str, now: datetime) -> None:
        """A right password: the name's failures are forgotten and the address gets its
        attempt back (a hall's staff behind one address sign in freely; guesses do not)."""
        per_address = window_of(now, self.policy.address_window_minutes * 60)
        with self.engine.begin() as conn:
            store.forget(conn, "login_name", store.name_subject(username))
            store.refund(conn, "login_address", address, per_address)

    def failed(self, username: str, guess: int, now: datetime) -> None:
        """After the last allowed wrong guess, lock the name and write it to the audit log."""
        if guess < self.policy.max_failures:
            return
        until, name = lock_ends(now, self.policy), store.name_subject(username)
        with self.engine.begin() as conn:
            store.lock(conn, username, now, until)
            store.forget(conn, "login_name", name)
            u = tables.users.c
            user = conn.execute(select(u.id, u.username, u.hall_id).where(u.username == username))
            row = user.first()
            if row is not None:  # the account's hall sees it in its audit log
                conn.execute(
                    insert(tables.audit_log).values(
                        hall_id=row.hall_id, at=now, actor_id=None, actor_name="",
                        action="user.sign_in_locked", subject=f"user:{row.id}",
                        before=None, after={"username": row.username, "until": until.isoformat(),
                                            "failures": guess},
                    )
                )  # fmt: skip
        if row is None:  # an unknown name may be anything a person typed: never written down
            log.warning("sign-in locked for an unknown user name (%s…)", name[:12])
        raise _locked(until, now)
