"""Privacy tests use the server tests' hall: a real app on SQLite (and PostgreSQL)."""

from __future__ import annotations

from tests.server.conftest import database_url, hall, sqlite_hall  # noqa: F401  (fixtures)
