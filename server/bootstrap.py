"""Set-up steps shared by the CLI commands: migrate, install halls, demo accounts."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine

from server.adapters.accounts import issue_device_token, run_once
from server.adapters.catalogue_store import install_hall
from server.adapters.hall_file import HallConfig
from server.adapters.migrate import migrate
from server.services import staff_admin


def prepare_database(engine: Engine, halls: list[HallConfig], *, overwrite: bool = True) -> None:
    """Migrate, then install each hall file. `init-db` applies the file (overwrite); `serve`
    only seeds what is missing, so a manager's live edits survive a restart."""
    migrate(engine)
    for cfg in halls:
        install_hall(engine, cfg, overwrite=overwrite)


@dataclass(frozen=True)
class DemoAccounts:
    users: list[tuple[str, str, str]]  # username, password, role
    kiosk_token: str
    display_token: str


def reset_demo_accounts(engine: Engine, hall_id: str, clerks: int) -> DemoAccounts:
    """Give the demo hall a manager, clerks and device tokens with fresh secrets each start."""
    users = [("manager", "manager")] + [(f"clerk{i}", "clerk") for i in range(1, clerks + 1)]
    made = []
    for username, role in users:
        password = secrets.token_urlsafe(9)
        run_once(engine, staff_admin.reset_demo_user, username, password, role, hall_id)
        made.append((username, password, role))
    now = datetime.now(UTC)
    run_once(engine, staff_admin.revoke_hall_devices, hall_id, now=now)  # last start's devices
    kiosk = issue_device_token(engine, hall_id, "kiosk", "demo kiosk", now)
    display = issue_device_token(engine, hall_id, "display", "demo wall display", now)
    return DemoAccounts(made, kiosk, display)
