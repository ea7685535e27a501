"""The back ends of a multi-process bench run: a throw-away PostgreSQL and Redis server.

They are the ones the scale tests use (tests/server/postgres.py, tests/scale/redis_server.py),
started from the Debian binaries in a temp dir, with room for several servers' pools.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start_backends(tmp: Path) -> tuple[str, str, Callable[[], None]]:
    """PostgreSQL database URL, Redis URL, and the function that stops both."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from tests.scale.redis_server import RedisServer
    from tests.server.postgres import create_database, start_cluster, stop_cluster

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
