"""The live feed's Origin check over HTTP (the Engine.IO handshake), and its setting.

The server's own address is the one the client used (its Host, its scheme as the trusted
proxies report it: nginx forwards X-Forwarded-Proto); ONEWINDOW_ALLOWED_ORIGINS adds others.
A handshake without Origin is no browser's and goes on (the kiosk's and tests' clients).
The browser's view of it is test_socket_origin_browser.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from config.server import origins, settings_from_env
from display.preview import LiveServer
from tests.server.conftest import build_hall

HANDSHAKE = "/socket.io/?EIO=4&transport=polling"


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[object]:
    started: list[tuple[LiveServer, object]] = []

    def start(**settings: object) -> str:
        hall = build_hall(f"sqlite:///{tmp_path / f'hall{len(started)}.sqlite3'}", **settings)
        server = LiveServer(hall.app).start()
        started.append((server, hall))
        return server.url

    yield start
    for server, hall in started:
        server.stop()
        hall.engine.dispose()  # type: ignore[attr-defined]


def _handshake(base: str, **headers: str) -> int:
    return requests.get(base + HANDSHAKE, headers=headers, timeout=15).status_code


def test_only_the_servers_own_origin_and_the_configured_ones_may_open_the_feed(serve) -> None:
    base = serve(allowed_origins=origins("https://console.example.gov.cn"))
    port = base.rsplit(":", 1)[1]
    assert _handshake(base) == 200, "no Origin: not a browser"
    assert _handshake(base, Origin=base) == 200
    assert _handshake(base, Origin="https://console.example.gov.cn") == 200
    for stranger in (
        f"http://127.0.0.1:{int(port) + 1}",  # another port of the same host
        f"https://127.0.0.1:{port}",  # another scheme
        f"http://localhost:{port}",  # another name than the one used
        "null",  # a sandboxed frame or a file
        "https://console.example.gov.cn.evil.test",
    ):
        assert _handshake(base, Origin=stranger) == 400, stranger


def test_behind_the_trusted_proxy_the_browsers_scheme_and_host_count(serve) -> None:
    proxied = serve(trusted_proxies=1)
    direct = serve()
    front = {"Host": "queue.example.gov.cn", "X-Forwarded-Proto": "https",
             "X-Forwarded-For": "192.168.1.20"}  # fmt: skip
    page = "https://queue.example.gov.cn"
    assert _handshake(proxied, Origin=page, **front) == 200
    assert _handshake(proxied, Origin="https://queue.example.gov.cn:8443", **front) == 400
    # Not behind a trusted proxy: a forwarded scheme is anyone's word and does not count.
    assert _handshake(direct, Origin=page, **front) == 400


def test_the_setting_takes_origins_and_names_itself_when_one_is_not(monkeypatch) -> None:
    monkeypatch.setenv("ONEWINDOW_SECRET_KEY", "k" * 40)
    monkeypatch.setenv("ONEWINDOW_ALLOWED_ORIGINS", " https://A.example:443/, http://b:8080 ")
    assert settings_from_env().allowed_origins == ("https://a.example", "http://b:8080")
    monkeypatch.setenv("ONEWINDOW_ALLOWED_ORIGINS", "https://a.example/console")
    with pytest.raises(ValueError, match="ONEWINDOW_ALLOWED_ORIGINS"):
        settings_from_env()
    monkeypatch.delenv("ONEWINDOW_ALLOWED_ORIGINS")
    assert settings_from_env().allowed_origins == ()
