"""One rule per value of a service (issue 14): the hall file, the domain's check and the
manager's API (its behaviour and its OpenAPI document) take and refuse the same values.

The rule is written once, in the domain (server/domain/catalogue.check_service); the file's
model does the shape only, and the server runs the domain's check when it builds the hall.
- daily_cap: at least 1, or none (left out of the file, null in the API). A cap of 0 would
  issue no number at all, not even to a booked citizen checking in, while the booking page
  still sells slots: a service stopped that way is a trap, and "0" reads as "no limit" to
  many. A hall stops a service by deactivating it.
- expected_minutes (and yellow_minutes): more than 0. The file's old floor of 0.5 was a
  guess of its own; estimates and routing need a positive time, no more.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from config.errors import ConfigError
from server.adapters.hall_file import load_hall
from server.domain.catalogue import Service, WindowKind, check_service
from server.domain.errors import InvalidValue
from tests.config.test_hall_file import changed
from tests.server.conftest import HALL, build_hall

# (field, value, taken): what every edge must agree on
CASES = [
    ("daily_cap", -1, False),
    ("daily_cap", 0, False),
    ("daily_cap", 1, True),
    ("expected_minutes", 0, False),
    ("expected_minutes", -2, False),
    ("expected_minutes", 0.1, True),
    ("yellow_minutes", 0, False),
    ("yellow_minutes", 0.5, True),
]
PLAIN = {
    "name_zh": "出入境证件",
    "name_en": "Exit and entry permits",
    "window_kinds": ["general"],
    "expected_minutes": 6,
    "yellow_minutes": 15,
    "red_minutes": 30,
}


def _ids(case: tuple[str, Any, bool]) -> str:
    return f"{case[0]}={case[1]}"


# where each value goes in the first service of MINIMAL: (snippet, snippet with the value)
IN_FILE = {
    "daily_cap": ('prefix = "A"', 'prefix = "A"\ndaily_cap = {}'),
    "expected_minutes": ("expected_minutes = 8", "expected_minutes = {}"),
    "yellow_minutes": ("yellow_minutes = 20", "yellow_minutes = {}"),
}


@pytest.mark.parametrize(("name", "value", "taken"), CASES, ids=[_ids(c) for c in CASES])
def test_the_hall_file_applies_the_rule(tmp_path: Path, name: str, value: Any, taken: bool) -> None:
    old, new = IN_FILE[name]
    path = tmp_path / "hall.toml"
    path.write_text(changed(old, new.format(value)), encoding="utf-8")
    if taken:
        assert getattr(load_hall(path).services[0], name) == value
        return
    with pytest.raises(ConfigError) as error:
        load_hall(path)
    assert error.value.key == f"services[0].{name}"


@pytest.mark.parametrize(("name", "value", "taken"), CASES, ids=[_ids(c) for c in CASES])
def test_the_domain_applies_the_rule(name: str, value: Any, taken: bool) -> None:
    values = {**PLAIN, "window_kinds": frozenset({WindowKind.GENERAL}), name: value}
    service = Service(code="passport", prefix="P", **values)
    if taken:
        check_service(service, [])
        return
    with pytest.raises(InvalidValue) as error:
        check_service(service, [])
    assert error.value.params["field"] == name


@pytest.fixture(scope="module")
def manager_api(tmp_path_factory: pytest.TempPathFactory) -> Any:
    hall = build_hall(f"sqlite:///{tmp_path_factory.mktemp('rules') / 'hall.sqlite3'}")
    yield hall
    hall.engine.dispose()


def test_the_manager_api_and_its_document_apply_the_rule(manager_api: Any) -> None:
    manager = manager_api.clerk("manager")
    doc = manager_api.anonymous().get("/openapi.json").json
    body = doc["components"]["schemas"]["ServiceBody"]["properties"]
    for i, (name, value, taken) in enumerate(CASES):
        code, prefix = f"rule_{i}", "PQRSTUVWXY"[i]
        r = manager.post(f"/halls/{HALL}/services",
                         {**PLAIN, "code": code, "prefix": prefix, name: value})  # fmt: skip
        if taken:
            assert r.status_code == 201, (name, value, r.json)
        else:
            assert r.status_code == 400, (name, value, r.json)
            assert r.json["error"]["params"]["field"] == name
        assert _allows(body[name], value) is taken, (name, value, body[name])


def _allows(schema: dict[str, Any], value: float) -> bool:
    """Whether a JSON schema's bounds for a number let the value through."""
    if "minimum" in schema and value < schema["minimum"]:
        return False
    return not ("exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"])
