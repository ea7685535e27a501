"""Staff sessions: CSRF on every change made with the cookie, the cookie's flags and lifetime,
sign-in lockout and the per-address limit, hashed passwords and device tokens.

Real app, real SQLite file, the Flask test client (cookies as a browser keeps them) and the
injectable clock for the lockout and session timeouts.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from config.server import ServerSettings
from server.adapters import tables
from server.web.extensions import socketio
from tests.server.conftest import HALL, Api, Hall, build_hall

# The production session lifetime (config.server.ServerSettings' defaults).
LIFETIME = {"session_hours": 12.0, "session_idle_minutes": 120.0}


@pytest.fixture
def hall(tmp_path: Path) -> Any:
    built = build_hall(f"sqlite:///{tmp_path / 'hall.sqlite3'}", **LIFETIME)
    yield built
    built.engine.dispose()


def _window(hall: Hall, number: int) -> Any:
    w = tables.windows.c
    with hall.engine.connect() as conn:
        return conn.execute(
            select(w.id, w.state, w.clerk_id).where(w.hall_id == HALL, w.number == number)
        ).one()


def _login(client: Any, username: str, password: str, address: str = "127.0.0.1") -> Any:
    """Sign in as the sign-in page does: its pre-session token, then the form."""
    env = {"REMOTE_ADDR": address}
    token = client.get("/api/v1/auth/csrf", environ_base=env).json["csrf_token"]
    return client.post(
        "/api/v1/auth/login",
        json={"username": username, "password": password},
        headers={"X-CSRF-Token": token},
        environ_base=env,
    )


def _error(r: Any) -> tuple[int, str, str]:
    e = r.json["error"]
    return r.status_code, e["code"], e["message"]["zh"]


# -- CSRF


def test_a_change_without_the_right_token_is_refused_and_changes_nothing(hall: Hall) -> None:
    clerk = hall.clerk("clerk1")
    window = _window(hall, 2)
    path = f"/api/v1/windows/{window.id}/sign-in"
    for headers in ({}, {"X-CSRF-Token": "forged"}, {"X-CSRF-Token": ""}):
        r = clerk.client.post(path, json={}, headers=headers)
        assert r.status_code == 403 and r.json["error"]["code"] == "csrf_failed", headers
        assert r.json["error"]["message"]["zh"].startswith("页面已过期")
        assert r.json["error"]["message"]["en"].startswith("The page has expired")
        assert _window(hall, 2) == window, "nothing changed"
    for method in ("PUT", "DELETE"):
        r = clerk.client.open(f"/api/v1/halls/{HALL}/notice", method=method, json={})
        assert r.status_code == 403 and r.json["error"]["code"] == "csrf_failed", method
    r = clerk.client.post(path, json={}, headers={"X-CSRF-Token": clerk.csrf})
    assert r.status_code == 200 and _window(hall, 2).state == "open"
    assert clerk.client.get("/api/v1/auth/me").status_code == 200, "reads need no token"


def test_signing_in_needs_the_pre_session_token_and_gets_a_new_one(hall: Hall) -> None:
    client = hall.app.test_client()
    login = {"username": "clerk1", "password": hall.password("clerk1")}
    r = client.post("/api/v1/auth/login", json=login)
    assert _error(r)[:2] == (403, "csrf_failed"), "a login form posted from elsewhere"
    page = client.get("/login").get_data(as_text=True)
    pre = page.split('name="csrf-token" content="')[1].split('"')[0]
    assert (
        client.post("/api/v1/auth/login", json=login, headers={"X-CSRF-Token": "x"}).status_code
        == 403
    )
    r = client.post("/api/v1/auth/login", json=login, headers={"X-CSRF-Token": pre})
    assert r.status_code == 200 and r.json["role"] == "clerk"
    token = r.json["csrf_token"]
    assert token != pre, "signing in starts a new session with a new token"
    assert client.get("/api/v1/auth/csrf").json["csrf_token"] == token
    counter = client.get("/counter").get_data(as_text=True)
    assert f'name="csrf-token" content="{token}"' in counter, "pages carry the session's token"
    assert (
        client.post("/api/v1/auth/logout", json={}, headers={"X-CSRF-Token": pre}).status_code
        == 403
    )
    assert (
        client.post("/api/v1/auth/logout", json={}, headers={"X-CSRF-Token": token}).status_code
        == 200
    )
    assert client.get("/api/v1/auth/me").status_code == 401


def test_device_tokens_and_sessionless_callers_need_no_csrf_token(hall: Hall) -> None:
    assert hall.kiosk().post(f"/halls/{HALL}/tickets", {"service": "household"}).status_code == 201
    # A kiosk request from a browser that also holds a clerk's cookie acts as the kiosk.
    clerk = hall.clerk("clerk1")
    kiosk = {"Authorization": f"Bearer {hall.accounts.kiosk_token}"}
    r = clerk.client.post(f"/api/v1/halls/{HALL}/tickets", json={"service": "household"},
                          headers=kiosk)  # fmt: skip
    assert r.status_code == 201 and r.json["number"] == "D002"
    # A forged bearer token is no identity at all (and not a way around the CSRF check).
    window = _window(hall, 2)
    r = clerk.client.post(f"/api/v1/windows/{window.id}/sign-in", json={},
                          headers={"Authorization": "Bearer forged"})  # fmt: skip
    assert r.status_code == 401 and _window(hall, 2) == window
    # A citizen's phone has no session: its public requests need no token.
    anonymous = hall.anonymous()
    r = anonymous.post(f"/halls/{HALL}/cases/lookup", {"case_number": "X1", "id_number": "x"})
    assert r.status_code != 403


# -- cookie flags and lifetime


def _session_cookie(r: Any) -> str:
    cookies = [v for k, v in r.headers.items() if k == "Set-Cookie" and v.startswith("session=")]
    assert cookies, r.headers
    return cookies[-1]


def test_the_session_cookie_is_httponly_strict_and_secure_when_configured(tmp_path: Path) -> None:
    plain = build_hall(f"sqlite:///{tmp_path / 'plain.sqlite3'}")
    cookie = _session_cookie(_login(plain.app.test_client(), "clerk1", plain.password("clerk1")))
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Expires=" in cookie
    assert "Secure" not in cookie, "the http demo has no https"
    plain.engine.dispose()
    secure = build_hall(f"sqlite:///{tmp_path / 'secure.sqlite3'}", secure_cookies=True)
    client = secure.app.test_client()
    r = _login(client, "clerk1", secure.password("clerk1"))
    cookie = _session_cookie(r)
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    secure.engine.dispose()


def test_behind_a_trusted_proxy_the_forwarded_scheme_and_address_count(tmp_path: Path) -> None:
    hall = build_hall(f"sqlite:///{tmp_path / 'proxied.sqlite3'}", trusted_proxies=1,
                      secure_cookies=True, sign_in={"per_address": 2})  # fmt: skip
    client = hall.app.test_client()
    for n in range(3):  # each citizen behind the proxy is its own address
        forwarded = {"X-Forwarded-For": f"10.0.0.{n}", "X-Forwarded-Proto": "https"}
        token = client.get("/api/v1/auth/csrf", headers=forwarded).json["csrf_token"]
        r = client.post("/api/v1/auth/login", json={"username": "x", "password": "wrong-pass"},
                        headers={**forwarded, "X-CSRF-Token": token})  # fmt: skip
        assert r.status_code == 401, r.json
    hall.engine.dispose()


def test_a_session_ends_when_idle_or_too_old_and_on_logout(hall: Hall) -> None:
    assert LIFETIME == {"session_hours": ServerSettings().session_hours,
                        "session_idle_minutes": ServerSettings().session_idle_minutes}  # fmt: skip
    clerk = hall.clerk("clerk1")
    hall.clock.advance(minutes=119)
    assert clerk.get("/auth/me").status_code == 200, "still within the idle time"
    hall.clock.advance(minutes=119)
    assert clerk.get("/auth/me").status_code == 200, "each request restarts the idle time"
    live = socketio.test_client(hall.app, namespace="/live", flask_test_client=clerk.client)
    assert live.is_connected("/live")
    live.disconnect(namespace="/live")
    hall.clock.advance(minutes=121)
    late = socketio.test_client(hall.app, namespace="/live", flask_test_client=clerk.client)
    assert not late.is_connected("/live"), "the live feed ends with the session"
    assert clerk.get("/auth/me").status_code == 401, "idle for over 2 hours: signed out"
    busy, answers = hall.clerk("clerk2"), []
    for _ in range(12):  # active all day long, but a session lasts 12 hours at most
        hall.clock.advance(minutes=61)
        answers.append(busy.get("/auth/me").status_code)
    assert answers == [200] * 11 + [401], "signed out after 12 hours (732 minutes here)"
    third = hall.clerk("clerk3")
    assert third.post("/auth/logout").status_code == 200
    assert third.get("/auth/me").status_code == 401


# -- lockout and limits


def _audit(hall: Hall, action: str) -> list[Any]:
    a = tables.audit_log.c
    with hall.engine.connect() as conn:
        return list(conn.execute(select(tables.audit_log).where(a.action == action)).all())


def test_five_wrong_passwords_lock_the_name_for_fifteen_minutes(hall: Hall) -> None:
    client = hall.app.test_client()
    for _ in range(4):
        r = _login(client, "clerk1", "wrong-password")
        assert _error(r) == (401, "login_failed", "用户名或密码错误")
    r = _login(client, "clerk1", "wrong-password")
    status, code, zh = _error(r)
    assert (status, code) == (429, "login_locked") and "15 分钟" in zh
    assert r.headers["Retry-After"] == "900"
    assert "15 min" in r.json["error"]["message"]["en"]
    right = _login(client, "clerk1", hall.password("clerk1"))
    assert _error(right) == _error(r), "the right password is refused the same way while locked"
    (row,) = _audit(hall, "user.sign_in_locked")
    assert row.hall_id == HALL and row.after["username"] == "clerk1"
    assert row.after["failures"] == 5
    hall.clock.advance(minutes=14)
    assert _login(client, "clerk1", hall.password("clerk1")).status_code == 429
    assert int(_login(client, "clerk1", "x" * 8).headers["Retry-After"]) <= 60
    hall.clock.advance(minutes=1, seconds=1)
    assert _login(client, "clerk1", hall.password("clerk1")).status_code == 200
    assert _login(hall.app.test_client(), "clerk2", hall.password("clerk2")).status_code == 200


def test_an_unknown_name_is_locked_exactly_like_a_real_one(hall: Hall) -> None:
    real, ghost = hall.app.test_client(), hall.app.test_client()
    for _ in range(6):
        a = _login(real, "clerk1", "wrong-password")
        b = _login(ghost, "nobody-here", "wrong-password")
        assert (_error(a), a.headers.get("Retry-After")) == (
            _error(b),
            b.headers.get("Retry-After"),
        )
    assert _error(b)[:2] == (429, "login_locked")
    assert len(_audit(hall, "user.sign_in_locked")) == 1, "only real accounts go to a hall's log"


def test_a_success_resets_the_count_and_a_new_password_unlocks(hall: Hall) -> None:
    client = hall.app.test_client()
    for _ in range(4):
        assert _login(client, "clerk2", "wrong-password").status_code == 401
    assert _login(client, "clerk2", hall.password("clerk2")).status_code == 200
    for _ in range(4):
        assert _login(client, "clerk2", "wrong-password").status_code == 401, "count restarted"
    assert _login(client, "clerk2", "wrong-password").status_code == 429
    manager = hall.clerk("manager")
    with hall.engine.connect() as conn:
        user_id = conn.execute(
            select(tables.users.c.id).where(tables.users.c.username == "clerk2")
        ).scalar_one()
    r = manager.put(f"/users/{user_id}", {"password": "a-new-password"})
    assert r.status_code == 200, r.json
    assert _login(client, "clerk2", "a-new-password").status_code == 200, "unlocked at once"
    (edit,) = [e for e in _audit(hall, "user.edit") if e.after.get("sign_in_unlocked")]
    assert edit.subject == f"user:{user_id}"


def test_one_address_may_fail_only_so_often(tmp_path: Path) -> None:
    hall = build_hall(f"sqlite:///{tmp_path / 'hall.sqlite3'}", sign_in={"per_address": 3})
    client = hall.app.test_client()
    for _ in range(5):  # a hall's staff behind one address: successes are not counted
        assert _login(client, "clerk1", hall.password("clerk1")).status_code == 200
    for name in ["clerk1", "clerk2", "nobody"]:  # different names: only the address counts
        assert _login(client, name, "wrong-password").status_code == 401
    r = _login(client, "clerk3", hall.password("clerk3"))
    assert _error(r)[:2] == (429, "too_many_requests") and int(r.headers["Retry-After"]) > 0
    assert r.json["error"]["message"]["zh"].startswith("请求过于频繁")
    other = _login(hall.app.test_client(), "clerk3", hall.password("clerk3"), "10.1.2.3")
    assert other.status_code == 200, "another address is not affected"
    hall.clock.advance(minutes=15)
    assert _login(client, "clerk3", hall.password("clerk3")).status_code == 200, "next window"
    hall.engine.dispose()


# -- stored secrets


def test_passwords_are_scrypt_hashes_and_device_tokens_are_stored_hashed(hall: Hall) -> None:
    with hall.engine.connect() as conn:
        hashes = conn.execute(select(tables.users.c.password_hash)).scalars().all()
        devices = conn.execute(select(tables.devices)).all()
    assert hashes and all(h.startswith("scrypt:") for h in hashes)
    assert all(hall.password(u) not in h for u, _, _ in hall.accounts.users for h in hashes)
    token = hall.accounts.kiosk_token
    digests = {d.token_hash for d in devices}
    assert hashlib.sha256(token.encode()).hexdigest() in digests
    assert not any(token in str(value) for d in devices for value in d), "no clear token"
    assert Api(hall.app.test_client(), token).get("/auth/me").json["role"] == "kiosk"
