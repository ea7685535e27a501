"""Running the hall server: one gevent process, or several behind a sticky proxy."""

from __future__ import annotations

import socket
import subprocess
import sys

import click
from sqlalchemy import make_url

from config.server import settings_from_env
from server.adapters.database import make_engine
from server.adapters.hall_file import HallConfig
from server.bootstrap import prepare_database


def serve_one(configs: list[HallConfig], host: str, port: int, database: str | None) -> None:
    from server.log_privacy import mask_standard_streams
    from server.web.app import create_app
    from server.web.background import start_alert_ticker
    from server.web.extensions import socketio

    mask_standard_streams()  # what libraries print (tracebacks, gevent's hub) is masked too
    settings = settings_from_env(database)
    app = create_app(settings, async_mode="gevent")
    runtime = app.extensions["onewindow"]
    prepare_database(runtime.engine, configs, overwrite=False)
    if settings.redis_url is None:  # the only process: sockets counted before a crash are gone
        from server.services import presence

        runtime.execute(presence.forget_connections)
    halls = [c.hall.id for c in configs]
    start_alert_ticker(
        socketio,
        runtime,
        halls,
        settings.alert_interval_seconds,
        shared=settings.redis_url is not None,
        retention={c.hall.id: c.privacy for c in configs},
    )
    database_shown = make_url(settings.database_url).render_as_string(hide_password=True)
    click.echo(f"serving halls {', '.join(halls)} on http://{host}:{port}  ({database_shown})")
    from server.web.gevent_server import make_server

    server = make_server(app, host, port)
    socketio.wsgi_server = server  # what socketio.stop() stops, as socketio.run would set
    server.serve_forever()


def serve_many(
    configs: list[HallConfig],
    paths: tuple[str, ...],
    host: str,
    port: int,
    processes: int,
    database: str | None,
) -> None:
    """Run `processes` servers on ports port..port+processes-1 that share the database
    (PostgreSQL) and pass their events through Redis; put a sticky proxy in front
    (docs/deploy-nginx.conf). Stops them all when one ends or on SIGTERM/SIGINT."""
    import os
    import signal
    import time

    settings = settings_from_env(database)  # also creates var/secret.key once, for all
    if settings.redis_url is None:
        raise click.ClickException("--processes needs REDIS_URL: events must cross processes")
    if settings.database_url.startswith("sqlite"):
        raise click.ClickException("--processes needs PostgreSQL (DATABASE_URL=postgresql+...)")
    engine = make_engine(settings.database_url)
    prepare_database(engine, configs, overwrite=False)  # migrate once, not N times
    engine.dispose()
    command = [sys.executable, "-m", "server.cli", "serve", "--host", host]
    command += [a for p in paths for a in ("--config", p)]
    env = {**os.environ, "DATABASE_URL": settings.database_url}  # not in `ps`: a password
    children = [
        subprocess.Popen([*command, "--port", str(port + i)], env=env) for i in range(processes)
    ]
    click.echo(f"{processes} processes on {host}:{port}-{port + processes - 1}")

    def stop(*_: object) -> None:
        for child in children:
            if child.poll() is None:
                child.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
    finally:
        stop()
        for child in children:
            try:
                child.wait(10)
            except subprocess.TimeoutExpired:
                child.kill()
    failed = [c.returncode for c in children if c.returncode not in (0, -signal.SIGTERM)]
    if failed:
        raise SystemExit(1)


def free_port_range(n: int) -> int:
    """The first of n consecutive free loopback ports: `serve --processes n --port P` takes
    P..P+n-1 (benches and tests start a local cluster this way)."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            first = int(s.getsockname()[1])
        if first + n >= 65535:
            continue
        try:
            for port in range(first, first + n):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", port))
        except OSError:
            continue
        return first
    raise RuntimeError(f"no {n} consecutive free ports")
