"""Who is calling: a device token (Bearer) or a signed-in user's session; role checks;
signing in (behind the lockout and the per-address limit)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import current_app, g, request, session

from server.services import principals
from server.services import sign_in as sign_in_case
from server.services.commands import Actor
from server.services.principals import Principal
from server.web.api_models import SignedIn
from server.web.csrf import signed_in, start_session
from server.web.errors import ApiError
from server.web.sign_in import client_address

F = TypeVar("F", bound=Callable[..., Any])


def principal_from(auth_header: str | None, user_id: int | None) -> Principal | None:
    """The device of a Bearer token, else the user of this request's session while it lives
    (`user_id`: the session's, when it has one)."""
    if auth_header and auth_header.startswith("Bearer "):
        runtime = current_app.extensions["onewindow"]
        return runtime.read(principals.token_device, auth_header[7:].strip())  # type: ignore[no-any-return]
    if user_id is not None:
        return signed_in()
    return None


def current_principal() -> Principal | None:
    if "principal" not in g:
        g.principal = principal_from(request.headers.get("Authorization"), session.get("user_id"))
    return g.principal  # type: ignore[no-any-return]


def require(*roles: str) -> Callable[[F], F]:
    """Refuse anonymous callers (401) and callers of other roles (403)."""

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            principal = current_principal()
            if principal is None:
                raise ApiError(401, "unauthorized")
            if principal.role not in roles:
                raise ApiError(403, "forbidden")
            hall = kwargs.get("hall_id")
            if hall is not None and principal.hall_id not in (None, hall):
                raise ApiError(403, "forbidden")
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


def actor() -> Actor:
    p = current_principal()
    assert p is not None
    return Actor(role=p.role, hall_id=p.hall_id, user_id=p.user_id, device_id=p.device_id)


def sign_in_staff(username: str, password: str) -> SignedIn:
    """Check a user's password and start their session; the answer carries its CSRF token.

    A wrong password, an unknown name and an inactive account answer alike; so do their
    lockouts. The guess is counted before the password is checked (atomically, in the
    database), so concurrent guesses never get past the limit.
    """
    runtime = current_app.extensions["onewindow"]
    cmd = sign_in_case.SignIn(username, password, client_address(),
                              current_app.config["ONEWINDOW_SIGN_IN"])  # fmt: skip
    principal = sign_in_case.sign_in(cmd, runtime.execute, runtime.passwords)
    if principal is None or principal.user_id is None:
        raise ApiError(401, "login_failed")
    token = start_session(principal.user_id, principal.session)
    return SignedIn(principal.user_id, principal.role, principal.hall_id, token)


def sign_in(username: str, password: str) -> dict[str, Any]:
    """The wire dict of sign_in_staff (for api.py's login until it replies its SignedIn)."""
    done = sign_in_staff(username, password)
    return {"user_id": done.user_id, "role": done.role, "hall": done.hall,
            "csrf_token": done.csrf_token}  # fmt: skip
