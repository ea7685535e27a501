"""The sign-in guard as a use case on the fake unit of work: a guess is counted (and
committed) before its password is checked, a name is locked after too many wrong guesses
(written to its hall's audit log), an address may try only so often, and the principal
look-ups every request makes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from server.adapters.credentials import HashedPasswords
from server.adapters.database import make_engine
from server.adapters.unit_of_work import NoEvents, SqlUnitOfWork
from server.bootstrap import prepare_database
from server.domain.errors import DomainError, InvalidValue
from server.domain.limits import RateLimited, SignInLocked, SignInPolicy
from server.services import principals, staff_admin, staff_sessions
from server.services.public_requests import count_public_request
from server.services.sign_in import SignIn, name_subject, reserve_guess, sign_in
from tests.fakes import HALL, FakeUnitOfWork, HallRun, demo_hall, tuned
from tests.fakes.accounts import FakePasswords

POLICY = SignInPolicy(max_failures=3, failure_window_minutes=15, lock_minutes=15,
                      per_address=10, address_window_minutes=15)  # fmt: skip
ADDRESS = "192.0.2.7"
Desk = tuple[HallRun, FakeUnitOfWork]


@pytest.fixture
def hall() -> Desk:
    uow = FakeUnitOfWork.of(demo_hall())
    run = HallRun(lambda: uow)
    run.staff("clerk1")  # password "password!"
    return run, uow


def attempt(run: HallRun, password: str, username: str = "clerk1", address: str = ADDRESS,
            passwords: FakePasswords | None = None) -> principals.Principal | None:  # fmt: skip
    cmd = SignIn(username, password, address, POLICY)
    return sign_in(cmd, run.run, passwords or FakePasswords())


def name_counts(uow: FakeUnitOfWork, username: str = "clerk1") -> list[int]:
    subject = name_subject(username)
    return [n for (scope, s, _), (n, _) in uow.db.rate_counters.items()
            if scope == "login_name" and s == subject]  # fmt: skip


def address_count(uow: FakeUnitOfWork) -> int:
    return sum(n for (scope, s, _), (n, _) in uow.db.rate_counters.items()
               if scope == "login_address" and s == ADDRESS)  # fmt: skip


def locked_audit(uow: FakeUnitOfWork) -> list[dict[str, object]]:
    return [r for r in uow.db.audit_log.values() if r["action"] == "user.sign_in_locked"]


def test_right_password_signs_in_and_forgets_the_failures(hall: Desk) -> None:
    run, uow = hall
    assert attempt(run, "wrong-one") is None
    principal = attempt(run, "password!")
    assert principal is not None and principal.role == "clerk" and principal.hall_id == HALL
    assert principal.session  # the stamp the session will carry
    assert name_counts(uow) == []  # the name's failures are forgotten
    assert address_count(uow) == 1  # the right guess was given back, the wrong one stays


def test_a_wrong_guess_is_counted_and_committed_before_the_answer(hall: Desk) -> None:
    run, uow = hall
    assert attempt(run, "wrong-one") is None
    assert name_counts(uow) == [1] and address_count(uow) == 1
    assert uow.rollbacks == 0  # each step committed: a crash after the count keeps it


def test_unknown_name_and_inactive_account_answer_like_a_wrong_password(hall: Desk) -> None:
    run, uow = hall
    checks = FakePasswords()
    assert attempt(run, "password!", username="nobody", passwords=checks) is None
    assert checks.checks == 1, "an unknown name costs the same hash check"
    user_id = next(iter(uow.db.users))
    uow.db.users[user_id]["active"] = False
    assert attempt(run, "password!") is None


def test_the_last_wrong_guess_locks_the_name_and_audits_it(hall: Desk) -> None:
    run, uow = hall
    for _ in range(POLICY.max_failures - 1):
        assert attempt(run, "wrong-one") is None
    with pytest.raises(SignInLocked) as locked:
        attempt(run, "wrong-one")
    assert locked.value.params["minutes"] == POLICY.lock_minutes
    (row,) = locked_audit(uow)
    assert row["hall_id"] == HALL and row["actor_id"] is None
    assert row["after"]["failures"] == POLICY.max_failures  # type: ignore[index]
    with pytest.raises(SignInLocked):  # the right password does not get past the lock
        attempt(run, "password!")
    run.clock.advance(minutes=POLICY.lock_minutes + 1)
    assert attempt(run, "password!") is not None


def test_an_unknown_name_is_locked_too_but_never_written_down(hall: Desk) -> None:
    run, uow = hall
    for _ in range(POLICY.max_failures - 1):
        attempt(run, "x", username="ghost")
    with pytest.raises(SignInLocked):
        attempt(run, "x", username="ghost")
    assert locked_audit(uow) == []
    assert name_subject("ghost") in uow.db.sign_in_locks


def test_guesses_reserved_at_once_never_pass_the_limit(hall: Desk) -> None:
    """Concurrent guesses each take a number before any is checked: past the last allowed
    one, the name is refused at once (its count rolled back with the refusal)."""
    run, uow = hall
    cmd = SignIn("clerk1", "wrong", ADDRESS, POLICY)
    numbers = [run.run(reserve_guess, cmd).number for _ in range(POLICY.max_failures)]
    assert numbers == [1, 2, 3]
    with pytest.raises(SignInLocked):
        run.run(reserve_guess, cmd)
    assert name_counts(uow) == [POLICY.max_failures]


def test_an_address_with_too_many_attempts_is_refused(hall: Desk) -> None:
    run, uow = hall
    policy = replace(POLICY, per_address=2, max_failures=100)
    for name in ("a", "b"):
        assert sign_in(SignIn(name, "x", ADDRESS, policy), run.run, FakePasswords()) is None
    with pytest.raises(RateLimited) as refused:
        sign_in(SignIn("c", "x", ADDRESS, policy), run.run, FakePasswords())
    assert not isinstance(refused.value, SignInLocked)
    assert address_count(uow) == 2  # the refused attempt's count was rolled back


def test_session_user_needs_the_current_stamp(hall: Desk) -> None:
    run, uow = hall
    user = attempt(run, "password!")
    assert user is not None and user.user_id is not None
    assert run.run(principals.session_user, user.user_id, user.session) == user
    assert run.run(principals.session_user, user.user_id, "stale") is None
    uow.db.users[user.user_id]["session_version"] += 1  # signed out elsewhere
    assert run.run(principals.session_user, user.user_id, user.session) is None


def test_device_of_a_token_until_revoked(hall: Desk) -> None:
    run, _ = hall
    token = run.run(staff_admin.issue_device, HALL, "kiosk", "door kiosk", None)
    device = run.run(principals.token_device, token)
    assert device is not None and device.kind == "device" and device.role == "kiosk"
    device_id = device.device_id
    assert device_id is not None
    assert run.run(principals.token_device, token + "x") is None
    assert run.run(principals.revoked_devices, [device_id]) == []
    run.read(lambda uow: uow.devices.revoke(device_id, run.clock.now()))
    assert run.run(principals.token_device, token) is None
    assert run.run(principals.revoked_devices, [device_id]) == [device_id]


def test_enrolment_keeps_the_consoles_password_rule(hall: Desk) -> None:
    run, _ = hall
    with pytest.raises(InvalidValue):
        run.run(staff_admin.enrol_user, "short", "1234567", "clerk", HALL, "")
    user_id = run.run(staff_admin.enrol_user, "longer", "12345678", "clerk", HALL, "")
    assert run.read(lambda uow: uow.staff.get(user_id)).name == "longer"


def test_public_requests_are_counted_per_address_and_minute(hall: Desk) -> None:
    run, uow = hall
    limits = uow.db.hall_limits[HALL]
    uow.db.hall_limits[HALL] = replace(limits, public_requests_per_minute=2)
    run.run(count_public_request, HALL, ADDRESS)
    run.run(count_public_request, HALL, ADDRESS)
    with pytest.raises(RateLimited):
        run.run(count_public_request, HALL, ADDRESS)
    run.run(count_public_request, HALL, "198.51.100.1")  # another address counts apart
    run.clock.advance(minutes=1)
    run.run(count_public_request, HALL, ADDRESS)  # a new minute
    stored = [s for (scope, s, _) in uow.db.rate_counters if scope == "public"]
    assert all(ADDRESS not in s for s in stored), "the address is kept only as a keyed hash"


def test_ending_the_sessions_changes_the_stamp_and_hands_back_the_sockets(hall: Desk) -> None:
    run, uow = hall
    user = attempt(run, "password!")
    assert user is not None and user.user_id is not None
    run.run(staff_sessions.socket_opened, "sid-1", user.user_id)
    run.run(staff_sessions.socket_opened, "sid-2", user.user_id)
    run.run(staff_sessions.socket_closed, "sid-2")
    run.run(staff_sessions.end_sessions, user.user_id)
    assert run.run(principals.session_user, user.user_id, user.session) is None
    assert run.run(staff_sessions.take_sockets, user.user_id) == ["sid-1"]
    assert run.run(staff_sessions.take_sockets, user.user_id) == []


def _outcome(call: Callable[[], Any]) -> Any:
    try:
        found = call()
    except DomainError as e:
        return ["refused", e.code, e.params]
    if isinstance(found, principals.Principal):
        return [found.kind, found.role, found.hall_id, found.window_id, bool(found.session)]
    return found


def _scenario(run: HallRun, passwords: Any) -> list[Any]:
    run.staff("clerk1")
    out = []
    for password in ("wrong", "password!", "wrong", "wrong", "wrong", "password!"):
        cmd = SignIn("clerk1", password, ADDRESS, POLICY)
        out.append(_outcome(partial(sign_in, cmd, run.run, passwords)))
        run.clock.advance(seconds=1)
    run.clock.advance(minutes=POLICY.lock_minutes)
    user = sign_in(SignIn("clerk1", "password!", ADDRESS, POLICY), run.run, passwords)
    assert user is not None and user.user_id is not None
    uid = user.user_id
    out.append(_outcome(lambda: run.run(principals.session_user, uid, user.session)))
    run.run(staff_sessions.socket_opened, "sid-1", uid)
    run.run(staff_sessions.end_sessions, uid)
    out.append(_outcome(lambda: run.run(principals.session_user, uid, user.session)))
    out.append(run.run(staff_sessions.take_sockets, uid))
    token = run.run(staff_admin.issue_device, HALL, "display", "wall", None)
    out.append(_outcome(lambda: run.run(principals.token_device, token)))
    out.append(_outcome(lambda: run.run(principals.token_device, "no-such-token")))
    for _ in range(3):
        out.append(_outcome(lambda: run.run(count_public_request, HALL, ADDRESS)))
    audit = run.read(lambda uow: uow.audit.recent(HALL, 10))
    out.append([(a["action"], a["subject"], a["after"]) for a in audit])
    return out


def test_the_fake_and_the_sql_unit_of_work_agree_on_signing_in(tmp_path: Path) -> None:
    cfg = tuned(demo_hall(), limits={"public_requests_per_minute": 2})
    engine = make_engine(f"sqlite:///{tmp_path / 'hall.sqlite3'}")
    try:
        prepare_database(engine, [cfg])
        sql = HallRun(lambda: SqlUnitOfWork(engine, NoEvents(), secret="s"))
        on_sql = _scenario(sql, HashedPasswords())
    finally:
        engine.dispose()
    fake = FakeUnitOfWork.of(cfg)
    on_fake = _scenario(HallRun(lambda: fake), FakePasswords())
    assert on_fake == on_sql
    assert on_fake[4][:2] == ["refused", "login_locked"]


def test_a_demo_start_resets_its_accounts_and_devices(hall: Desk) -> None:
    run, uow = hall
    first = run.run(staff_admin.reset_demo_user, "manager", "first-pass", "manager", HALL)
    uow.db.users[first]["active"] = False
    again = run.run(staff_admin.reset_demo_user, "manager", "second-pass", "manager", HALL)
    assert again == first
    passwords = FakePasswords()
    assert sign_in(SignIn("manager", "second-pass", ADDRESS, POLICY), run.run, passwords)
    run.run(staff_admin.issue_device, HALL, "kiosk", "demo kiosk", None)
    assert run.run(staff_admin.revoke_hall_devices, HALL) == 1
    assert run.run(staff_admin.revoke_hall_devices, HALL) == 0
