"""Kiosk fixtures: a real hall server on loopback, the kiosk program on simulated devices
(virtual printer, pty ID-card emulator, image-folder camera) with its UI on loopback, and
Debian's Chromium through Playwright. With CI set, a missing browser fails, never skips."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from display.preview import LiveServer
from kiosk.preview import ServedKiosk, sim_config
from tests.server.conftest import HALL, Hall, build_hall

WANG, LI = 0, 1  # demo cards: 王小明 born 1985; 李秀英 born 1952 (green channel)


class HallServer:
    """The example hall served on loopback; `stop()` and `serve()` again on the same port."""

    def __init__(self, db_url: str) -> None:
        self.hall: Hall = build_hall(db_url)
        self.server = LiveServer(self.hall.app).start()

    @property
    def url(self) -> str:
        return self.server.url

    def stop(self) -> None:
        self.server.stop()

    def serve(self) -> None:
        self.server = LiveServer(self.hall.app, port=self.server.port).start()

    def ticket(self, token: str) -> dict[str, Any]:
        response = self.hall.anonymous().get(f"/tickets/{token}")
        assert response.status_code == 200, response.json
        return response.json  # type: ignore[no-any-return]

    def close(self) -> None:
        self.server.stop()
        self.hall.engine.dispose()


@pytest.fixture
def hall_server(tmp_path: Path) -> Iterator[HallServer]:
    served = HallServer(f"sqlite:///{tmp_path / 'hall.sqlite3'}")
    yield served
    served.close()


@pytest.fixture
def kiosk_options() -> dict[str, Any]:
    """Override in a test module to change the kiosk config (idle timeout ...)."""
    return {}


@pytest.fixture
def rig(hall_server: HallServer, tmp_path: Path, kiosk_options: dict[str, Any]) -> Iterator[Any]:
    cfg = sim_config(hall_server.url, tmp_path, request_timeout_seconds=2.0, **kiosk_options)
    served = ServedKiosk(cfg, hall_server.hall.accounts.kiosk_token).start()
    yield served
    served.stop()


@pytest.fixture
def page(browser: Any, rig: ServedKiosk) -> Iterator[Any]:
    """The kiosk page, portrait 1080x1920 as the touchscreen stands, page errors collected."""
    context = browser.new_context(
        viewport={"width": 1080, "height": 1920}, timezone_id="Asia/Shanghai"
    )
    pg = context.new_page()
    pg.errors = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))  # type: ignore[attr-defined]
    pg.goto(rig.url)
    pg.wait_for_selector("body[data-ready='1']", state="attached", timeout=15_000)
    yield pg
    context.close()
    assert not pg.errors, f"errors in the page: {pg.errors}"  # type: ignore[attr-defined]


__all__ = ["HALL", "LI", "WANG"]
