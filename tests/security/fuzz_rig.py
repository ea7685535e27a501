"""The hall both API fuzz passes run against (test_api_fuzz.py, test_hostile_fuzz.py).

A hall on a real database with a signed-in manager and a kiosk, the real objects path
parameters can point at, the row counts that show a refused request stored nothing, and the
documented operations as `METHOD /path` labels (schemathesis' own spelling).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from server.adapters import tables
from server.web.openapi import openapi_document
from tests.server.conftest import HALL, Hall, build_hall

WATCHED = ("tickets", "ticket_events", "audit_log", "users", "devices", "services", "windows",
           "appointments", "follow_ups", "ratings", "cases", "case_steps")  # fmt: skip
# Operations that could lock the fuzzing identity out of the rest of the run go last.
LAST = ("PUT /users/", "/revoke", "/sign-out", "/assign", "/auth/logout")
METHODS = ("get", "put", "post", "delete", "patch")


@dataclass
class Rig:
    hall: Hall
    identities: dict[str, dict[str, Any]]  # keyword arguments of schemathesis' Case.call
    real: dict[str, Any]  # path parameter -> a real object of the hall
    rows: dict[str, dict[str, Any]]  # the identities' rows as they were when signed in


def open_rig(database_url: str) -> Rig:
    """A hall with the manager signed in (session and CSRF token) and one ticket issued."""
    hall = build_hall(database_url)
    client = hall.app.test_client()
    csrf = {"X-CSRF-Token": client.get("/api/v1/auth/csrf").json["csrf_token"]}
    r = client.post(
        "/api/v1/auth/login",
        json={"username": "manager", "password": hall.password("manager")},
        headers=csrf,
    )
    assert r.status_code == 200
    cookie = client.get_cookie("session")
    assert cookie is not None
    identities = {
        "manager": {
            "cookies": {"session": cookie.value},
            "headers": {"X-CSRF-Token": r.json["csrf_token"]},
        },  # fmt: skip
        "kiosk": {"headers": {"Authorization": f"Bearer {hall.accounts.kiosk_token}"}},
    }
    ticket = hall.issue()
    real = {"hall_id": HALL, "token": ticket["token"], "ticket_id": ticket["id"],
            "window_id": 2, "code": "household", "kind": "tickets"}  # fmt: skip
    with hall.engine.connect() as conn:
        rows = {
            "users": dict(conn.execute(_manager()).mappings().one()),
            "devices": dict(conn.execute(_kiosk()).mappings().one()),
        }
    return Rig(hall, identities, real, rows)


def _manager() -> Any:
    return select(tables.users).where(tables.users.c.username == "manager")


def _kiosk() -> Any:
    return select(tables.devices).where(tables.devices.c.kind == "kiosk")


def row_counts(hall: Hall) -> dict[str, int]:
    """Every watched table's row count, in one statement."""
    counts = [select(func.count()).select_from(getattr(tables, name)).scalar_subquery()
              for name in WATCHED]  # fmt: skip
    with hall.engine.connect() as conn:
        row = conn.execute(select(*counts)).one()
    return dict(zip(WATCHED, row, strict=True))


def changed(before: dict[str, int], after: dict[str, int]) -> dict[str, tuple[int, int]]:
    return {k: (before[k], after[k]) for k in WATCHED if before[k] != after[k]}


def restore_identities(rig: Rig) -> None:
    """A fuzzed request may legitimately demote the manager, change their password (which
    ends their sessions) or revoke the kiosk: put both rows back as they were."""
    with rig.hall.engine.begin() as conn:
        for name, row in rig.rows.items():
            table = getattr(tables, name)
            conn.execute(table.update().where(table.c.id == row["id"]).values(**row))


def _in_order(labels: list[str]) -> list[str]:
    return sorted(labels, key=lambda label: (any(m in label for m in LAST), label))


def documented_operations() -> list[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    """(label, path, path item, operation) for every operation of the OpenAPI document."""
    found = {}
    for path, item in openapi_document()["paths"].items():
        for method in METHODS:
            if method in item:
                label = f"{method.upper()} {path}"
                found[label] = (label, path, item, item[method])
    return [found[label] for label in _in_order(list(found))]


def operation_labels(schema: Any) -> list[str]:
    """The operations schemathesis found in the served document, in run order."""
    return _in_order([result.ok().label for result in schema.get_all_operations()])
