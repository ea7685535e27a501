"""The hall server's commands: serve, demo, init-db, purge, add-user, issue-device-token,
check-config. The `onewindow` console script (onewindow/cli.py) offers them together with the
kiosk program's own (`onewindow kiosk`, `onewindow check-devices`: kiosk/cli.py)."""

from __future__ import annotations

import sys

if {"serve", "demo"} & set(sys.argv[1:3]):  # `onewindow [--verbose] serve`
    # gevent carries hundreds of display sockets cheaply; it must patch before other imports.
    from gevent import monkey

    monkey.patch_all()

import logging  # noqa: E402
import subprocess  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from pathlib import Path  # noqa: E402

import click  # noqa: E402

from config.errors import ConfigError  # noqa: E402
from config.server import settings_from_env  # noqa: E402
from server.adapters.accounts import AccountError, add_user, issue_device_token  # noqa: E402
from server.adapters.database import make_engine  # noqa: E402
from server.adapters.hall_file import HallConfig, load_hall  # noqa: E402
from server.bootstrap import prepare_database, reset_demo_accounts  # noqa: E402
from server.serving import serve_many, serve_one  # noqa: E402

EXAMPLE_HALL = Path(__file__).resolve().parent.parent / "config" / "hall.example.toml"


def _halls(paths: tuple[str, ...], enforce_hours: bool | None = None) -> list[HallConfig]:
    try:
        return [load_hall(p, enforce_hours=enforce_hours) for p in paths]
    except ConfigError as e:
        raise click.ClickException(f"{e.zh}\n{e}") from None


@click.group()
@click.option("--verbose", is_flag=True, help="Log debug messages.")
def main(verbose: bool) -> None:
    """onewindow: queue numbers, windows and live hall displays (一窗受理)."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    from server.log_privacy import install_log_privacy

    install_log_privacy()  # every record masked: ID and mobile numbers never reach a log


@main.command("check-config")
@click.argument("paths", nargs=-1, required=True)
def check_config(paths: tuple[str, ...]) -> None:
    """Validate hall files; name the first bad key."""
    for cfg in _halls(paths):
        click.echo(f"ok {cfg.hall.id}: {len(cfg.services)} services, {len(cfg.windows)} windows")


@main.command("init-db")
@click.option("--config", "configs", multiple=True, default=[str(EXAMPLE_HALL)], show_default=True)
@click.option("--database", default=None, help="Database URL (default: DATABASE_URL or SQLite).")
def init_db(configs: tuple[str, ...], database: str | None) -> None:
    """Migrate the database to the newest schema and install the halls."""
    settings = settings_from_env(database)
    prepare_database(make_engine(settings.database_url), _halls(configs))
    click.echo(f"database ready: {settings.database_url}")


@main.command()
@click.option("--config", "configs", multiple=True, default=[str(EXAMPLE_HALL)], show_default=True)
@click.option("--database", default=None, help="Database URL (default: DATABASE_URL or SQLite).")
@click.option("--dry-run", is_flag=True, help="Count what would be blanked; change nothing.")
def purge(configs: tuple[str, ...], database: str | None, dry_run: bool) -> None:
    """Blank personal data older than the hall files' [privacy] periods (rows stay)."""
    import json
    from dataclasses import asdict

    from server.adapters.clock import SystemClock
    from server.services.retention import PurgePersonalData, purge_personal_data
    from server.web.runtime import Runtime

    settings = settings_from_env(database)
    engine = make_engine(settings.database_url)
    runtime = Runtime(engine, SystemClock(), _NoEvents(), settings.secret_key, cache_seconds=0)
    for cfg in _halls(configs):
        command = PurgePersonalData(cfg.hall.id, cfg.privacy, dry_run)
        report = runtime.execute(purge_personal_data, command)
        click.echo(json.dumps(asdict(report), ensure_ascii=False))
    engine.dispose()


class _NoEvents:
    def publish(self, events: list[object]) -> None:  # the purge announces nothing
        assert not events, events


@main.command("add-user")
@click.argument("username")
@click.option("--role", type=click.Choice(["clerk", "manager", "admin"]), required=True)
@click.option("--hall", default=None, help="Hall id (admins may have none).")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--database", default=None)
def add_user_cmd(
    username: str, role: str, hall: str | None, password: str, database: str | None
) -> None:
    """Create a clerk, manager or admin account."""
    engine = make_engine(settings_from_env(database).database_url)
    try:
        user_id = add_user(engine, username, password, role, hall)
    except AccountError as e:
        raise click.ClickException(f"{e.zh} / {e.en}") from None
    click.echo(f"user {username} ({role}) created with id {user_id}")


@main.command("issue-device-token")
@click.option("--hall", required=True)
@click.option(
    "--kind", type=click.Choice(["kiosk", "display", "rating_pad", "counter"]), required=True
)
@click.option("--name", required=True)
@click.option(
    "--window", "window_id", type=int, default=None, help="Window id, for pads and counters."
)
@click.option("--database", default=None)
def issue_token(
    hall: str, kind: str, name: str, window_id: int | None, database: str | None
) -> None:
    """Create a device and print its token once (only a digest is stored)."""
    engine = make_engine(settings_from_env(database).database_url)
    try:
        click.echo(issue_device_token(engine, hall, kind, name, datetime.now(UTC), window_id))
    except AccountError as e:
        raise click.ClickException(f"{e.zh} / {e.en}") from None


@main.command()
@click.option("--config", "configs", multiple=True, default=[str(EXAMPLE_HALL)], show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
@click.option("--database", default=None)
@click.option(
    "--processes",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Server processes on PORT, PORT+1, ...; more than 1 needs PostgreSQL and REDIS_URL.",
)
def serve(
    configs: tuple[str, ...], host: str, port: int, database: str | None, processes: int
) -> None:
    """Run the hall server (Flask + Socket.IO on gevent)."""
    if processes > 1:
        serve_many(_halls(configs), configs, host, port, processes, database)
        return
    serve_one(_halls(configs), host, port, database)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
@click.option("--kiosk/--no-kiosk", "kiosk_ui", default=True, help="Start the demo kiosk.")
def demo(host: str, port: int, kiosk_ui: bool) -> None:
    """Run the demo hall on var/demo.sqlite3, open at any hour, with demo accounts."""
    database = "sqlite:///var/demo.sqlite3"
    halls = _halls((str(EXAMPLE_HALL),), enforce_hours=False)
    engine = make_engine(database)
    prepare_database(engine, halls, overwrite=False)
    hall_id = halls[0].hall.id
    accounts = reset_demo_accounts(engine, hall_id, clerks=6)
    engine.dispose()
    base = f"http://{host}:{port}"
    click.echo("== onewindow demo hall (opening hours not enforced in the demo) ==")
    for username, password, role in accounts.users:
        click.echo(f"  {role:8} {username:10} password {password}")
    click.echo(f"  kiosk token   {accounts.kiosk_token}")
    click.echo(f"  display token {accounts.display_token}")
    body = '{"service": "social_security"}'
    click.echo(
        f"  try: curl -s -X POST {base}/api/v1/halls/{hall_id}/tickets"
        f" -H 'Authorization: Bearer {accounts.kiosk_token}'"
        f" -H 'Content-Type: application/json' -d '{body}'"
    )
    click.echo(f"  API description: {base}/api/v1/openapi.json")
    click.echo(f"  wall display  {base}/display/hall/{hall_id}#token={accounts.display_token}")
    click.echo(f"  counter       {base}/counter    manager console {base}/manage")
    kiosk = _start_demo_kiosk(accounts.kiosk_token, port) if kiosk_ui else None
    try:
        serve_one(halls, host, port, database)
    finally:
        if kiosk is not None:
            kiosk.terminate()
            kiosk.wait(timeout=10)


DEMO_KIOSK = Path(__file__).resolve().parents[1] / "config" / "kiosk.demo.toml"


def _start_demo_kiosk(token: str, port: int) -> subprocess.Popen[bytes]:
    """The demo's kiosk on simulated devices, as its own process like a real kiosk PC."""
    Path("var/camera").mkdir(parents=True, exist_ok=True)
    token_file = Path("var/kiosk.token")
    token_file.write_text(token + "\n", encoding="utf-8")
    token_file.chmod(0o600)
    click.echo("  kiosk         http://127.0.0.1:5100/  (simulated printer: var/printer/*.png)")
    config = Path("var/kiosk.demo.toml")  # the demo file, pointed at this server's port
    text = DEMO_KIOSK.read_text(encoding="utf-8")
    config.write_text(
        text.replace("http://127.0.0.1:5000", f"http://127.0.0.1:{port}"), encoding="utf-8"
    )
    # Another program, as on a kiosk PC: started by its command, never imported by the server.
    command = [sys.executable, "-m", "onewindow", "kiosk", "--config", str(config)]
    return subprocess.Popen(command)


if __name__ == "__main__":
    main()
