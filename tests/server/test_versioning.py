"""One way of optimistic versioning for every entity (issue 14, server/adapters/versioning.py).

A save writes a record only over the version its unit of work read, and bumps it; a stale
save is refused with the domain's ConcurrentUpdate (409 `concurrent_update`, zh and en words).
Staff users and devices (migration 0011) are checked here on SQLite and PostgreSQL.

The server's SQLite engine takes the write lock at BEGIN (database.py): two of its units of
work never overlap, so there the race is staged with each side's read committed before the
other writes (each side keeps the store, and the version it read). On PostgreSQL the two
units of work are open at once, as under load.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, select, text

from server.adapters import tables
from server.adapters.accounts import revoke_device
from server.adapters.database import make_engine
from server.adapters.migrate import alembic_config, migrate
from server.adapters.staff_store import SqlDevices, SqlStaff
from server.adapters.unit_of_work import NoEvents, SqlUnitOfWork
from server.adapters.versioning import Versioned
from server.domain.errors import ConcurrentUpdate
from server.i18n import both
from tests.server.conftest import HALL, Hall, build_hall
from tests.server.postgres import postgres_url

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


def _user_id(engine: Engine, username: str = "clerk1") -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(tables.users.c.id).where(
            tables.users.c.username == username)).scalar_one())  # fmt: skip


def _device_id(hall: Hall) -> int:
    hall.device_token("kiosk")
    with hall.engine.connect() as conn:
        found = select(tables.devices.c.id).where(tables.devices.c.name == "test kiosk")
        return int(conn.execute(found).scalar_one())


def _row(engine: Engine, table: Any, row_id: int) -> Any:
    with engine.connect() as conn:
        return conn.execute(select(table).where(table.c.id == row_id)).one()


def test_a_stale_account_edit_is_refused(hall: Hall) -> None:
    user_id = _user_id(hall.engine)
    with hall.engine.connect() as a, hall.engine.connect() as b:
        staff_a, staff_b = SqlStaff(a), SqlStaff(b)
        read_a = staff_a.get(user_id)
        a.commit()
        read_b = staff_b.get(user_id)  # the same version as A's
        b.commit()
        staff_a.update(replace(read_a, name="窗口一 A"))
        a.commit()
        with pytest.raises(ConcurrentUpdate) as refused:
            staff_b.update(replace(read_b, name="窗口一 B"), password="never-kept-1")
        b.rollback()
    assert refused.value.params == {"user": "clerk1"}
    row = _row(hall.engine, tables.users, user_id)
    assert (row.display_name, row.version) == ("窗口一 A", 1)


def test_a_stale_device_revoke_is_refused(hall: Hall) -> None:
    device_id = _device_id(hall)
    with hall.engine.connect() as a, hall.engine.connect() as b:
        devices_a, devices_b = SqlDevices(a), SqlDevices(b)
        devices_a.get(device_id)
        a.commit()
        devices_b.of_hall(HALL)  # B read it too, at the same version
        b.commit()
        devices_a.revoke(device_id, NOW)
        a.commit()
        with pytest.raises(ConcurrentUpdate) as refused:
            devices_b.revoke(device_id, NOW.replace(hour=3))
        b.rollback()
    assert refused.value.params == {"device": device_id}
    row = _row(hall.engine, tables.devices, device_id)
    assert (row.revoked_at, row.version) == (NOW, 1)


def test_presence_and_health_never_make_an_edit_stale(hall: Hall) -> None:
    device_id = _device_id(hall)
    with SqlUnitOfWork(hall.engine, NoEvents()) as uow:
        uow.devices.get(device_id)
        uow.devices.connected(device_id, NOW)  # written atomically, outside the version
        uow.devices.health_reported(device_id, {"reader_state": "ok"}, NOW)
        uow.devices.revoke(device_id, NOW)
    assert _row(hall.engine, tables.devices, device_id).version == 1


def test_a_record_kept_from_an_earlier_unit_of_work_is_not_saved_over_a_newer_one(
    hall: Hall,
) -> None:
    user_id = _user_id(hall.engine)
    with SqlUnitOfWork(hall.engine, NoEvents()) as uow:
        kept = uow.staff.get(user_id)
    with SqlUnitOfWork(hall.engine, NoEvents()) as uow:
        uow.staff.update(replace(uow.staff.get(user_id), name="新名字"))
    with pytest.raises(ConcurrentUpdate):
        with SqlUnitOfWork(hall.engine, NoEvents()) as uow:
            uow.staff.update(replace(kept, active=False))  # never read here: stale
    row = _row(hall.engine, tables.users, user_id)
    assert (row.display_name, row.active, row.version) == ("新名字", True, 1)


def test_a_device_named_by_id_alone_is_read_then_revoked(hall: Hall) -> None:
    device_id = _device_id(hall)
    revoke_device(hall.engine, device_id, NOW)
    revoke_device(hall.engine, device_id, NOW.replace(hour=5))  # read first: no conflict
    row = _row(hall.engine, tables.devices, device_id)
    assert (row.revoked_at, row.version) == (NOW.replace(hour=5), 2)


def test_a_key_of_several_columns_is_versioned_the_same_way(hall: Hall) -> None:
    """The services' key (hall, code): the save manage_store.py is to use."""
    services = Versioned(tables.services, "service", key=("hall_id", "code"))
    with hall.engine.begin() as conn:
        key = (HALL, "household")
        assert services.save(conn, key, 0, {"daily_cap": 50}, "household") == 1
        with pytest.raises(ConcurrentUpdate) as refused:
            services.save(conn, key, 0, {"daily_cap": 60}, "household")
    assert refused.value.params == {"service": "household"}
    s = tables.services.c
    with hall.engine.connect() as conn:
        found = conn.execute(select(s.daily_cap, s.version).where(s.code == "household")).one()
    assert tuple(found) == (50, 1)


def test_the_refusal_is_worded_in_chinese_and_english() -> None:
    words = both("error.concurrent_update")
    assert words["zh"] == "操作冲突，请重试"
    assert words["en"].startswith("Someone changed this at the same moment")


# -- PostgreSQL: two units of work open at once -------------------------------------------------


@pytest.fixture
def pg_hall(request: pytest.FixtureRequest) -> Iterator[Hall]:
    built = build_hall(postgres_url(request))
    yield built
    built.engine.dispose()


@pytest.mark.postgres
def test_on_postgresql_the_second_of_two_open_units_of_work_is_refused(pg_hall: Hall) -> None:
    user_id, device_id = _user_id(pg_hall.engine), _device_id(pg_hall)
    with pytest.raises(ConcurrentUpdate) as refused:
        with SqlUnitOfWork(pg_hall.engine, NoEvents()) as b:
            user_b, _ = b.staff.get(user_id), b.devices.get(device_id)
            with SqlUnitOfWork(pg_hall.engine, NoEvents()) as a:
                a.staff.update(replace(a.staff.get(user_id), name="A"))
                a.devices.get(device_id)
                a.devices.revoke(device_id, NOW)
            b.devices.revoke(device_id, NOW.replace(hour=4))
    assert refused.value.params == {"device": device_id}
    with pytest.raises(ConcurrentUpdate):
        with SqlUnitOfWork(pg_hall.engine, NoEvents()) as b:
            b.staff.update(replace(user_b, name="B"))  # read before A saved
    assert _row(pg_hall.engine, tables.users, user_id).display_name == "A"
    assert _row(pg_hall.engine, tables.devices, device_id).revoked_at == NOW


@pytest.mark.postgres
def test_on_postgresql_a_save_waiting_on_the_row_lock_is_refused_once_the_first_commits(
    pg_hall: Hall,
) -> None:
    user_id = _user_id(pg_hall.engine)
    outcome: list[BaseException | None] = []
    with pg_hall.engine.connect() as a, pg_hall.engine.connect() as b:
        staff_a, staff_b = SqlStaff(a), SqlStaff(b)
        read_a, read_b = staff_a.get(user_id), staff_b.get(user_id)

        def second() -> None:
            try:
                staff_b.update(replace(read_b, name="B"))  # waits for A's row lock
                outcome.append(None)
            except ConcurrentUpdate as e:
                outcome.append(e)

        staff_a.update(replace(read_a, name="A"))  # A holds the row, uncommitted
        waiting = threading.Thread(target=second)
        waiting.start()
        time.sleep(0.3)
        assert waiting.is_alive(), "B waits for A's row lock"
        a.commit()
        waiting.join(10)
        b.rollback()
    assert len(outcome) == 1 and isinstance(outcome[0], ConcurrentUpdate)
    assert _row(pg_hall.engine, tables.users, user_id).display_name == "A"


# -- migration 0011 -------------------------------------------------------------------------


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_database(request: pytest.FixtureRequest, tmp_path: Any) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'old.sqlite3'}"
    return postgres_url(request)


# A hall, a service, a user and a device as migration 0010 left them (no version column).
OLD_ROWS = (
    "INSERT INTO halls (id, name_zh, name_en, timezone, hours, rules, notice_zh, notice_en) "
    "VALUES ('h', '厅', 'Hall', 'Asia/Shanghai', '{}', '{}', '', '')",
    "INSERT INTO services (hall_id, code, name_zh, name_en, prefix, window_kinds, "
    "expected_minutes, yellow_minutes, red_minutes, promised_days, category, active, "
    "identity_check) VALUES ('h', 's', '业务', 'Service', 'A', 'general', 5, 10, 20, 0, '', "
    "true, false)",
    "INSERT INTO users (username, password_hash, role, display_name, active, session_version) "
    "VALUES ('u', 'x', 'admin', '', true, 0)",
    "INSERT INTO devices (hall_id, kind, name, token_hash, created_at, sockets) "
    "VALUES ('h', 'kiosk', 'k', 'digest', '2026-11-23 02:00:00', 0)",
)


def test_migration_0011_starts_existing_rows_at_version_0(empty_database: str) -> None:
    from alembic import command

    engine = make_engine(empty_database)
    cfg = alembic_config(empty_database)
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0010")
        conn.commit()
    with engine.begin() as conn:
        for insert in OLD_ROWS:
            conn.execute(text(insert))
    migrate(engine)
    with engine.connect() as conn:
        for table in (tables.users, tables.devices, tables.services):
            assert conn.execute(select(table.c.version)).scalars().all() == [0]
    with engine.connect() as conn:  # and back down
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0010")
        conn.commit()
    with engine.connect() as conn:
        columns = conn.execute(text("SELECT * FROM users")).keys()
    engine.dispose()
    assert "version" not in columns and "session_version" in columns
