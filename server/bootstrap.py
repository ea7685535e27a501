"""Set-up steps shared by the CLI commands: migrate, install halls, demo accounts."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, select, update
from werkzeug.security import generate_password_hash

from server.adapters import tables
from server.adapters.accounts import add_user, issue_device_token
from server.adapters.catalogue_store import install_hall
from server.adapters.hall_file import HallConfig
from server.adapters.migrate import migrate


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
        with engine.begin() as conn:
            u = tables.users.c
            exists = conn.execute(select(u.id).where(u.username == username)).first()
            if exists:
                conn.execute(
                    update(tables.users)
                    .where(u.username == username)
                    .values(password_hash=generate_password_hash(password), active=True)
                )
        if not exists:
            add_user(engine, username, password, role, hall_id)
        made.append((username, password, role))
    now = datetime.now(UTC)
    with engine.begin() as conn:  # last start's demo devices are revoked
        conn.execute(
            update(tables.devices)
            .where(tables.devices.c.hall_id == hall_id, tables.devices.c.revoked_at.is_(None))
            .values(revoked_at=now)
        )
    kiosk = issue_device_token(engine, hall_id, "kiosk", "demo kiosk", now)
    display = issue_device_token(engine, hall_id, "display", "demo wall display", now)
    return DemoAccounts(made, kiosk, display)
