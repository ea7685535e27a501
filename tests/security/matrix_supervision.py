"""Authorisation matrix entries of the supervision routes added for issue 7 (H4): the list of
all cases by state is for the hall's staff (clerks, managers, admins), like the 督办 list."""

from __future__ import annotations

from typing import Any

from tests.security.test_authorisation_matrix import STAFF, Case
from tests.server.conftest import HALL


def routes(ids: dict[str, Any]) -> dict[tuple[str, str], Case]:
    h = f"/halls/{HALL}"
    return {
        ("GET", "/halls/<hall_id>/cases"): Case(STAFF, f"{h}/cases?state=all"),
    }
