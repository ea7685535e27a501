"""The API's edges are pydantic models (server/web/schema.py): the document is generated from
them, so what it says and what the server refuses are one thing (issue 14)."""

from __future__ import annotations

import re
from pathlib import Path

from server.domain.catalogue import SERVICE_CODE
from server.web.openapi import openapi_document

SERVER = Path(__file__).resolve().parents[2] / "server"


def _string_schema(prop: dict) -> dict:
    return next(s for s in prop.get("anyOf", [prop]) if s.get("type") == "string")


def test_transfer_service_max_length_is_the_documented_one(sqlite_hall):
    """Drift found: the document had no maxLength while the parser enforced 40."""
    doc = openapi_document()
    service = _string_schema(doc["components"]["schemas"]["TransferBody"]["properties"]["service"])
    assert service["maxLength"] == 40
    assert service["pattern"] == f"^{SERVICE_CODE.pattern}$"
    clerk = sqlite_hall.clerk("clerk1", window=2)
    too_long = clerk.post("/windows/2/transfer", {"service": "a" * (service["maxLength"] + 1)})
    assert too_long.status_code == 400 and too_long.json["error"]["code"] == "bad_request"
    assert too_long.json["error"]["params"]["detail"].startswith("service ")
    assert set(too_long.json["error"]["message"]) == {"zh", "en"}
    at_limit = clerk.post("/windows/2/transfer", {"service": "a" * service["maxLength"]})
    detail = (at_limit.json.get("error") or {}).get("params", {}).get("detail", "")
    assert not detail.startswith("service "), at_limit.json


def test_the_service_code_pattern_is_written_once_in_the_server():
    """server/domain/catalogue.py's SERVICE_CODE is the invariant; the web layer imports it."""
    text = SERVICE_CODE.pattern
    found = {
        str(path.relative_to(SERVER))
        for path in SERVER.rglob("*.py")
        if text in path.read_text(encoding="utf-8")
    }
    # device_health.REASON (a driver's error code) happens to share the text; it is not a
    # service code and no web module writes either.
    assert found - {"domain/device_health.py"} == {"domain/catalogue.py"}, found


def test_the_document_is_generated_with_no_doc_pages_and_typed_errors(sqlite_hall):
    doc = openapi_document()
    assert doc["servers"] == [{"url": "/api/v1"}]
    ops = [(m, p) for p, item in doc["paths"].items() for m in item]
    assert len(ops) >= 68  # the hand-written document had 68 operations
    for method, path in ops:
        responses = doc["paths"][path][method]["responses"]
        assert responses["400"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"
        }, (method, path)
    rules = {rule.rule for rule in sqlite_hall.app.url_map.iter_rules()}
    assert not any(re.match("/apidoc", rule) for rule in rules)  # spectree's CDN pages
    assert sqlite_hall.anonymous().get("/openapi.json").json == doc


def test_a_query_number_is_refused_in_zh_and_en_naming_it(sqlite_hall):
    manager = sqlite_hall.clerk("manager")
    r = manager.get("/halls/dingcheng/audit?limit=501")
    assert r.status_code == 400 and r.json["error"]["code"] == "invalid_value"
    assert r.json["error"]["params"]["field"] == "limit"
    assert "1 至 500" in r.json["error"]["message"]["zh"]
    assert "1 to 500" in r.json["error"]["message"]["en"]
