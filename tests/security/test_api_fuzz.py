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
from dataclasses import dataclass
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

from tests.security.fuzz_rig import (
    Rig,
    changed,
    documented_operations,
    open_rig,
    operation_labels,
    restore_identities,
    row_counts,
)
from tests.server.conftest import HALL

EXAMPLES = 10  # per operation, identity and mode: 67 ops x 2 x 2 x 10 ~ 2700 requests

STATUSES: Counter[tuple[str, int]] = Counter()  # (identity, status) over the run


@dataclass
class Fuzz:
    rig: Rig
    schema: Any


@pytest.fixture(scope="module")
def fuzz(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fuzz]:
    rig = open_rig(f"sqlite:///{Path(tmp_path_factory.mktemp('fuzz')) / 'hall.sqlite3'}")
    yield Fuzz(rig, schemathesis.openapi.from_wsgi("/api/v1/openapi.json", rig.hall.app))
    rig.hall.engine.dispose()


OPERATIONS = [label for label, *_ in documented_operations()]


def _run(fuzz: Fuzz, label: str, who: str, mode: schemathesis.GenerationMode) -> None:
    restore_identities(fuzz.rig)
    op = next(r.ok() for r in fuzz.schema.get_all_operations() if r.ok().label == label)
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
                if name in fuzz.rig.real:
                    case.path_parameters[name] = fuzz.rig.real[name]
        before = row_counts(fuzz.rig.hall)
        response = case.call(**fuzz.rig.identities[who])
        STATUSES[(who, response.status_code)] += 1
        case.validate_response(
            response,
            checks=[not_a_server_error, response_schema_conformance, status_code_conformance],
        )
        if 400 <= response.status_code < 500:
            stored = changed(before, row_counts(fuzz.rig.hall))
            if stored:
                failures.append(f"{case.method} {case.formatted_path} -> "
                                f"{response.status_code} changed {stored}")  # fmt: skip

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


def test_the_document_and_the_fuzz_agree_on_the_operations(fuzz: Fuzz) -> None:
    """Both passes (this one and test_hostile_fuzz.py) cover every documented operation."""
    assert operation_labels(fuzz.schema) == OPERATIONS and len(OPERATIONS) >= 67


def test_the_fuzzing_identities_stayed_valid(fuzz: Fuzz) -> None:
    """Otherwise the runs above would have fuzzed nothing but the 401 path."""
    restore_identities(fuzz.rig)
    op = fuzz.schema["/auth/me"]["GET"]
    for who in ("manager", "kiosk"):
        r = op.Case().call(**fuzz.rig.identities[who])
        assert r.status_code == 200, (who, r.text)
        seen = [(status, n) for (w, status), n in STATUSES.items() if w == who]
        assert not seen or any(status != 401 for status, _ in seen), (
            f"every fuzzed request as {who} was refused as unauthenticated"
        )
    print(sorted(STATUSES.items()))


def test_numbers_too_big_for_an_id_column_are_refused_not_a_500(fuzz: Fuzz) -> None:
    """Found by the fuzz: a 2**64 id in the path or the body reached SQLite (OverflowError)."""
    manager = fuzz.rig.identities["manager"]
    c = fuzz.rig.hall.app.test_client()
    c.set_cookie("session", manager["cookies"]["session"])
    c.environ_base["HTTP_X_CSRF_TOKEN"] = manager["headers"]["X-CSRF-Token"]
    big = 46689519119518765945893987287040
    assert c.post(f"/api/v1/windows/{big}/call-next").status_code == 404
    assert c.get(f"/api/v1/windows/{2**31}/snapshot").status_code == 404
    r = c.put(f"/api/v1/halls/{HALL}/services/household", json={"promised_days": big})
    assert r.status_code == 400 and "range" in r.get_json()["error"]["params"]["detail"]
    r = c.post(f"/api/v1/windows/{2**31 - 1}/call-next", json={"ticket_id": -(2**63)})
    assert r.status_code == 400
