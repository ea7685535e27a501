"""Browser fixtures: the real app served in-process on loopback, pages in headless Chromium.

The hall is the server tests' one (tests/server/conftest.py: example hall, ManualClock at an
open Monday, demo accounts, a display token) on a real SQLite file; REST calls go through the
Flask test client of the same app, and every event reaches the page over a real WebSocket.
Chromium is Debian's (/usr/bin/chromium, or $ONEWINDOW_CHROMIUM) driven by Playwright; with
CI set, a missing browser or Playwright fails the tests instead of skipping them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from config.server import ServerSettings
from display.preview import LiveServer
from server.web.app import create_app
from tests.server.conftest import HALL, Hall, build_hall

# A fast voice keeps the tests short; real halls use espeak:// at its normal rate.
TEST_VOICE = "espeak://?rate=450&gap_ms=100"
SECRET = "k" * 40  # build_hall's key: sessions survive a restart of the app


class LiveHall:
    """A hall served on loopback; `restart()` stops the server and serves a new app on its port."""

    def __init__(self, db_url: str) -> None:
        self.db_url = db_url
        self.hall: Hall = build_hall(db_url)
        self.hall.app.config["DISPLAY_VOICE_URL"] = TEST_VOICE
        self.server = LiveServer(self.hall.app).start()

    @property
    def token(self) -> str:
        return self.hall.accounts.display_token

    def url(self, path: str) -> str:
        return self.server.url + path

    def hall_page(self, token: str | None = None) -> str:
        return self.url(f"/display/hall/{HALL}#token={token or self.token}")

    def window_page(self, window_id: int, token: str | None = None) -> str:
        return self.url(f"/display/window/{window_id}#token={token or self.token}")

    def stop(self) -> None:
        self.server.stop()

    def rebuild(self) -> Hall:
        """A new app on the same database and clock (not yet serving): a restarted server."""
        settings = ServerSettings(database_url=self.db_url, secret_key=SECRET, testing=True)
        app = create_app(settings, self.hall.clock)
        app.config["DISPLAY_VOICE_URL"] = TEST_VOICE
        self.hall.engine.dispose()
        old = self.hall
        self.hall = Hall(app, app.extensions["onewindow"].engine, old.clock, old.accounts)
        return self.hall

    def serve(self) -> None:
        self.server = LiveServer(self.hall.app, port=self.server.port).start()

    def close(self) -> None:
        self.server.stop()
        self.hall.engine.dispose()


@pytest.fixture
def live(tmp_path: Path) -> Iterator[LiveHall]:
    served = LiveHall(f"sqlite:///{tmp_path / 'hall.sqlite3'}")
    yield served
    served.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A 1920x1080 page in the hall's time zone, with page errors collected."""
    context = browser.new_context(
        viewport={"width": 1920, "height": 1080}, timezone_id="Asia/Shanghai"
    )
    pg = context.new_page()
    pg.errors = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))  # type: ignore[attr-defined]
    yield pg
    context.close()
    assert not pg.errors, f"errors in the page: {pg.errors}"  # type: ignore[attr-defined]


def open_live(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-status=live]", state="attached", timeout=10_000)


def spoken(page: Any) -> list[dict[str, Any]]:
    """What the page's announcer queued and said, in order."""
    return page.evaluate(  # type: ignore[no-any-return]
        "window.__announcer.items.map(i => ({number: i.number, window: i.window, kind: i.kind,"
        " state: i.state, via: i.via, startedAt: i.startedAt, endedAt: i.endedAt}))"
    )


def wait_spoken(page: Any, count: int, timeout: float = 30_000) -> list[dict[str, Any]]:
    page.wait_for_function(  # a function, not a string: the page's CSP forbids eval
        "(n) => window.__announcer && window.__announcer.items.filter(i => i.state === 'done')"
        ".length >= n",
        arg=count,
        timeout=timeout,
    )
    return spoken(page)
