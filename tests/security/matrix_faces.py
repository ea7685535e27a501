"""Authorisation of the face check-in and kiosk-help routes (server/web/faces_api.py)."""

from __future__ import annotations

from typing import Any

from tests.security.test_authorisation_matrix import EVERYONE, Case
from tests.server.conftest import HALL


def routes(ids: dict[str, Any]) -> dict[tuple[str, str], Case]:
    h = f"/halls/{HALL}/appointments/ABCD2345"
    return {
        # The citizen's phone: public, bound to the booking code and the booker's ID number.
        ("POST", "/halls/<hall_id>/appointments/<code>/face"): Case(
            EVERYONE, f"{h}/face", {"id_number": "x", "consent": True, "photo": "aGVsbG8="}
        ),
        ("POST", "/halls/<hall_id>/appointments/<code>/face/withdraw"): Case(
            EVERYONE, f"{h}/face/withdraw", {"id_number": "x"}
        ),
        # The kiosk only: face check-in by embedding, and its call for staff.
        ("POST", "/devices/me/face-check-in"): Case(
            {"kiosk"}, "/devices/me/face-check-in", {"embedding": [1.0] * 128}
        ),
        ("POST", "/devices/me/help"): Case({"kiosk"}, "/devices/me/help", {"reason": "other"}),
    }
