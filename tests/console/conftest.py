"""Console fixtures: the display tests' Chromium and live hall, pages sized like a counter PC.

The hall is tests.server.conftest's (example hall, ManualClock at an open Monday, demo clerks
and manager); the app is served on loopback by display.preview.LiveServer; with CI set, a
missing browser fails the tests instead of skipping them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.display.conftest import (
    LiveHall,
    live,  # noqa: F401  (fixture)
)
from tests.server.conftest import HALL, sqlite_hall  # noqa: F401  (fixtures)

COUNTER_SIZE = {"width": 1280, "height": 800}
PAD_SIZE = {"width": 1024, "height": 600}
WAIT = 10_000  # ms: generous, the waits end as soon as the page is there


def _open(chromium: Any, viewport: dict[str, int]) -> Any:
    context = chromium.new_context(viewport=viewport, timezone_id="Asia/Shanghai")
    pg = context.new_page()
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    return pg


@pytest.fixture
def pages(browser: Any) -> Iterator[Callable[..., Any]]:  # noqa: F811
    """new_page(viewport=COUNTER_SIZE) -> a fresh page in its own context (own cookies)."""
    opened: list[Any] = []

    def new_page(viewport: dict[str, int] = COUNTER_SIZE) -> Any:
        pg = _open(browser, viewport)
        opened.append(pg)
        return pg

    yield new_page
    errors = [e for pg in opened for e in pg.errors]
    for pg in opened:
        pg.context.close()
    assert not errors, f"errors in the pages: {errors}"


def login(page: Any, live: LiveHall, username: str, path: str = "/counter") -> None:  # noqa: F811
    """Open a console path logged out, get sent to /login, sign in, land back on the path."""
    page.goto(live.url(path))
    page.wait_for_url(re.compile(r"/login\?next="), timeout=WAIT)
    page.fill("#username", username)
    page.fill("#password", live.hall.password(username))
    page.click("#login-submit")
    page.wait_for_url(f"**{path}", timeout=WAIT)
    page.wait_for_selector("body[data-ready=true]", state="attached", timeout=WAIT)


def pad_token(live: LiveHall, window_id: int) -> str:  # noqa: F811
    from server.adapters.accounts import issue_device_token

    hall = live.hall
    return issue_device_token(hall.engine, HALL, "rating_pad", "pad", hall.clock.now(), window_id)
