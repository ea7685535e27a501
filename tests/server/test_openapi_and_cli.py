"""The API is described, the schema matches the migrations, the CLI does what it says."""

from __future__ import annotations

import re
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from click.testing import CliRunner

from server.adapters.tables import metadata
from server.cli import main
from tests.server.conftest import EXAMPLE


def test_every_api_route_is_in_the_openapi_document(sqlite_hall):
    doc = sqlite_hall.anonymous().get("/openapi.json").json
    documented = set(doc["paths"])
    for rule in sqlite_hall.app.url_map.iter_rules():
        path = rule.rule
        if not path.startswith("/api/v1/") or path.endswith("openapi.json"):
            continue
        path = re.sub(r"<(?:int:)?(\w+)>", r"{\1}", path.removeprefix("/api/v1"))
        assert path in documented, path
        for method in rule.methods or ():
            if method not in ("HEAD", "OPTIONS"):
                assert method.lower() in doc["paths"][path], (method, path)
    assert doc["components"]["schemas"]["IssueBody"]["required"] == ["service"]


def test_migrations_build_exactly_the_mapped_schema(hall):
    with hall.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_check_config_names_the_bad_key(tmp_path: Path):
    runner = CliRunner()
    ok = runner.invoke(main, ["check-config", str(EXAMPLE)])
    assert ok.exit_code == 0 and "9 services, 11 windows" in ok.output
    bad = tmp_path / "bad.toml"
    bad.write_text(EXAMPLE.read_text(encoding="utf-8").replace('prefix = "B"', 'prefix = "bb"'))
    result = runner.invoke(main, ["check-config", str(bad)])
    assert result.exit_code != 0
    assert "services[1].prefix" in result.output and "配置错误" in result.output


def test_init_db_add_user_and_device_token(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ONEWINDOW_SECRET_KEY", "s" * 40)
    db = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    runner = CliRunner()
    assert runner.invoke(main, ["init-db", "--database", db]).exit_code == 0
    added = runner.invoke(
        main,
        ["add-user", "wang", "--role", "clerk", "--hall", "dingcheng", "--database", db],
        input="long-enough-pw\nlong-enough-pw\n",
    )
    assert added.exit_code == 0 and "wang (clerk) created" in added.output
    dup = runner.invoke(
        main,
        ["add-user", "wang", "--role", "clerk", "--hall", "dingcheng", "--database", db],
        input="long-enough-pw\nlong-enough-pw\n",
    )
    assert dup.exit_code != 0 and "已存在" in dup.output
    token = runner.invoke(
        main,
        ["issue-device-token", "--hall", "dingcheng", "--kind", "kiosk", "--name", "k1",
         "--database", db],
    )  # fmt: skip
    assert token.exit_code == 0 and len(token.output.strip()) >= 40
    nowhere = runner.invoke(
        main,
        ["issue-device-token", "--hall", "nowhere", "--kind", "kiosk", "--name", "k",
         "--database", db],
    )  # fmt: skip
    assert nowhere.exit_code != 0 and "没有大厅" in nowhere.output
