"""Routes of sessions and sign-in (server/web/api.py, server/web/csrf.py) for the matrix."""

from __future__ import annotations

from typing import Any

from tests.security.test_authorisation_matrix import EVERYONE, Case


def routes(ids: dict[str, Any]) -> dict[tuple[str, str], Case]:
    # The CSRF token of one's own session (before sign-in: the sign-in form's): anyone.
    return {("GET", "/auth/csrf"): Case(EVERYONE, "/auth/csrf")}
