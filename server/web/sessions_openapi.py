"""The OpenAPI description of signing in and out (server/web/api.py, server/web/csrf.py).

Every state change made with the session cookie, and every sign-in, carries the session's
CSRF token in `X-CSRF-Token` (403 `csrf_failed` without it); `GET /auth/csrf` gives it.
Sign-in answers 429 `login_locked` or `too_many_requests` with Retry-After when limited.
"""

from __future__ import annotations

from typing import Any

CSRF_HEADER = {
    "name": "X-CSRF-Token",
    "in": "header",
    "required": False,
    "schema": {"type": "string", "maxLength": 100},
}


def openapi_paths(op: Any, param: Any) -> dict[str, Any]:
    errors = (400, 401, 403, 429)
    return {
        "/auth/login": {
            "parameters": [CSRF_HEADER],
            "post": op(
                "Sign in a user (answers the session's new CSRF token)",
                "SignedIn",
                "Login",
                security=False,
                errors=errors,
            ),  # fmt: skip
        },
        "/auth/logout": {
            "parameters": [CSRF_HEADER],
            "post": op("Sign out", security=False, errors=(400, 403, 429)),
        },
        "/auth/csrf": {
            "get": op("The session's CSRF token, for X-CSRF-Token", "CsrfToken", security=False),
        },
    }


def openapi_schemas() -> dict[str, Any]:
    return {
        "CsrfToken": {
            "type": "object",
            "required": ["csrf_token"],
            "properties": {"csrf_token": {"type": "string"}},
        },
        "SignedIn": {
            "type": "object",
            "required": ["user_id", "role", "csrf_token"],
            "properties": {
                "user_id": {"type": "integer"},
                "role": {"type": "string"},
                "hall": {"type": ["string", "null"]},
                "csrf_token": {"type": "string"},
            },
        },
    }
