"""Staff sessions: the cookie's flags, its lifetime, and CSRF on every state change made with it.

A request that changes state (POST, PUT, PATCH, DELETE) while its session holds a signed-in
user, and every sign-in, must carry the session's token in `X-CSRF-Token`; pages get it in a
meta tag, scripts from `GET /api/v1/auth/csrf` and the sign-in answer. The sign-in form is
protected by a pre-session token: the session cookie holds it before anyone signs in, and
signing in replaces it. A request with a device token (`Authorization: Bearer`) is exempt: a
browser never adds that header by itself, so no other site can borrow it. Requests without a
signed-in session (a citizen's phone) carry no ambient authority and need no token.

A session also ends before its time when its user's stamp changes (server/services/principals.py):
signing out ends every session of the user, in every browser and on every process, and so do
a new password, a new role and deactivation. A request of an ended session goes on anonymous.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import timedelta
from typing import Any

from flask import Flask, current_app, g, request, session

from config.server import ServerSettings
from server.services import principals, staff_admin
from server.services.principals import Principal
from server.web.errors import ApiError

HEADER = "X-CSRF-Token"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
SIGN_IN = "/api/v1/auth/login"
SEEN_EVERY = 60.0  # seconds: how often a request refreshes the idle timer (and the cookie)


def csrf_token() -> str:
    """The session's token, made on first use (before sign-in it guards the sign-in form)."""
    token = session.get("csrf")
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return token


def start_session(user_id: int, stamp: str) -> str:
    """A fresh session for a user who just signed in (no fixation); returns its CSRF token."""
    now = _now()
    session.clear()
    session.permanent = True  # the cookie expires with the session's lifetime
    session["user_id"] = user_id
    session["stamp"] = stamp  # the user's as they signed in: it changes when the session ends
    session["since"] = session["seen"] = now
    return csrf_token()


def end_session() -> None:
    """Sign out: every session of this user ends (each browser, each process, each socket)."""
    principal = signed_in()
    session.clear()
    if principal is not None and principal.user_id is not None:
        current_app.extensions["onewindow"].execute(staff_admin.sign_out, principal.user_id)


def signed_in() -> Principal | None:
    """The user of this request's session while it lives (not timed out, not ended); looked
    up once per request."""
    if "session_principal" not in g:
        found = session_credentials()
        g.session_principal = (
            None
            if found is None
            else current_app.extensions["onewindow"].read(
                principals.session_user, found[0], found[1]
            )
        )
    return g.session_principal  # type: ignore[no-any-return]


def session_credentials() -> tuple[int, object] | None:
    """The user id and stamp of a session that has not timed out (Socket.IO connections have
    no before_request); whether its stamp is still the user's is for the caller to check."""
    user_id = session.get("user_id")
    if user_id is None or _expired(current_app.config["ONEWINDOW_SESSIONS"], _now()):
        return None
    return int(user_id), session.get("stamp")


def _now() -> float:
    return float(current_app.extensions["onewindow"].clock.now().timestamp())


def _expired(settings: ServerSettings, now: float) -> bool:
    since, seen = session.get("since"), session.get("seen")
    return (
        not isinstance(since, int | float)
        or not isinstance(seen, int | float)
        or now - since > settings.session_hours * 3600
        or now - seen > settings.session_idle_minutes * 60
    )


def _expire_idle_or_old(settings: ServerSettings) -> None:
    if "user_id" not in session:
        return
    now = _now()
    if _expired(settings, now):
        session.clear()  # signed out: the request goes on anonymous (401 where it matters)
    elif now - float(session["seen"]) > SEEN_EVERY:
        session["seen"] = now


def _end_if_revoked() -> None:
    """A session whose user signed out elsewhere, or got a new password or role, or was
    deactivated, is over: the request goes on anonymous. Static files are not asked."""
    if "user_id" not in session or _bearer() or _static():
        return
    if signed_in() is None:
        session.clear()


def _bearer() -> bool:
    return request.headers.get("Authorization", "").startswith("Bearer ")


def _static() -> bool:
    return (request.endpoint or "").rsplit(".", 1)[-1] == "static"


def _check_csrf() -> None:
    if request.method not in UNSAFE or request.path.startswith("/socket.io"):
        return
    if _bearer():
        return
    if "user_id" not in session and request.path != SIGN_IN:
        return
    sent = request.headers.get(HEADER, "")
    expected = session.get("csrf")
    if (
        not isinstance(expected, str)
        or not expected
        or not hmac.compare_digest(sent.encode(), expected.encode())
    ):
        raise ApiError(403, "csrf_failed")


def install_sessions(app: Flask, settings: ServerSettings) -> None:
    """The cookie's flags and lifetime, then the idle timeout and the CSRF check per request."""
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        PERMANENT_SESSION_LIFETIME=timedelta(hours=settings.session_hours),
        SESSION_REFRESH_EACH_REQUEST=False,
        ONEWINDOW_SESSIONS=settings,
    )

    @app.before_request
    def _sessions_and_csrf() -> Any:
        _expire_idle_or_old(settings)
        _end_if_revoked()
        _check_csrf()
        return None
