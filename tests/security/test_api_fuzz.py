"""Fuzz /api/v1 from its own OpenAPI document (schemathesis) as a manager and as a kiosk.

For every operation in the document, schema-valid and schema-invalid requests are sent to
the WSGI app. Each must: never be a 500; match the response schema the document declares for
its status; and, when rejected (4xx), leave every business table exactly as it was (a
rejected request changes nothing). Path parameters are pointed at real objects of the hall
half of the time, so the fuzz reaches the views instead of stopping at the hall check.

Bounded and deterministic for CI: a fixed number of examples per operation, derandomized.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import func, select

from server.adapters import tables
from tests.server.conftest import HALL, Hall, build_hall

EXAMPLES = 10  # per operation, identity and mode: 61 ops x 2 x 2 x 10 ~ 2400 requests
WATCHED = ("tickets", "ticket_events", "audit_log", "users", "devices", "services", "windows",
           "appointments", "follow_ups", "ratings", "cases", "case_steps")  # fmt: skip
# Operations that could lock the fuzzing identity out of the rest of the run go last.
LAST = ("PUT /users/", "/revoke", "/sign-out", "/assign", "/auth/logout")


STATUSES: Counter[tuple[str, int]] = Counter()  # (identity, status) over the run


@dataclass
class Fuzz:
    hall: Hall
    schema: Any
    identities: dict[str, dict[str, Any]]  # keyword arguments of Case.call
    real: dict[str, Any]
    counts: dict[str, int] = field(default_factory=dict)


def _counts(hall: Hall) -> dict[str, int]:
    with hall.engine.connect() as conn:
        return {
            name: conn.execute(select(func.count()).select_from(getattr(tables, name))).scalar_one()
            for name in WATCHED
        }


@pytest.fixture(scope="module")
def fuzz(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fuzz]:
    hall = build_hall(f"sqlite:///{Path(tmp_path_factory.mktemp('fuzz')) / 'hall.sqlite3'}")
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
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", hall.app)
    yield Fuzz(hall, schema, identities, real)
    hall.engine.dispose()


def _operations(schema: Any) -> list[Any]:
    ops = [result.ok() for result in schema.get_all_operations()]
    return sorted(ops, key=lambda op: (any(m in op.label for m in LAST), op.label))


def _labels() -> list[str]:
    hall = build_hall("sqlite://")
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", hall.app)
    labels = [op.label for op in _operations(schema)]
    hall.engine.dispose()
    return labels


OPERATIONS = _labels()


def _restore_identities(hall: Hall) -> None:
    """A fuzzed request may legitimately demote the manager or revoke the kiosk: undo it."""
    with hall.engine.begin() as conn:
        u, d = tables.users.c, tables.devices.c
        conn.execute(
            tables.users.update().where(u.username == "manager").values(active=True, role="manager")
        )
        conn.execute(tables.devices.update().where(d.kind == "kiosk").values(revoked_at=None))


def _run(fuzz: Fuzz, label: str, who: str, mode: schemathesis.GenerationMode) -> None:
    _restore_identities(fuzz.hall)
    op = next(op for op in _operations(fuzz.schema) if op.label == label)
    failures: list[str] = []

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=op.as_strategy(generation_mode=mode), aim=st.booleans())
    def check(case: Any, aim: bool) -> None:
        if aim:  # point path parameters at real objects of the hall
            for name in case.path_parameters or {}:
                if name in fuzz.real:
                    case.path_parameters[name] = fuzz.real[name]
        before = _counts(fuzz.hall)
        response = case.call(**fuzz.identities[who])
        STATUSES[(who, response.status_code)] += 1
        case.validate_response(
            response,
            checks=[not_a_server_error, response_schema_conformance, status_code_conformance],
        )
        if 400 <= response.status_code < 500:
            after = _counts(fuzz.hall)
            changed = {k: (before[k], after[k]) for k in WATCHED if before[k] != after[k]}
            if changed:
                failures.append(f"{case.method} {case.formatted_path} -> "
                                f"{response.status_code} changed {changed}")  # fmt: skip

    try:
        check()
    except Unsatisfiable:
        # Nothing in this operation can be made schema-invalid (no body, no typed parameter).
        if mode is not schemathesis.GenerationMode.NEGATIVE:
            raise
    assert not failures, failures


@pytest.mark.parametrize("label", OPERATIONS)
def test_fuzz_as_kiosk(fuzz: Fuzz, label: str) -> None:
    for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE):
        _run(fuzz, label, "kiosk", mode)


@pytest.mark.parametrize("label", OPERATIONS)
def test_fuzz_as_manager(fuzz: Fuzz, label: str) -> None:
    for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE):
        _run(fuzz, label, "manager", mode)


def test_the_fuzzing_identities_stayed_valid(fuzz: Fuzz) -> None:
    """Otherwise the runs above would have fuzzed nothing but the 401 path."""
    _restore_identities(fuzz.hall)
    op = fuzz.schema["/auth/me"]["GET"]
    for who in ("manager", "kiosk"):
        r = op.Case().call(**fuzz.identities[who])
        assert r.status_code == 200, (who, r.text)
        seen = [(status, n) for (w, status), n in STATUSES.items() if w == who]
        assert not seen or any(status != 401 for status, _ in seen), (
            f"every fuzzed request as {who} was refused as unauthenticated"
        )
    print(sorted(STATUSES.items()))


def test_numbers_too_big_for_an_id_column_are_refused_not_a_500(fuzz: Fuzz) -> None:
    """Found by the fuzz: a 2**64 id in the path or the body reached SQLite (OverflowError)."""
    c = fuzz.hall.app.test_client()
    c.set_cookie("session", fuzz.identities["manager"]["cookies"]["session"])
    c.environ_base["HTTP_X_CSRF_TOKEN"] = fuzz.identities["manager"]["headers"]["X-CSRF-Token"]
    big = 46689519119518765945893987287040
    assert c.post(f"/api/v1/windows/{big}/call-next").status_code == 404
    assert c.get(f"/api/v1/windows/{2**31}/snapshot").status_code == 404
    r = c.put(f"/api/v1/halls/{HALL}/services/household", json={"promised_days": big})
    assert r.status_code == 400 and "range" in r.get_json()["error"]["params"]["detail"]
    r = c.post(f"/api/v1/windows/{2**31 - 1}/call-next", json={"ticket_id": -(2**63)})
    assert r.status_code == 400
