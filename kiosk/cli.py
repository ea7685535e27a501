"""The kiosk program's commands: `onewindow-kiosk run` and `onewindow-kiosk check-devices`.

The kiosk is a program of its own that talks to the hall server over HTTP only, so these
commands import nothing of the server. The process around them (no ID or mobile number in
anything it writes) is set up by the entry point that runs them, onewindow/cli.py, which also
offers them as `onewindow kiosk` and `onewindow check-devices`.
"""

from __future__ import annotations

import logging

import click

from config.errors import ConfigError
from config.kiosk import KioskConfig, load_kiosk
from kiosk.device_check import check_devices, format_table

EXAMPLE = "config/kiosk.example.toml"


def _load(path: str) -> KioskConfig:
    try:
        return load_kiosk(path)
    except ConfigError as e:
        raise click.ClickException(f"{e.zh}\n{e}") from None


@click.group()
@click.option("--verbose", is_flag=True, help="Log debug messages.")
def main(verbose: bool) -> None:
    """onewindow-kiosk: one self-service kiosk of a hall (自助取号机)."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


@main.command()
@click.option("--config", "config_path", default=EXAMPLE, show_default=True)
def run(config_path: str) -> None:
    """Run one self-service kiosk: its touch UI on localhost, its devices, the hall server."""
    cfg = _load(config_path)
    from kiosk.app import run_kiosk  # Flask and the devices: only for the command that serves

    run_kiosk(cfg)


@main.command("check-devices")
@click.option("--config", "config_path", default=EXAMPLE, show_default=True)
def check_devices_cmd(config_path: str) -> None:
    """Open each device of a kiosk file and print its status in one table."""
    reports = check_devices(_load(config_path))
    click.echo(format_table(reports))
    if not all(r.ok for r in reports):
        raise SystemExit(1)
