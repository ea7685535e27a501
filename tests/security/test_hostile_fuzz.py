"""Hostile values into every documented operation of /api/v1, on SQLite and PostgreSQL.

The classes of issue 13 go into every body field, query parameter, path parameter and header
parameter the OpenAPI document declares (and into a body's keys): JSON nested 5,000 deep and
one level past the limit; lone surrogates, escaped and as raw bytes; NUL and other control
characters; NaN, Infinity and a float overflow; URL bytes that are not UTF-8 (%ED%A0%80
encodes a lone surrogate); and the non-ASCII digits ², ٣ and ５.

What must hold, request by request:
- never a 5xx;
- a malformed value (every class but the digits) is refused with 400 `invalid_value`, in zh
  and en, and the business tables are as they were after all of an operation's refusals;
- the digits may be fine text in a string field, so they need only be answered sanely: a
  refusal is typed and stores nothing; and a documented integer parameter never takes them
  (400, the router's 404 for "²", which no int route matches, or 401/403 for a caller who
  may not use the operation; int() would read ٣ and ５ as 3 and 5).

The requests are built from the document, not drawn at random: the same ones every run, a few
thousand per database, with the path as a server hands it over (PEP 3333: percent-decoded
bytes as latin-1 text), so an encoded surrogate reaches the app as the bytes it is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote_to_bytes

import pytest

from server.web.openapi import openapi_document
from server.web.request_guard import MAX_DEPTH
from tests.security.fuzz_rig import (
    Rig,
    changed,
    documented_operations,
    open_rig,
    restore_identities,
    row_counts,
)
from tests.server.postgres import postgres_url

# The value's JSON text, as it goes into a body field.
MALFORMED = {
    "lone high surrogate": b'"\\ud800"',
    "lone low surrogate in text": b'"ab\\udfffc"',
    "surrogate as raw bytes": b'"\xed\xa0\x80"',
    "NUL": b'"a\\u0000b"',
    "escape control": b'"\\u001b[2J"',
    "NaN": b"NaN",
    "Infinity": b"-Infinity",
    "float overflow": b"1e999",
    "nested 5000 deep": b"[" * 5000 + b"]" * 5000,
    "nested past the limit": b'{"a": ' * (MAX_DEPTH + 1) + b'"x"' + b"}" * (MAX_DEPTH + 1),
}
MALFORMED_KEYS = (b'"\\ud800"', b'"na\\u0000me"', b'"\\t"')
MALFORMED_URL = ("%00", "a%00b", "%0A", "%1B", "%7F", "%ED%A0%80", "%FF")
# Every operation also gets parameters it does not document: the guard reads every one.
UNDOCUMENTED_QUERY = ("zz=%00", "%ED%A0%80=1", "z%01=1")
MALFORMED_HEADERS = ("a\x00b", "\x01", "\x7f")
DIGITS = ("²", "٣", "５")
# Values for required body fields, so the digits reach past "x is required".
SAMPLES: dict[str, Any] = {
    "service": "household", "level": 5, "username": "fuzzer", "password": "fuzz-password-1",
    "role": "clerk", "kind": "kiosk", "name": "测试", "notice_zh": "通知", "notice_en": "notice",
    "note": "note", "reason": "failed", "id_number": "11010519491231002X", "date": "2026-11-24",
    "start": "09:00", "phone": "13800000000", "consent": True,
}  # fmt: skip
DEFAULTS = {"string": "x", "integer": 1, "number": 1, "boolean": False, "array": [], "object": {}}
IDENTITIES = ("kiosk", "manager")
# A digit in an integer parameter must not be taken: refused (400), no such route (404), or
# the caller may not use the operation at all (401, 403).
NOT_TAKEN = (400, 401, 403, 404)


@dataclass
class Operation:
    label: str
    method: str
    path: str
    params: list[dict[str, Any]]
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)  # body property -> schema
    base: dict[str, Any] = field(default_factory=dict)  # a body with its required fields
    has_body: bool = False


@dataclass
class Probe:
    what: str
    place: str  # body, query, path or header
    path_values: dict[str, str] = field(default_factory=dict)  # percent-encoded
    query: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    integer: bool = False  # the value sits where the document says integer


def _schema_type(schema: dict[str, Any]) -> str:
    kind = schema.get("type", "string")
    return next((k for k in kind if k != "null"), "string") if isinstance(kind, list) else kind


def _operations() -> dict[str, Operation]:
    schemas = openapi_document()["components"]["schemas"]
    found = {}
    for label, path, item, op in documented_operations():
        params = [*item.get("parameters", []), *op.get("parameters", [])]
        operation = Operation(label, label.split()[0], path, params)
        body = op.get("requestBody", {}).get("content", {}).get("application/json")
        if body:
            schema = schemas[body["schema"]["$ref"].rsplit("/", 1)[1]]
            operation.has_body = True
            operation.fields = schema.get("properties") or {"x": {"type": "string"}}
            for name in schema.get("required", []):
                prop = operation.fields[name]
                default = prop["enum"][0] if "enum" in prop else DEFAULTS[_schema_type(prop)]
                operation.base[name] = SAMPLES.get(name, default)
        found[label] = operation
    return found


OPERATIONS = _operations()


def _json(value: Any) -> bytes:
    return json.dumps(value).encode()


def _object(pairs: list[tuple[bytes, bytes]]) -> bytes:
    return b"{" + b", ".join(k + b": " + v for k, v in pairs) + b"}"


def _body_probes(op: Operation, values: dict[str, bytes]) -> Iterator[Probe]:
    """Each value into each field: as the field, inside a list or an object where it is one."""
    for name, prop in op.fields.items():
        rest = [(_json(k), _json(v)) for k, v in op.base.items() if k != name]
        kind = _schema_type(prop)
        inner = next(iter(prop.get("properties", {})), "x")
        for what, raw in values.items():
            shapes = [raw]
            if kind == "array":
                shapes.append(b"[" + raw + b"]")
            if kind == "object":
                shapes.append(_object([(_json(inner), raw)]))
            for shape in shapes:
                body = _object([*rest, (_json(name), shape)])
                yield Probe(f"{what} in {name}", "body", body=body, integer=kind == "integer")


def malformed_probes(op: Operation) -> Iterator[Probe]:
    if op.has_body:
        yield from _body_probes(op, MALFORMED)
        for key in MALFORMED_KEYS:
            pairs = [(_json(k), _json(v)) for k, v in op.base.items()]
            yield Probe(f"key {key!r}", "body", body=_object([*pairs, (key, b"1")]))
    for param in op.params:
        name, where = param["name"], param["in"]
        if where == "header":
            for value in MALFORMED_HEADERS:
                yield Probe(f"{value!r} in {name}", "header", headers={name: value})
            continue
        for value in MALFORMED_URL:
            if where == "path":
                yield Probe(f"{value} in {name}", "path", path_values={name: value})
            elif where == "query":
                yield Probe(f"{value} in {name}", "query", query=f"{quote(name)}={value}")
    for query in UNDOCUMENTED_QUERY:
        yield Probe(f"undocumented {query}", "query", query=query)


def digit_probes(op: Operation) -> Iterator[Probe]:
    if op.has_body:
        yield from _body_probes(op, {f"{d!r}": _json(d) for d in DIGITS})
    for param in op.params:
        name, where = param["name"], param["in"]
        integer = param["schema"].get("type") == "integer"
        for digit in DIGITS:
            if where == "path":
                yield Probe(f"{digit} in {name}", "path", path_values={name: quote(digit)},
                            integer=integer)  # fmt: skip
            elif where == "query":
                yield Probe(f"{digit} in {name}", "query",
                            query=f"{quote(name)}={quote(digit)}", integer=integer)  # fmt: skip
    yield Probe("undocumented ٣", "query", query=f"zz={quote('٣')}")


# -- sending


def _path_info(op: Operation, rig: Rig, hostile: dict[str, str]) -> str:
    """PATH_INFO as a server hands it to the app: the percent-decoded bytes as latin-1 text."""

    def value(m: re.Match[str]) -> str:
        name = m.group(1)
        return hostile.get(name) or quote(str(rig.real.get(name, 999999)), safe="")

    encoded = "/api/v1" + re.sub(r"\{(\w+)\}", value, op.path)
    return unquote_to_bytes(encoded).decode("latin-1")


def _send(client: Any, rig: Rig, op: Operation, probe: Probe, headers: dict[str, str]) -> Any:
    environ = {"PATH_INFO": _path_info(op, rig, probe.path_values), "QUERY_STRING": probe.query}
    if probe.body is not None:
        headers = {**headers, "Content-Type": "application/json"}
    return client.open("/", method=op.method, data=probe.body, environ_overrides=environ,
                       headers={**headers, **probe.headers})  # fmt: skip


def _typed(response: Any) -> dict[str, Any]:
    error = (response.get_json(silent=True) or {}).get("error") or {}
    message = error.get("message") or {}
    return error if message.get("zh") and message.get("en") else {}


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def rig(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Rig]:
    if request.param == "sqlite":
        url = f"sqlite:///{Path(tmp_path_factory.mktemp('hostile')) / 'hall.sqlite3'}"
    else:
        url = postgres_url(request)
    opened = open_rig(url)
    yield opened
    opened.hall.engine.dispose()


def _client(rig: Rig, who: str) -> tuple[Any, dict[str, str]]:
    identity = rig.identities[who]
    client = rig.hall.app.test_client()
    for name, value in identity.get("cookies", {}).items():
        client.set_cookie(name, value)
    return client, dict(identity["headers"])


@pytest.mark.parametrize("label", list(OPERATIONS))
def test_malformed_values_are_refused_and_store_nothing(rig: Rig, label: str) -> None:
    """As the kiosk (its device token skips the CSRF check, so every refusal is the guard's)."""
    op = OPERATIONS[label]
    restore_identities(rig)
    client, headers = _client(rig, "kiosk")
    before, failures = row_counts(rig.hall), []
    for probe in malformed_probes(op):
        response = _send(client, rig, op, probe, headers)
        error = _typed(response)
        if response.status_code != 400 or error.get("code") != "invalid_value":
            failures.append(f"{probe.what}: {response.status_code} {response.data[:160]!r}")
    assert not failures, failures
    assert not changed(before, row_counts(rig.hall))


@pytest.mark.parametrize("label", list(OPERATIONS))
def test_non_ascii_digits_never_break_a_request(rig: Rig, label: str) -> None:
    op = OPERATIONS[label]
    failures = []
    for who in IDENTITIES:
        restore_identities(rig)
        client, headers = _client(rig, who)
        before = row_counts(rig.hall)
        for probe in digit_probes(op):
            response = _send(client, rig, op, probe, headers)
            after, status = row_counts(rig.hall), response.status_code
            where = f"{who}: {probe.what} -> {status} {response.data[:160]!r}"
            if status >= 500 or (status >= 400 and not _typed(response)):
                failures.append(where)
            elif status >= 400 and changed(before, after):
                failures.append(f"{where} changed {changed(before, after)}")
            elif probe.integer and probe.place != "body" and status not in NOT_TAKEN:
                failures.append(f"{where}: an integer parameter took a non-ASCII digit")
            before = after
    assert not failures, failures
