"""`onewindow serve --processes N` refuses a set-up where processes could not share."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from server.cli import main


@pytest.mark.parametrize(
    ("env", "database", "complaint"),
    [
        ({}, "postgresql+psycopg://nobody@/nothing", "REDIS_URL"),
        ({"REDIS_URL": "redis://127.0.0.1:1/0"}, "sqlite:///var/one.sqlite3", "PostgreSQL"),
    ],
)
def test_several_processes_need_postgresql_and_redis(
    tmp_path, monkeypatch, env, database, complaint
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("REDIS_URL", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    result = CliRunner().invoke(main, ["serve", "--processes", "2", "--database", database])
    assert result.exit_code == 1
    assert complaint in result.output
