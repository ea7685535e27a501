"""A throw-away PostgreSQL server for the tests: real binaries, a temp cluster, a socket dir."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

_cluster: dict[str, str] = {}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def _start(base: Path) -> tuple[str, int, Path]:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise FileNotFoundError("PostgreSQL server binaries (initdb) are not installed")
    bin_dir = Path(found[-1]).parent
    data, sock = base / "data", base / "sock"
    sock.mkdir(parents=True)
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        shutil.chown(sock, "postgres")
    port = _free_port()
    initdb = [str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "onewindow"]
    subprocess.run(_as_postgres([*initdb, "-E", "UTF8"]), check=True, capture_output=True)
    options = f"-k {sock} -p {port} -c listen_addresses='' -c fsync=off"
    start = [str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-l", str(base / "log")]
    subprocess.run(_as_postgres([*start, "start"]), check=True, capture_output=True)
    return str(bin_dir), port, sock


def postgres_url(request: pytest.FixtureRequest) -> str:
    """A fresh database on the session's cluster; in CI a missing server is a failure."""
    if not _cluster:
        # Not under pytest's tmp dir: the postgres user must be able to reach it.
        base = Path(tempfile.mkdtemp(prefix="onewindow-pg-"))
        try:
            bin_dir, port, sock = _start(base)
        except (FileNotFoundError, subprocess.CalledProcessError) as e:
            if os.environ.get("CI"):
                pytest.fail(f"PostgreSQL is required in CI: {e}")
            pytest.skip(f"PostgreSQL not available here: {e}")
        _cluster.update(bin=bin_dir, port=str(port), sock=str(sock), data=str(base / "data"))
        request.session.config.add_cleanup(_stop)
    name = "t" + uuid.uuid4().hex[:12]
    createdb = [f"{_cluster['bin']}/createdb", "-h", _cluster["sock"], "-p", _cluster["port"]]
    subprocess.run(_as_postgres([*createdb, "-U", "onewindow", name]), check=True)
    return f"postgresql+psycopg://onewindow@/{name}?host={_cluster['sock']}&port={_cluster['port']}"


def _stop() -> None:
    stop = [f"{_cluster['bin']}/pg_ctl", "-D", _cluster["data"], "-m", "immediate", "stop"]
    subprocess.run(_as_postgres(stop), capture_output=True)
    shutil.rmtree(Path(_cluster["data"]).parent, ignore_errors=True)
    _cluster.clear()


# -- outside pytest (bench/load.py): a cluster of its own, with room for several servers


def start_cluster(max_connections: int = 400) -> dict[str, str]:
    """Start a throw-away cluster; create databases with create_database, stop_cluster it."""
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
    port = _free_port()
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
    name = "b" + uuid.uuid4().hex[:12]
    createdb = [f"{cluster['bin']}/createdb", "-h", cluster["sock"], "-p", cluster["port"]]
    subprocess.run(_as_postgres([*createdb, "-U", "onewindow", name]), check=True)
    return f"postgresql+psycopg://onewindow@/{name}?host={cluster['sock']}&port={cluster['port']}"


def stop_cluster(cluster: dict[str, str]) -> None:
    stop = [f"{cluster['bin']}/pg_ctl", "-D", cluster["data"], "-m", "immediate", "stop"]
    subprocess.run(_as_postgres(stop), capture_output=True)
    shutil.rmtree(Path(cluster["data"]).parent, ignore_errors=True)
