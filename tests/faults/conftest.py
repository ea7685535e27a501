"""Fault fixtures: a real `onewindow serve` process on loopback that a test may SIGKILL and
start again on the same database and port, device and staff clients, a display socket that
reconnects by itself, and a TCP relay that can cut every connection through it.

In CI a missing PostgreSQL is a failure, never a skip (tests.server.postgres does that).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests
import socketio
from sqlalchemy import Engine, select

from server.adapters import tables
from server.adapters.database import make_engine
from server.adapters.hall_file import load_hall
from server.bootstrap import DemoAccounts, prepare_database, reset_demo_accounts
from tests.scale.conftest import HALL, HALL_FILES, Http, free_ports, open_hall_file

ROOT = Path(__file__).resolve().parents[2]
WAIT = 20.0  # seconds any expected condition may take before a test gives up (no timing claim)


def wait_until(what: str, check: Callable[[], Any], timeout: float = WAIT) -> Any:
    """Poll check() until it returns something truthy; fail naming `what` after timeout."""
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout} s")
        time.sleep(0.05)


class Server:
    """One `python -m server.cli serve` process; kill() is SIGKILL, start() runs it again."""

    def __init__(self, tmp: Path, database: str, hall_file: Path) -> None:
        self.tmp, self.database, self.hall_file = tmp, database, hall_file
        self.port = free_ports(1)
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self.verbose = False  # `onewindow --verbose`: DEBUG records (access lines) in the log
        self.env: dict[str, str] = {}  # more environment, e.g. REDIS_URL for several processes

    def start(self) -> None:
        self.starts += 1
        command = [sys.executable, "-m", "server.cli", *(["--verbose"] if self.verbose else [])]
        command += ["serve", "--config", str(self.hall_file)]
        command += ["--host", "127.0.0.1", "--port", str(self.port)]
        env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL",)}
        env.update(
            DATABASE_URL=self.database,
            ONEWINDOW_SECRET_KEY="faults-test-" + "k" * 40,  # the same across restarts
            ONEWINDOW_ALERT_INTERVAL="0.5",
            PYTHONPATH=str(ROOT),
        )
        env.update(self.env)
        self.log = self.tmp / f"server.{self.starts}.log"
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(
                command, cwd=self.tmp, env=env, stdout=out, stderr=subprocess.STDOUT
            )
        for _ in range(600):
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited:\n{self.log.read_text()[-4000:]}")
            try:
                if requests.get(f"{self.base}/healthz", timeout=1).ok:
                    return
            except requests.RequestException:
                time.sleep(0.05)
        raise RuntimeError(f"server did not come up:\n{self.log.read_text()[-4000:]}")

    def kill(self) -> None:
        """SIGKILL: no handler runs, nothing is flushed or closed by the server."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


@dataclass
class Hall:
    server: Server
    engine: Engine
    accounts: DemoAccounts
    passwords: dict[str, str]
    displays: list[Display] = field(default_factory=list)

    def kiosk(self, base: str | None = None) -> Http:
        return Http(base or self.server.base, self.accounts.kiosk_token)

    def clerk(self, username: str, window_number: int, base: str | None = None) -> Http:
        api = Http(base or self.server.base)
        login = {"username": username, "password": self.passwords[username]}
        r = api.post("/auth/login", login)
        assert r.status_code == 200, r.text
        window_id = self.window_id(window_number)
        assert api.post(f"/windows/{window_id}/sign-in").status_code == 200
        return api

    def manager(self) -> Http:
        api = Http(self.server.base)
        login = {"username": "manager", "password": self.passwords["manager"]}
        assert api.post("/auth/login", login).status_code == 200
        return api

    def window_id(self, number: int) -> int:
        w = tables.windows.c
        with self.engine.connect() as conn:
            found = conn.execute(select(w.id).where(w.hall_id == HALL, w.number == number))
            return int(found.scalar_one())

    def display(self, base: str | None = None) -> Display:
        display = Display(base or self.server.base, self.accounts.display_token)
        self.displays.append(display)
        return display

    def truth(self) -> dict[str, Any]:
        """The server's current hall snapshot, read over REST by the display's own token."""
        r = self.kiosk().session.get(
            f"{self.server.base}/api/v1/halls/{HALL}/snapshot",
            headers={"Authorization": f"Bearer {self.accounts.display_token}"},
            timeout=WAIT,
        )
        assert r.status_code == 200, r.text
        return dict(r.json())


class Display:
    """A wall display: a python-socketio client that reconnects by itself and keeps every
    snapshot it is sent (one per connection) and every event it hears."""

    def __init__(self, base: str, token: str) -> None:
        self.client = socketio.Client(
            reconnection=True,
            reconnection_delay=0.2,
            reconnection_delay_max=1.0,
            randomization_factor=0.1,
        )
        self.cond = threading.Condition()
        self.events: list[tuple[str, Any]] = []
        self.connects = 1  # counted up at each disconnect: a snapshot may beat the connect call
        self.by_connection: dict[int, list[dict[str, Any]]] = {}  # connection -> snapshots

        def any_event(event: str, *args: Any) -> None:
            with self.cond:
                self.events.append((event, args[0] if args else None))
                if event == "snapshot":
                    self.by_connection.setdefault(self.connects, []).append(args[0])
                self.cond.notify_all()

        def disconnected(*_: Any) -> None:
            with self.cond:
                self.connects += 1
                self.cond.notify_all()

        self.client.on("*", any_event, namespace="/live")
        self.client.on("disconnect", disconnected, namespace="/live")
        self.client.connect(
            base,
            namespaces=["/live"],
            auth={"token": token},
            transports=["websocket"],
            wait_timeout=WAIT,
        )
        self.snapshot_on(1)

    def snapshot_on(self, connection: int, timeout: float = WAIT) -> dict[str, Any]:
        """The first snapshot sent on the n-th connection (1: the first), waiting for it."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                found = self.by_connection.get(connection)
                if found:
                    return dict(found[0])
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"no snapshot on connection {connection}; {self.connects} connections"
                    )
                self.cond.wait(left)

    def close(self) -> None:
        self.client.disconnect()


def same_state(shown: dict[str, Any], truth: dict[str, Any]) -> None:
    """A display's snapshot against the server's: the same windows, lines and calls."""
    for part in ("hall", "windows", "lines", "recent_calls"):
        assert shown[part] == truth[part], part


class Relay:
    """A TCP relay on loopback to the server; cut() drops every connection through it at
    once (both sides, no goodbye), and with refuse set new connections are dropped too.
    With swallow set, requests reach the server but the first bytes of its answer drop the
    connection instead of reaching the client: a response lost on the way back."""

    def __init__(self, target_port: int) -> None:
        self.target = ("127.0.0.1", target_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self.base = f"http://127.0.0.1:{self.port}"
        self.refuse = threading.Event()
        self.swallow = threading.Event()
        self.swallowed = 0
        self.sent = 0  # bytes passed on from clients to the server
        self.lock = threading.Lock()
        self.open: list[socket.socket] = []
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.refuse.is_set():
                _drop(client)
                continue
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                _drop(client)
                continue
            with self.lock:
                self.open += [client, upstream]
            for src, dst, back in ((client, upstream, False), (upstream, client, True)):
                threading.Thread(target=self._pipe, args=(src, dst, back), daemon=True).start()

    def _pipe(self, src: socket.socket, dst: socket.socket, back: bool) -> None:
        try:
            while data := src.recv(65536):
                if back and self.swallow.is_set():
                    with self.lock:
                        self.swallowed += 1
                    break
                dst.sendall(data)
                if not back:
                    with self.lock:
                        self.sent += len(data)
        except OSError:
            pass
        finally:
            _drop(src)
            _drop(dst)

    def cut(self) -> None:
        with self.lock:
            conns, self.open = self.open, []
        for conn in conns:
            _drop(conn)

    def close(self) -> None:
        self.closed = True
        self.cut()
        self.listener.close()


def _drop(conn: socket.socket) -> None:
    try:
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        conn.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    conn.close()


def make_hall(tmp: Path, database: str) -> Hall:
    hall_file = open_hall_file(HALL_FILES[HALL], tmp / f"{HALL}.toml")
    engine = make_engine(database)
    prepare_database(engine, [load_hall(hall_file)])
    accounts = reset_demo_accounts(engine, HALL, clerks=8)
    passwords = {u: p for u, p, _ in accounts.users}
    server = Server(tmp, database, hall_file)
    return Hall(server, engine, accounts, passwords)


@pytest.fixture
def sqlite_hall(tmp_path: Path) -> Iterator[Hall]:
    hall = make_hall(tmp_path, f"sqlite:///{tmp_path / 'hall.db'}")
    hall.server.start()
    try:
        yield hall
    finally:
        for display in hall.displays:
            display.close()
        hall.server.stop()
        hall.engine.dispose()
