"""Left alone, the kiosk goes back to its home screen and forgets the person (real Chromium)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.kiosk.conftest import LI

WAIT = 15_000


@pytest.fixture
def kiosk_options() -> dict[str, Any]:
    return {"idle_timeout_seconds": 3.0}


def test_idle_returns_home_and_forgets_the_person(page, rig):
    rig.emulator.place(LI)
    page.wait_for_selector("body[data-screen=services]", state="attached", timeout=WAIT)
    page.wait_for_selector("[data-testid=person]", state="visible", timeout=WAIT)
    page.wait_for_selector("body[data-screen=home]", state="attached", timeout=WAIT)
    page.wait_for_selector("[data-testid=person]", state="hidden", timeout=WAIT)
    assert rig.kiosk.session.person is None
