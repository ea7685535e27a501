"""The `onewindow` and `onewindow-kiosk` commands: the hall server's and the kiosk's programs.

The server (server/cli.py) and the kiosk (kiosk/cli.py) each keep their own commands and know
nothing of each other. This composition root gives each process what both programs share, the
server's log privacy (server/log_privacy.py: no ID or mobile number in a log record or on
stdout and stderr), and lists the kiosk's commands under `onewindow` too, for one name on a
hall's machines:

  onewindow kiosk --config FILE            is  onewindow-kiosk run --config FILE
  onewindow check-devices --config FILE    is  onewindow-kiosk check-devices --config FILE
"""

from __future__ import annotations

# First: under `serve` and `demo` it patches the standard library for gevent before the rest.
from server.cli import main

# isort: split
from collections.abc import Sequence

import click

from kiosk import cli as kiosk_cli
from server.log_privacy import install_log_privacy, mask_standard_streams

__all__ = ["kiosk_main", "main"]

# `onewindow NAME ARGS` runs `onewindow-kiosk COMMAND ARGS`.
KIOSK_COMMANDS = {"kiosk": "run", "check-devices": "check-devices"}


def kiosk_main(args: Sequence[str] | None = None) -> None:
    """onewindow-kiosk: the kiosk's commands in a process that writes no personal data."""
    install_log_privacy()
    mask_standard_streams()  # werkzeug's server prints a failed request's traceback itself
    kiosk_cli.main.main(args, prog_name="onewindow-kiosk")


def _forward(name: str, command: str) -> click.Command:
    """`onewindow NAME`: the kiosk's COMMAND, its options and help passed on untouched."""
    target = kiosk_cli.main.commands[command]

    @click.command(
        name,
        help=target.help,
        add_help_option=False,
        context_settings={"ignore_unknown_options": True},
    )
    @click.argument("args", nargs=-1, type=click.UNPROCESSED)
    def forward(args: tuple[str, ...]) -> None:
        kiosk_main([command, *args])

    return forward


def _offer_kiosk_commands() -> None:
    for name, command in KIOSK_COMMANDS.items():
        main.add_command(_forward(name, command))


_offer_kiosk_commands()
