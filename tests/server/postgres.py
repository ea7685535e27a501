"""A throw-away PostgreSQL server for the tests: real binaries, a temp cluster, a socket dir.

The cluster itself is bench/_cluster.py's (the load bench starts the same one outside pytest).
"""

from __future__ import annotations

import os
import subprocess

import pytest

from bench._cluster import create_database, start_cluster, stop_cluster

_cluster: dict[str, str] = {}


def postgres_url(request: pytest.FixtureRequest) -> str:
    """A fresh database on the session's cluster; in CI a missing server is a failure."""
    if not _cluster:
        try:
            _cluster.update(start_cluster(max_connections=100))
        except (FileNotFoundError, subprocess.CalledProcessError) as e:
            if os.environ.get("CI"):
                pytest.fail(f"PostgreSQL is required in CI: {e}")
            pytest.skip(f"PostgreSQL not available here: {e}")
        request.session.config.add_cleanup(_stop)
    return create_database(_cluster)


def _stop() -> None:
    stop_cluster(_cluster)
    _cluster.clear()
