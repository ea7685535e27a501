"""The two entry points (onewindow/cli.py): `onewindow` offers the hall server's commands and,
passed through untouched, the kiosk program's (`onewindow kiosk` is `onewindow-kiosk run`,
`onewindow check-devices` is `onewindow-kiosk check-devices`); a kiosk command's process
writes no ID number, whichever name started it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from onewindow.cli import kiosk_main, main

ID_NUMBER, MASKED_ID = "11010519491231002X", "110***********002X"


def test_onewindow_lists_the_servers_commands_and_the_kiosks() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0, result.output
    for name in ("serve", "demo", "init-db", "issue-device-token", "kiosk", "check-devices"):
        assert f"\n  {name} " in result.output, name


@pytest.mark.parametrize(
    ("command", "usage"),
    [("kiosk", "onewindow-kiosk run"), ("check-devices", "onewindow-kiosk check-devices")],
)
def test_a_kiosk_command_is_the_kiosk_programs_own(command: str, usage: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert f"Usage: {usage} [OPTIONS]" in result.output and "--config" in result.output


def test_a_kiosk_commands_output_is_masked_under_either_name(tmp_path: Path) -> None:
    missing = str(tmp_path / ID_NUMBER / "kiosk.toml")  # its loader names the path it missed
    result = CliRunner().invoke(main, ["check-devices", "--config", missing])
    assert result.exit_code == 1
    assert MASKED_ID in result.output and ID_NUMBER not in result.output
    with CliRunner().isolation() as (_, _, output), pytest.raises(SystemExit) as ended:
        kiosk_main(["check-devices", "--config", missing])  # onewindow-kiosk check-devices
    assert ended.value.code == 1
    written = output.getvalue().decode()
    assert MASKED_ID in written and ID_NUMBER not in written
