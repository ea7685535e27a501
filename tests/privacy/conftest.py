"""Privacy tests use the server tests' hall: a real app on SQLite (and PostgreSQL), and a real
server process logging at DEBUG (`verbose_hall`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.conftest import Hall, make_hall
from tests.server.conftest import database_url, hall, sqlite_hall  # noqa: F401  (fixtures)


@pytest.fixture
def verbose_hall(tmp_path: Path) -> Iterator[Hall]:
    verbose = make_hall(tmp_path, f"sqlite:///{tmp_path / 'hall.db'}")
    verbose.server.verbose = True
    verbose.server.start()
    try:
        yield verbose
    finally:
        verbose.server.stop()
        verbose.engine.dispose()
