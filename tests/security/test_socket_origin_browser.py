"""A page of another origin opens no live feed with a signed-in manager's cookie (Chromium).

The browser signs the manager in on the hall server. Pages served by two other servers on
other ports of 127.0.0.1 are the same site to the browser, so it sends the manager's cookie
with their WebSocket: one of them is a stranger and is refused before any event, over either
transport; the other is named in the server's allowed origins (ONEWINDOW_ALLOWED_ORIGINS) and
gets the feed, as the server's own page does.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, Response

from display.preview import LiveServer
from tests.security.live_clients import Browser
from tests.server.conftest import HALL, Hall, build_hall

CLIENT = Path(__file__).resolve().parents[2] / "display/node_modules/socket.io-client/dist"
WAIT = 15_000  # ms: waits end as soon as the page is there

# Open the live feed as the manager console does (cookie, no token); resolve with the first
# word from the server: its snapshot, or the refusal.
PROBE = """async ([url, transports]) => {
  const heard = (window.__heard ||= []);
  const socket = io(url, {transports, withCredentials: true, reconnection: false});
  window.__socket = socket;
  socket.onAny((name) => heard.push(name));
  return await new Promise((resolve) => {
    socket.on("snapshot", (data) => resolve({connected: true, scope: data.scope}));
    socket.on("connect_error", (err) => resolve({connected: false, error: String(err.message)}));
  });
}"""


def _elsewhere() -> Flask:
    """Another site's page on another port of this host, with its own copy of the client."""
    app = Flask("elsewhere")

    @app.get("/")
    def index() -> Response:
        return Response("<!doctype html><title>elsewhere</title><p>not the hall</p>")

    @app.get("/io.js")
    def client() -> Response:
        return Response((CLIENT / "socket.io.min.js").read_bytes(), mimetype="text/javascript")

    return app


class Sites:
    def __init__(self, tmp: Path) -> None:
        self.stranger = LiveServer(_elsewhere()).start()
        self.friend = LiveServer(_elsewhere()).start()
        database = f"sqlite:///{tmp / 'hall.sqlite3'}"
        self.hall: Hall = build_hall(database, allowed_origins=(self.friend.url,))
        self.server = LiveServer(self.hall.app).start()

    def close(self) -> None:
        for server in (self.server, self.stranger, self.friend):
            server.stop()
        self.hall.engine.dispose()


@pytest.fixture
def sites(tmp_path: Path) -> Iterator[Sites]:
    if not (CLIENT / "socket.io.min.js").is_file():
        pytest.skip("socket.io-client missing: run `npm ci --prefix display`")
    built = Sites(tmp_path)
    yield built
    built.close()


def _sign_in(page: Any, sites: Sites) -> None:
    page.goto(f"{sites.server.url}/login?next=/manage")
    page.fill("#username", "manager")
    page.fill("#password", sites.hall.password("manager"))
    page.click("#login-submit")
    page.wait_for_url(lambda url: "/login" not in url, timeout=WAIT)  # signed in


def _open(page: Any, site: str, client: str) -> None:
    page.goto(site)
    page.add_script_tag(url=client)


def test_only_the_servers_own_and_allowed_origins_get_the_managers_live_feed(
    browser: Any, sites: Sites
) -> None:
    context = browser.new_context()
    try:
        own, stranger, friend = context.new_page(), context.new_page(), context.new_page()
        _sign_in(own, sites)
        feed = f"{sites.server.url}/live"
        _open(stranger, sites.stranger.url, f"{sites.stranger.url}/io.js")
        for transports in (["websocket"], ["polling"]):
            refused = stranger.evaluate(PROBE, [feed, transports])
            assert refused["connected"] is False, (transports, refused)
        _open(own, f"{sites.server.url}/healthz", f"{sites.server.url}/display/vendor/"
              "socket.io.min.js")  # fmt: skip
        assert own.evaluate(PROBE, [feed, ["websocket"]]) == {"connected": True, "scope": "hall"}
        _open(friend, sites.friend.url, f"{sites.friend.url}/io.js")
        assert friend.evaluate(PROBE, [feed, ["websocket"]])["connected"] is True

        kiosk = Browser(sites.server.url, sites.hall.accounts.kiosk_token)
        issued = kiosk.post(f"/halls/{HALL}/tickets", {"service": "household"})
        assert issued.status_code == 201, issued.text
        for page in (own, friend):  # the manager's staff room hears the new ticket
            page.wait_for_function("() => window.__heard.includes('ticket.issued')", timeout=WAIT)
        assert stranger.evaluate("() => [window.__heard, window.__socket.connected]") == [
            [],
            False,
        ], "the stranger's page heard nothing"
    finally:
        context.close()
