"""Fixtures: a real app on a real database file (SQLite, and PostgreSQL where marked)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import Engine

from config.server import ServerSettings
from server.adapters.accounts import issue_device_token
from server.adapters.clock import ManualClock
from server.adapters.hall_file import load_hall
from server.bootstrap import DemoAccounts, prepare_database, reset_demo_accounts
from server.web.app import create_app
from server.web.extensions import socketio
from tests.server.postgres import postgres_url

EXAMPLE = Path(__file__).resolve().parents[2] / "config" / "hall.example.toml"
HALL = "dingcheng"
# Monday 2026-11-23 10:00 in Shanghai: the hall is open.
OPEN_MONDAY = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


class Api:
    """A test client that speaks JSON with one identity (device token or session).

    With a session it behaves like the console's scripts: signing in first fetches the
    pre-session CSRF token, and every change sends the session's token as X-CSRF-Token.
    """

    def __init__(self, client: Any, token: str | None = None) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.csrf: str | None = None

    def get(self, path: str, **kw: Any) -> Any:
        return self.client.get(f"/api/v1{path}", headers=self.headers, **kw)

    def post(self, path: str, json: Any = None, headers: dict[str, str] | None = None) -> Any:
        return self._change("POST", path, json, headers)

    def put(self, path: str, json: Any = None) -> Any:
        return self._change("PUT", path, json)

    def delete(self, path: str) -> Any:
        return self._change("DELETE", path)

    def _change(
        self, method: str, path: str, json: Any = None, headers: dict[str, str] | None = None
    ) -> Any:
        sent = {**self.headers, **(headers or {})}
        if "Authorization" not in self.headers:
            if path == "/auth/login":
                self.csrf = self.client.get("/api/v1/auth/csrf").json["csrf_token"]
            if self.csrf:
                sent.setdefault("X-CSRF-Token", self.csrf)
        r = self.client.open(f"/api/v1{path}", method=method, json=json, headers=sent)
        if path == "/auth/login" and r.status_code == 200:
            self.csrf = r.json["csrf_token"]
        elif path == "/auth/logout":
            self.csrf = None
        return r


@dataclass
class Hall:
    app: Flask
    engine: Engine
    clock: ManualClock
    accounts: DemoAccounts

    @property
    def runtime(self) -> Any:
        return self.app.extensions["onewindow"]

    def password(self, username: str) -> str:
        return next(p for u, p, _ in self.accounts.users if u == username)

    def kiosk(self) -> Api:
        return Api(self.app.test_client(), self.accounts.kiosk_token)

    def anonymous(self) -> Api:
        return Api(self.app.test_client())

    def clerk(self, username: str, window: int | None = None) -> Api:
        api = Api(self.app.test_client())
        r = api.post("/auth/login", {"username": username, "password": self.password(username)})
        assert r.status_code == 200, r.json
        if window is not None:
            assert api.post(f"/windows/{window}/sign-in").status_code == 200
        return api

    def display(self, token: str | None = None) -> Any:
        client = socketio.test_client(
            self.app, namespace="/live", auth={"token": token or self.accounts.display_token}
        )
        assert client.is_connected("/live")
        return client

    def device_token(self, kind: str, hall: str = HALL) -> str:
        return issue_device_token(self.engine, hall, kind, f"test {kind}", self.clock.now())

    def issue(self, service: str = "social_security", **body: Any) -> dict[str, Any]:
        r = self.kiosk().post(f"/halls/{HALL}/tickets", {"service": service, **body})
        assert r.status_code == 201, r.json
        return r.json  # type: ignore[no-any-return]


def build_hall(
    database_url: str, hall_file: Path = EXAMPLE, clerks: int = 4, **settings_: Any
) -> Hall:
    """A hall on a fresh database; `settings_` override ServerSettings (e.g. sign_in=...).

    Tests move the hall's clock by hours and days with clerks signed in: their sessions do
    not time out here unless a test sets session_hours / session_idle_minutes itself.
    """
    settings_.setdefault("session_hours", 24.0 * 366)
    settings_.setdefault("session_idle_minutes", 60.0 * 24 * 366)
    clock = ManualClock(OPEN_MONDAY)
    settings = ServerSettings(
        database_url=database_url, secret_key="k" * 40, testing=True, **settings_
    )
    app = create_app(settings, clock)
    engine = app.extensions["onewindow"].engine
    prepare_database(engine, [load_hall(hall_file)])
    return Hall(app, engine, clock, reset_demo_accounts(engine, HALL, clerks))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'hall.sqlite3'}"
    return postgres_url(request)


@pytest.fixture
def hall(database_url: str) -> Any:
    built = build_hall(database_url)
    yield built
    built.engine.dispose()


@pytest.fixture
def sqlite_hall(tmp_path: Path) -> Any:
    built = build_hall(f"sqlite:///{tmp_path / 'hall.sqlite3'}")
    yield built
    built.engine.dispose()


def events(client: Any, name: str | None = None) -> list[tuple[str, Any]]:
    """Drain what a Socket.IO test client received: (event name, payload) pairs."""
    got = [(m["name"], m["args"][0]) for m in client.get_received("/live")]
    return [(n, a) for n, a in got if name is None or n == name]
