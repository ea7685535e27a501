"""Real clients of a served hall: a browser-like HTTP session and a python-socketio listener.

`served(database_url)` serves the server tests' hall (tests/server/conftest.py) on loopback
(werkzeug, real WebSockets); `Browser` keeps its cookies and CSRF token like the console's
scripts; `Listener` is a Socket.IO client (websocket transport) that keeps what it hears.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import requests
import socketio

from display.preview import LiveServer
from tests.server.conftest import Hall, build_hall

WAIT = 15.0  # seconds an expected event may take before a test gives up (no timing claim)


@dataclass
class Served:
    hall: Hall
    server: LiveServer

    @property
    def url(self) -> str:
        return self.server.url


@contextmanager
def served(database_url: str) -> Iterator[Served]:
    hall = build_hall(database_url)
    server = LiveServer(hall.app).start()
    try:
        yield Served(hall, server)
    finally:
        server.stop()
        hall.engine.dispose()


class Browser:
    """One browser's cookie jar against the served app, sending its CSRF token on changes."""

    def __init__(self, base: str, token: str | None = None) -> None:
        self.base, self.session = base, requests.Session()
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"

    def get(self, path: str) -> requests.Response:
        return self.session.get(f"{self.base}/api/v1{path}", timeout=WAIT)

    def send(self, method: str, path: str, json: Any = None) -> requests.Response:
        if path == "/auth/login":  # the sign-in form's token, then the session's
            self.session.headers["X-CSRF-Token"] = self.get("/auth/csrf").json()["csrf_token"]
        r = self.session.request(method, f"{self.base}/api/v1{path}", json=json, timeout=WAIT)
        if path == "/auth/login" and r.status_code == 200:
            self.session.headers["X-CSRF-Token"] = r.json()["csrf_token"]
        return r

    def post(self, path: str, json: Any = None) -> requests.Response:
        return self.send("POST", path, json)

    def put(self, path: str, json: Any = None) -> requests.Response:
        return self.send("PUT", path, json)

    def sign_in(self, username: str, password: str) -> Browser:
        r = self.post("/auth/login", {"username": username, "password": password})
        assert r.status_code == 200, r.text
        return self

    def copy(self) -> Browser:
        """Another client holding this one's cookie and token, as a thief would save them."""
        other = Browser(self.base)
        other.session.headers.update(self.session.headers)
        other.session.cookies.update(self.session.cookies)
        return other

    @property
    def cookie(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.session.cookies.items())


@dataclass
class Listener:
    """A /live client that keeps every event it hears; "(disconnected)" when the server closes
    it."""

    client: socketio.Client
    got: list[tuple[str, Any]] = field(default_factory=list)
    cond: threading.Condition = field(default_factory=threading.Condition)

    def wait_for(self, match: Callable[[str, Any], bool]) -> tuple[str, Any]:
        """The first event that matches, waiting up to WAIT seconds for it."""
        deadline = time.monotonic() + WAIT
        with self.cond:
            while True:
                for name, data in self.got:
                    if match(name, data):
                        return name, data
                left = deadline - time.monotonic()
                if left <= 0:
                    names = [n for n, _ in self.got]
                    raise AssertionError(f"no matching event within {WAIT} s; heard {names}")
                self.cond.wait(left)

    def named(self, name: str) -> list[Any]:
        with self.cond:
            return [d for n, d in self.got if n == name]

    def close(self) -> None:
        self.client.disconnect()


def listen(base: str, auth: dict[str, Any] | None = None, cookie: str | None = None) -> Listener:
    """Connect to /live (websocket) and wait for the snapshot: its rooms are joined then.
    A refused connection raises socketio.exceptions.ConnectionError."""
    listener = Listener(socketio.Client(reconnection=False))

    def heard(event: str, *args: Any) -> None:
        with listener.cond:
            listener.got.append((event, args[0] if args else None))
            listener.cond.notify_all()

    listener.client.on("*", heard, namespace="/live")
    listener.client.on("disconnect", lambda *_: heard("(disconnected)"), namespace="/live")
    listener.client.connect(
        base,
        namespaces=["/live"],
        auth=auth or {},
        headers={"Cookie": cookie} if cookie else {},
        transports=["websocket"],
        wait_timeout=WAIT,
    )
    listener.wait_for(lambda name, _: name == "snapshot")
    return listener


def eventually(check: Callable[[], bool]) -> None:
    """Wait up to WAIT seconds for something the server does after answering to be done."""
    deadline = time.monotonic() + WAIT
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"still not so after {WAIT} s")
        time.sleep(0.05)
