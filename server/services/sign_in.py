"""Staff sign-in behind its guard: a user name is locked after too many wrong passwords, a
client address may try only so often. Counts and locks are stored (every server process sees
the same); a lockout goes to the audit log of the account's hall.

A guess is counted, atomically and committed, before its password is checked, so concurrent
guesses never get past the limit; the password is checked outside any transaction (a slow
hash must not hold the write lock); then the guess is settled in a third unit of work. A
wrong password, an unknown name and an inactive account answer alike, and so do their
lockouts.
"""

from __future__ import annotations

import hashlib
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, TypeVar

from server.domain.limits import (
    RateLimited,
    SignInLocked,
    SignInPolicy,
    ensure_within,
    lock_ends,
    seconds_until,
    window_of,
)
from server.services.context import Context
from server.services.principals import Principal, user_principal
from server.services.records import AuditEntry
from server.services.unit_of_work import Login, UnitOfWork

log = logging.getLogger(__name__)
R = TypeVar("R")

NAME_SCOPE, ADDRESS_SCOPE = "login_name", "login_address"


class Run(Protocol):
    """Runs handler(*args, uow, ctx) in a unit of work of its own (Runtime.execute)."""

    def __call__(self, handler: Callable[..., R], *args: Any) -> R: ...


class PasswordCheck(Protocol):
    def matches(self, password_hash: str | None, password: str) -> bool:
        """Whether the password is the hash's; None (no such user) costs the same, false."""


@dataclass(frozen=True)
class SignIn:
    username: str
    password: str
    address: str  # the client's address (behind a trusted proxy, the real one)
    policy: SignInPolicy


@dataclass(frozen=True)
class Guess:
    """A counted attempt: its number among the name's attempts, and when it was made."""

    number: int
    at: datetime


def name_subject(username: str) -> str:
    """A user name as a lock key: the same for a name that exists and one that does not."""
    return hashlib.sha256(b"onewindow-sign-in:" + username.strip().lower().encode()).hexdigest()


def sign_in(cmd: SignIn, run: Run, passwords: PasswordCheck) -> Principal | None:
    """The user of this name and password (None: refused), or SignInLocked / RateLimited."""
    guess = run(reserve_guess, cmd)
    login = run(find_login, cmd.username)
    right = passwords.matches(None if login is None else login.password_hash, cmd.password)
    if login is None or not right or not login.account.active:
        until = run(count_failure, cmd, guess)
        if until is not None:
            raise _locked(until, guess.at)
        return None
    run(count_success, cmd, guess)
    return user_principal(login.account, with_window=False)


def reserve_guess(cmd: SignIn, uow: UnitOfWork, ctx: Context) -> Guess:
    """Refuse a locked name or an address with too many failures; otherwise count the
    attempt (a refusal rolls its own count back)."""
    p, now = cmd.policy, ctx.now
    per_address = window_of(now, p.address_window_minutes * 60)
    tries = uow.limits.hit(ADDRESS_SCOPE, cmd.address, per_address)
    wait = per_address.seconds_left(now)
    ensure_within(tries, p.per_address, RateLimited, retry_after=wait,
                  minutes=math.ceil(wait / 60))  # fmt: skip
    window = window_of(now, p.failure_window_minutes * 60)
    guess = uow.limits.hit(NAME_SCOPE, name_subject(cmd.username), window)
    until = uow.sign_in_locks.until(cmd.username, now)  # read after the count: no race
    if until is not None:
        raise _locked(until, now)
    if guess > p.max_failures:  # the last allowed guess is still being checked
        raise _locked(lock_ends(now, p), now)
    return Guess(guess, now)


def find_login(username: str, uow: UnitOfWork, ctx: Context) -> Login | None:
    return uow.credentials.login(username)


def count_success(cmd: SignIn, guess: Guess, uow: UnitOfWork, ctx: Context) -> None:
    """A right password: the name's failures are forgotten and the address gets its attempt
    back (a hall's staff behind one address sign in freely; guesses do not)."""
    per_address = window_of(guess.at, cmd.policy.address_window_minutes * 60)
    uow.limits.forget(NAME_SCOPE, name_subject(cmd.username))
    uow.limits.refund(ADDRESS_SCOPE, cmd.address, per_address)


def count_failure(cmd: SignIn, guess: Guess, uow: UnitOfWork, ctx: Context) -> datetime | None:
    """After the last allowed wrong guess, lock the name (until when: returned) and write it
    to the audit log of the account's hall."""
    if guess.number < cmd.policy.max_failures:
        return None
    now = guess.at
    until = lock_ends(now, cmd.policy)
    uow.sign_in_locks.lock(cmd.username, now, until)
    uow.limits.forget(NAME_SCOPE, name_subject(cmd.username))
    login = uow.credentials.login(cmd.username)
    if login is None:  # an unknown name may be anything a person typed: never written down
        log.warning(
            "sign-in locked for an unknown user name (%s…)", name_subject(cmd.username)[:12]
        )
        return until
    account = login.account
    after = {"username": cmd.username, "until": until.isoformat(), "failures": guess.number}
    uow.audit.record(AuditEntry(account.hall_id, now, None, "user.sign_in_locked",
                                f"user:{account.user_id}", None, after))  # fmt: skip
    return until


def _locked(until: datetime, now: datetime) -> SignInLocked:
    wait = seconds_until(now, until)
    return SignInLocked(retry_after=wait, minutes=math.ceil(wait / 60))
