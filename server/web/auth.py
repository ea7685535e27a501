"""Who is calling: a device token (Bearer) or a signed-in user's session; role checks."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import current_app, g, request, session

from server.adapters.accounts import Principal, device_principal, user_principal
from server.services.commands import Actor
from server.web.errors import ApiError

F = TypeVar("F", bound=Callable[..., Any])


def principal_from(auth_header: str | None, user_id: int | None) -> Principal | None:
    engine = current_app.extensions["onewindow"].engine
    if auth_header and auth_header.startswith("Bearer "):
        return device_principal(engine, auth_header[7:].strip())
    if user_id is not None:
        return user_principal(engine, user_id)
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
