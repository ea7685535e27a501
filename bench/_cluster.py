"""Throw-away back ends: a PostgreSQL cluster and a Redis server from the Debian binaries.

Started in a temp dir on a free loopback port (PostgreSQL on a socket dir only), with room
for several servers' pools. The multi-process bench run (bench/load.py) uses them, and so do
the tests (tests/server/postgres.py, tests/scale/conftest.py): one copy, here, because the
benches may use the product but never the tests.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start_backends(tmp: Path) -> tuple[str, str, Callable[[], None]]:
    """PostgreSQL database URL, Redis URL, and the function that stops both."""
    cluster = start_cluster(max_connections=400)
    try:
        redis = RedisServer.start(tmp / "redis")
    except Exception:
        stop_cluster(cluster)
        raise

    def stop() -> None:
        redis.stop()
        stop_cluster(cluster)

    return create_database(cluster), redis.url, stop


def free_ports(n: int) -> int:
    """The first of n consecutive free loopback ports (server/serving.py)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from server.serving import free_port_range

    return free_port_range(n)


def children(pid: int) -> list[int]:
    """The server processes a `serve --processes N` supervisor started (itself if none)."""
    try:
        found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return [pid]
    return [int(p) for p in found] or [pid]


# -- PostgreSQL: a cluster of its own; databases made with create_database


def _as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def start_cluster(max_connections: int = 400) -> dict[str, str]:
    """Start a throw-away cluster; FileNotFoundError when the server is not installed.

    Not under a test's tmp dir: the postgres user must be able to reach it.
    """
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise FileNotFoundError("PostgreSQL server binaries (initdb) are not installed")
    bin_dir = Path(found[-1]).parent
    base = Path(tempfile.mkdtemp(prefix="onewindow-pg-"))
    data, sock = base / "data", base / "sock"
    sock.mkdir(parents=True)
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        shutil.chown(sock, "postgres")
    port = free_ports(1)
    initdb = [str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "onewindow"]
    subprocess.run(_as_postgres([*initdb, "-E", "UTF8"]), check=True, capture_output=True)
    options = (
        f"-k {sock} -p {port} -c listen_addresses='' -c fsync=off"
        f" -c max_connections={max_connections} -c shared_buffers=64MB"
    )
    start = [str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-l", str(base / "log")]
    subprocess.run(_as_postgres([*start, "start"]), check=True, capture_output=True)
    return {"bin": str(bin_dir), "port": str(port), "sock": str(sock), "data": str(data)}


def create_database(cluster: dict[str, str]) -> str:
    """A fresh, empty database on the cluster: its SQLAlchemy URL."""
    name = "b" + uuid.uuid4().hex[:12]
    createdb = [f"{cluster['bin']}/createdb", "-h", cluster["sock"], "-p", cluster["port"]]
    subprocess.run(_as_postgres([*createdb, "-U", "onewindow", name]), check=True)
    return f"postgresql+psycopg://onewindow@/{name}?host={cluster['sock']}&port={cluster['port']}"


def stop_cluster(cluster: dict[str, str]) -> None:
    stop = [f"{cluster['bin']}/pg_ctl", "-D", cluster["data"], "-m", "immediate", "stop"]
    subprocess.run(_as_postgres(stop), capture_output=True)
    shutil.rmtree(Path(cluster["data"]).parent, ignore_errors=True)


# -- Redis


class RedisServer:
    def __init__(self, proc: subprocess.Popen[bytes], port: int, base: Path) -> None:
        self.proc, self.port, self.base = proc, port, base
        self.url = f"redis://127.0.0.1:{port}/0"

    @classmethod
    def start(cls, base: Path) -> RedisServer:
        """Start it and wait for PING; FileNotFoundError when redis-server is not installed."""
        program = shutil.which("redis-server") or "/usr/bin/redis-server"
        if not Path(program).exists():
            raise FileNotFoundError("redis-server is not installed (apt-get install redis-server)")
        port = free_ports(1)
        base.mkdir(parents=True, exist_ok=True)
        args = [program, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(base)]
        args += ["--save", "", "--appendonly", "no", "--daemonize", "no"]
        with (base / "redis.log").open("wb") as log:
            proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        server = cls(proc, port, base)
        for _ in range(100):
            if proc.poll() is not None:
                break
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as c:
                    c.sendall(b"PING\r\n")
                    if c.recv(16).startswith(b"+PONG"):
                        return server
            except OSError:
                time.sleep(0.05)
        server.stop()
        raise RuntimeError(f"redis-server did not start: {(base / 'redis.log').read_text()}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
