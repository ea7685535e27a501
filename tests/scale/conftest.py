"""Scale-out fixtures: real PostgreSQL, a real Redis server and real server processes.

`cluster` starts `python -m server.cli serve --processes 3` (the command an operator runs)
on three consecutive loopback ports, over a fresh PostgreSQL database with two halls (the
district example and the town example, opening hours off, no call guard), sharing events
through Redis. Tests talk to each process by its own port, as a sticky proxy would place
each client. In CI a missing PostgreSQL or Redis is a failure, never a skip.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests
import socketio
from sqlalchemy import Engine

from bench._cluster import RedisServer
from server.adapters.accounts import add_user, issue_device_token
from server.adapters.database import make_engine
from server.adapters.hall_file import load_hall
from server.bootstrap import DemoAccounts, prepare_database, reset_demo_accounts
from server.serving import free_port_range as free_ports
from tests.security.live_clients import Listener  # one /live listener for every test
from tests.server.postgres import postgres_url

ROOT = Path(__file__).resolve().parents[2]
HALL, TOWN = "dingcheng", "xiaoxi"
HALL_FILES = {
    HALL: ROOT / "config" / "hall.example.toml",
    TOWN: ROOT / "config" / "hall.town.example.toml",
}
PROCESSES = 3
WAIT = 15.0  # seconds any expected event may take before a test gives up (no timing claim)


def _require(what: str, error: Exception) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what} is required in CI: {error}")
    pytest.skip(f"{what} not available here: {error}")


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    try:
        server = RedisServer.start(tmp_path_factory.mktemp("redis"))
    except (FileNotFoundError, RuntimeError) as e:
        _require("redis-server", e)
    yield server.url
    server.stop()


def open_hall_file(src: Path, dst: Path) -> Path:
    """A copy of a hall file that is open at any hour and lets a window call at once."""
    text = src.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^enforce = true", "enforce = false", text)
    text = re.sub(r"(?m)^call_guard_seconds = [\d.]+", "call_guard_seconds = 0.0", text)
    # one kiosk token stands for many kiosks here: lift the per-kiosk limit (防黄牛)
    text = re.sub(r"(?m)^kiosk_tickets_per_minute = \d+", "kiosk_tickets_per_minute = 100000", text)
    dst.write_text(text, encoding="utf-8")
    return dst


class Http:
    """One client of one process: a requests session (cookies for users, a token for devices)."""

    def __init__(self, base: str, token: str | None = None) -> None:
        self.base, self.session = base, requests.Session()
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"

    def get(self, path: str) -> requests.Response:
        return self.session.get(f"{self.base}/api/v1{path}", timeout=WAIT)

    def post(
        self, path: str, json: Any = None, headers: dict[str, str] | None = None
    ) -> requests.Response:
        if path == "/auth/login":  # the sign-in form's CSRF token, then the session's
            self.session.headers["X-CSRF-Token"] = self.get("/auth/csrf").json()["csrf_token"]
        r = self.session.post(f"{self.base}/api/v1{path}", json=json, headers=headers, timeout=WAIT)
        if path == "/auth/login" and r.status_code == 200:
            self.session.headers["X-CSRF-Token"] = r.json()["csrf_token"]
        return r

    def put(self, path: str, json: Any = None) -> requests.Response:
        return self.session.put(f"{self.base}/api/v1{path}", json=json, timeout=WAIT)


@dataclass
class Cluster:
    bases: list[str]
    engine: Engine
    accounts: DemoAccounts  # the district hall's manager, clerks and devices
    passwords: dict[str, str]  # every user's password
    tokens: dict[str, str]  # "<hall>:<kind>" -> device token
    listeners: list[Listener] = field(default_factory=list)

    def kiosk(self, process: int, hall: str = HALL) -> Http:
        return Http(self.bases[process], self.tokens[f"{hall}:kiosk"])

    def user(self, process: int, username: str) -> Http:
        api = Http(self.bases[process])
        r = api.post("/auth/login", {"username": username, "password": self.passwords[username]})
        assert r.status_code == 200, r.text
        return api

    def clerk(self, process: int, username: str, window_id: int) -> Http:
        api = self.user(process, username)
        r = api.post(f"/windows/{window_id}/sign-in")
        assert r.status_code == 200, r.text
        return api

    def listen(
        self, process: int, auth: dict[str, str], headers: dict[str, str] | None = None
    ) -> Listener:
        """Connect a Socket.IO client (websocket) to one process, as a display or a phone."""
        listener = Listener(socketio.Client(reconnection=False))

        def any_event(event: str, *args: Any) -> None:
            with listener.cond:
                listener.got.append((event, args[0] if args else None))
                listener.cond.notify_all()

        def gone(*_: Any) -> None:
            any_event("(disconnected)")

        listener.client.on("*", any_event, namespace="/live")
        listener.client.on("disconnect", gone, namespace="/live")
        listener.client.connect(
            self.bases[process],
            namespaces=["/live"],
            auth=auth,
            headers=headers or {},
            transports=["websocket"],
            wait_timeout=WAIT,
        )
        listener.wait_for(lambda name, _: name == "snapshot")  # joined its rooms
        self.listeners.append(listener)
        return listener

    def staff_socket(self, process: int, username: str, hall: str | None = None) -> Listener:
        """A signed-in user's socket: it rides on the session cookie (an admin names a hall)."""
        api = self.user(process, username)
        cookie = "; ".join(f"{k}={v}" for k, v in api.session.cookies.items())
        return self.listen(process, {"hall": hall} if hall else {}, {"Cookie": cookie})

    def display(self, process: int, hall: str = HALL) -> Listener:
        return self.listen(process, {"token": self.tokens[f"{hall}:display"]})

    def window_id(self, hall: str, number: int) -> int:
        from sqlalchemy import select

        from server.adapters import tables

        w = tables.windows.c
        with self.engine.connect() as conn:
            found = conn.execute(select(w.id).where(w.hall_id == hall, w.number == number))
            return int(found.scalar_one())


def _accounts(engine: Engine) -> tuple[DemoAccounts, dict[str, str], dict[str, str]]:
    now = datetime.now(UTC)
    accounts = reset_demo_accounts(engine, HALL, clerks=8)
    passwords = {u: p for u, p, _ in accounts.users}
    for username, role, hall in (
        ("admin", "admin", None),
        ("town_manager", "manager", TOWN),
        ("town_clerk", "clerk", TOWN),
    ):
        passwords[username] = f"{username}-password"
        add_user(engine, username, passwords[username], role, hall)
    tokens = {f"{HALL}:kiosk": accounts.kiosk_token, f"{HALL}:display": accounts.display_token}
    for kind in ("kiosk", "display"):
        tokens[f"{TOWN}:{kind}"] = issue_device_token(engine, TOWN, kind, f"town {kind}", now)
    return accounts, passwords, tokens


def _wait_up(proc: subprocess.Popen[bytes], bases: list[str], log: Path) -> None:
    for base in bases:
        for _ in range(300):
            if proc.poll() is not None:
                raise RuntimeError(f"servers exited:\n{log.read_text()[-4000:]}")
            try:
                if requests.get(f"{base}/healthz", timeout=1).ok:
                    break
            except requests.RequestException:
                time.sleep(0.1)
        else:
            raise RuntimeError(f"{base} did not come up:\n{log.read_text()[-4000:]}")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


@pytest.fixture(scope="module")
def cluster(
    request: pytest.FixtureRequest, redis_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Cluster]:
    tmp = tmp_path_factory.mktemp("cluster")
    database = postgres_url(request)
    files = [open_hall_file(src, tmp / f"{hall}.toml") for hall, src in HALL_FILES.items()]
    engine = make_engine(database)
    prepare_database(engine, [load_hall(f) for f in files])
    accounts, passwords, tokens = _accounts(engine)
    first = free_ports(PROCESSES)
    command = [sys.executable, "-m", "server.cli", "serve", "--processes", str(PROCESSES)]
    command += ["--port", str(first)] + [a for f in files for a in ("--config", str(f))]
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "REDIS_URL": redis_url,
        "ONEWINDOW_SECRET_KEY": "scale-test-" + "k" * 40,
        "ONEWINDOW_ALERT_INTERVAL": "0.3",
        "PYTHONPATH": str(ROOT),
    }
    log = tmp / "servers.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=tmp, env=env, stdout=out, stderr=subprocess.STDOUT)
    bases = [f"http://127.0.0.1:{first + i}" for i in range(PROCESSES)]
    built = Cluster(bases, engine, accounts, passwords, tokens)
    try:
        _wait_up(proc, bases, log)
        yield built
    finally:
        for listener in built.listeners:
            listener.client.disconnect()
        _stop(proc)
        engine.dispose()
