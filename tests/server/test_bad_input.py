"""Bad input gets a typed error in zh and en, and changes nothing."""

from __future__ import annotations

import io
import json
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from server.adapters import tables
from server.web.errors import error_body
from server.web.request_guard import MAX_BODY, MAX_DEPTH
from tests.server.conftest import EXAMPLE, HALL, build_hall


def _ticket_count(hall) -> int:
    with hall.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(tables.tickets)).scalar_one()


def _counts(hall) -> dict[str, int]:
    names = ("tickets", "audit_log", "services", "windows")
    with hall.engine.connect() as conn:
        return {n: conn.execute(select(func.count()).select_from(getattr(tables, n))).scalar_one()
                for n in names}  # fmt: skip


def test_malformed_json_unknown_fields_and_wrong_types(sqlite_hall):
    kiosk = sqlite_hall.kiosk()
    raw = kiosk.client.post(
        f"/api/v1/halls/{HALL}/tickets",
        data="{not json",
        headers={**kiosk.headers, "Content-Type": "application/json"},
    )
    assert raw.status_code == 400 and raw.json["error"]["message"]["zh"].startswith("请求有误")
    for body in ({"service": 7}, {"service": "household", "colour": "red"}, {}, [1, 2]):
        r = kiosk.post(f"/halls/{HALL}/tickets", body)
        assert r.status_code == 400, body
        assert set(r.json["error"]["message"]) == {"zh", "en"}
    assert (
        kiosk.post(f"/halls/{HALL}/tickets", {"service": "x", "priority": "vip"}).status_code == 400
    )
    assert _ticket_count(sqlite_hall) == 0


def test_id_number_with_a_wrong_check_digit(sqlite_hall):
    r = sqlite_hall.kiosk().post(
        f"/halls/{HALL}/tickets", {"service": "household", "id_number": "110105194912310021"}
    )
    assert r.status_code == 422 and r.json["error"]["code"] == "invalid_id_number"
    assert r.json["error"]["message"]["zh"] == "身份证号码有误，请核对后重试"
    assert _ticket_count(sqlite_hall) == 0


def test_one_person_one_live_ticket_per_service(sqlite_hall):
    hall = sqlite_hall
    hall.issue("household", id_number="11010519491231002X")
    again = hall.kiosk().post(
        f"/halls/{HALL}/tickets", {"service": "household", "id_number": "11010519491231002x"}
    )
    assert again.status_code == 409 and again.json["error"]["code"] == "already_waiting"
    assert hall.issue("social_security", id_number="11010519491231002X")["number"] == "A001"


def test_closed_hours_refuse_a_number_and_use_none_up(sqlite_hall):
    hall = sqlite_hall
    hall.clock.set(datetime(2026, 11, 23, 12, 0, tzinfo=UTC))  # 20:00 in Shanghai
    r = hall.kiosk().post(f"/halls/{HALL}/tickets", {"service": "household"})
    assert r.status_code == 409 and r.json["error"]["code"] == "hall_closed"
    hall.clock.set(datetime(2026, 11, 24, 1, 0, tzinfo=UTC))  # 09:00 next morning
    assert hall.issue("household")["number"] == "D001"


def test_daily_cap_says_todays_numbers_are_gone(tmp_path: Path):
    capped = tmp_path / "capped.toml"
    text = EXAMPLE.read_text(encoding="utf-8").replace("daily_cap = 200", "daily_cap = 2")
    capped.write_text(text, encoding="utf-8")
    hall = build_hall(f"sqlite:///{tmp_path / 'cap.sqlite3'}", capped)
    assert [hall.issue("household")["number"] for _ in range(2)] == ["D001", "D002"]
    r = hall.kiosk().post(f"/halls/{HALL}/tickets", {"service": "household"})
    assert r.status_code == 409 and r.json["error"]["message"]["zh"] == "今日号已发完，请明天再来"
    hall.clock.advance(days=1)
    assert hall.issue("household")["number"] == "D001"
    hall.engine.dispose()


def test_unknown_service_and_unknown_window(sqlite_hall):
    r = sqlite_hall.kiosk().post(f"/halls/{HALL}/tickets", {"service": "moon_landing"})
    assert r.status_code == 404 and r.json["error"]["code"] == "unknown_service"
    manager = sqlite_hall.clerk("manager")
    assert manager.post("/windows/999/open").json["error"]["code"] == "unknown_window"
    assert manager.post("/windows/2/fly").status_code == 404


def test_a_retried_request_never_makes_a_second_ticket(sqlite_hall):
    kiosk = sqlite_hall.kiosk()
    key = {"Idempotency-Key": "kiosk-7-000042"}
    first = kiosk.post(f"/halls/{HALL}/tickets", {"service": "household"}, headers=key)
    retry = kiosk.post(f"/halls/{HALL}/tickets", {"service": "household"}, headers=key)
    assert first.status_code == retry.status_code == 201
    assert (
        first.json["number"] == retry.json["number"] and first.json["token"] == retry.json["token"]
    )
    assert _ticket_count(sqlite_hall) == 1


def test_double_call_next_calls_one_ticket(sqlite_hall):
    hall = sqlite_hall
    hall.issue(), hall.issue()
    clerk = hall.clerk("clerk1", window=2)
    first = clerk.post("/windows/2/call-next")
    second = clerk.post("/windows/2/call-next")
    assert first.status_code == 200 and second.status_code == 429
    assert second.json["error"]["code"] == "call_too_soon"
    hall.clock.advance(seconds=5)
    busy = clerk.post("/windows/2/call-next")
    assert busy.status_code == 409 and busy.json["error"]["code"] == "window_busy"
    with hall.engine.connect() as conn:
        called = conn.execute(
            select(func.count())
            .select_from(tables.tickets)
            .where(tables.tickets.c.status == "called")
        ).scalar_one()
    assert called == 1


# -- hostile input (issue 13): refused by the request guard with a typed 400, nothing stored,
# no traceback in the log; on SQLite and PostgreSQL (a NUL breaks only the latter).


def _refused(r: Any, place: str, zh: str, en: str, status: int = 400) -> None:
    assert r.status_code == status, r.data[:300]
    error = r.json["error"]
    assert error["code"] == "invalid_value" and error["params"]["field"] == place, error
    assert zh in error["message"]["zh"] and en in error["message"]["en"], error["message"]


def _no_traceback(caplog: pytest.LogCaptureFixture) -> None:
    bad = [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert not bad, [r.getMessage() for r in bad]


def _raw(api: Any, method: str, path: str, data: bytes | str, **headers: str) -> Any:
    sent = {**api.headers, **headers, "Content-Type": "application/json"}
    if api.csrf:
        sent["X-CSRF-Token"] = api.csrf
    return api.client.open(f"/api/v1{path}", method=method, data=data, headers=sent)


def test_json_nested_too_deep_is_refused(hall, caplog):
    kiosk, tickets = hall.kiosk(), f"/halls/{HALL}/tickets"
    deep = f"nested more than {MAX_DEPTH} levels deep"
    for body in ("[" * 5000 + "]" * 5000, '{"name": ' + "[" * 5000 + "]" * 5000 + "}",
                 '{"name": ' + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "}"):  # fmt: skip
        _refused(_raw(kiosk, "POST", tickets, body), "body", f"嵌套超过 {MAX_DEPTH} 层", deep)
    # One level less is well-formed JSON: the view then says what is wrong with it.
    at_limit = '{"service": "household", "name": ' + "[" * 31 + "]" * 31 + "}"
    r = _raw(kiosk, "POST", tickets, at_limit)
    assert r.status_code == 400 and r.json["error"]["code"] == "bad_request"
    assert "name" in r.json["error"]["params"]["detail"]
    assert _ticket_count(hall) == 0
    _no_traceback(caplog)


def test_a_lone_surrogate_is_refused_and_echoed_escaped(hall, caplog):
    kiosk, manager, tickets = hall.kiosk(), hall.clerk("manager"), f"/halls/{HALL}/tickets"
    words = ("残缺字符", "broken (surrogate) character")
    _refused(_raw(kiosk, "POST", tickets, '{"service": "household", "name": "\\ud800"}'),
             "name", *words)  # fmt: skip
    raw = b'{"service": "household", "name": "\xed\xa0\x80"}'  # the bytes, not an escape
    _refused(_raw(kiosk, "POST", tickets, raw), "name", *words)
    # A bad key is named in the answer: escaped, since no UTF-8 response can hold it.
    r = _raw(kiosk, "POST", tickets, '{"service": "household", "\\udfff": 1}')
    _refused(r, "\\udfff", *words)
    assert "\\udfff" in r.json["error"]["message"]["zh"]
    before = _counts(hall)
    _refused(_raw(manager, "PUT", f"/halls/{HALL}/notice", '{"notice_zh": "通知\\udc00"}'),
             "notice_zh", *words)  # fmt: skip
    _refused(_raw(manager, "PUT", f"/halls/{HALL}/services/household", '{"name_zh": "\\ud83d"}'),
             "name_zh", *words)  # fmt: skip
    kinds = '{"window_kinds": ["general", "\\ud800"]}'
    r = _raw(manager, "PUT", f"/halls/{HALL}/services/household", kinds)
    _refused(r, "window_kinds[1]", *words)
    assert _counts(hall) == before and _ticket_count(hall) == 0
    assert manager.get(f"/halls/{HALL}/services").status_code == 200  # still renders
    _no_traceback(caplog)


def test_the_error_renderer_escapes_what_it_echoes():
    """A domain error naming a bad value (here a surrogate and a NUL) still renders as UTF-8."""
    body = error_body("unknown_service", {"service": "a\ud800b\x00c"})
    encoded = json.dumps(body, ensure_ascii=False).encode("utf-8")
    assert b"a\\\\ud800b\\\\u0000c" in encoded
    assert body["error"]["message"]["en"].endswith("a\\ud800b\\u0000c")


def test_nul_and_control_characters_are_refused_in_body_query_path_and_header(hall, caplog):
    kiosk, manager, tickets = hall.kiosk(), hall.clerk("manager"), f"/halls/{HALL}/tickets"
    words = ("控制字符", "control character")
    before = _counts(hall)
    _refused(_raw(kiosk, "POST", tickets, '{"service": "household", "name": "a\\u0000b"}'),
             "name", *words)  # fmt: skip
    _refused(_raw(manager, "PUT", f"/halls/{HALL}/notice", '{"notice_zh": "请\\u0007排队"}'),
             "notice_zh", *words)  # fmt: skip
    _refused(manager.get(f"/halls/{HALL}/cases?department=%00"), "department", *words)
    _refused(manager.get(f"/halls/{HALL}/cases?state=all%0A"), "state", *words)
    _refused(kiosk.get("/tickets/a%00b"), "path", *words)
    _refused(kiosk.get(f"/halls/{HALL}/appointments/slots?service=household%00"),
             "service", *words)  # fmt: skip
    r = _raw(kiosk, "POST", tickets, '{"service": "household"}', **{"Idempotency-Key": "k\x00"})
    _refused(r, "header Idempotency-Key", *words)
    assert _counts(hall) == before and _ticket_count(hall) == 0
    # Free text may run over lines: tab, line feed and carriage return stay allowed there.
    r = manager.put(f"/halls/{HALL}/notice", {"notice_zh": "第一行\r\n第二行\t完", "notice_en": ""})
    assert r.status_code == 200, r.json
    _no_traceback(caplog)


def test_broken_utf8_in_the_url_is_refused(hall, caplog):
    manager = hall.clerk("manager")
    words = ("UTF-8", "not valid UTF-8")
    _refused(manager.get(f"/halls/{HALL}/cases?department=%ED%A0%80"), "department", *words)
    _refused(manager.get(f"/halls/{HALL}/cases?%FF=1"), "query", *words)
    # The path as gevent (our server) hands it over, PEP 3333: the percent-decoded bytes as
    # latin-1 text; the test client would have made U+FFFD of them. Through a real serving
    # process: tests/security/test_hostile_server.py.
    r = manager.client.get("/", environ_overrides={"PATH_INFO": "/api/v1/tickets/\xed\xa0\x80"})
    _refused(r, "path", *words)
    _no_traceback(caplog)


def test_non_ascii_digits_are_not_numbers(hall, caplog):
    """str.isdigit() and int() take ², ٣ and ５ (werkzeug's <int:> takes ٣ and ５ too)."""
    manager = hall.clerk("manager")
    words = ("半角数字 0-9", "digits 0-9")
    for limit in ("%C2%B2", "%D9%A3", "%EF%BC%95", "0", "501", "99999999999", "-1", "+5", "5.0"):
        _refused(manager.get(f"/halls/{HALL}/audit?limit={limit}"), "limit", *words)
    assert manager.get(f"/halls/{HALL}/audit?limit=2").status_code == 200
    for window in ("%D9%A3", "%EF%BC%92"):
        _refused(manager.get(f"/windows/{window}/snapshot"), "window_id", *words)
        _refused(manager.post(f"/windows/{window}/open"), "window_id", *words)
    assert manager.get("/windows/2/snapshot").status_code == 200
    _no_traceback(caplog)


def test_numbers_that_are_not_finite_are_refused(hall, caplog):
    manager = hall.clerk("manager")
    before = _counts(hall)
    for number in ("NaN", "Infinity", "-Infinity", "1e999"):
        r = _raw(manager, "PUT", f"/halls/{HALL}/services/household",
                 f'{{"expected_minutes": {number}}}')  # fmt: skip
        _refused(r, "body", "NaN", "NaN, Infinity or a number too large")
    assert _counts(hall) == before
    _no_traceback(caplog)


def test_a_body_over_the_size_limit_is_refused(sqlite_hall, caplog):
    kiosk, words = sqlite_hall.kiosk(), ("超过 12 MB", "larger than 12 MB")
    big = b'{"service": "household", "name": "' + b"x" * MAX_BODY + b'"}'
    _refused(_raw(kiosk, "POST", f"/halls/{HALL}/tickets", big), "body", *words, status=413)
    # Sent in chunks (no Content-Length; the server ends the stream): read up to the limit.
    chunked = {"wsgi.input_terminated": True}
    headers = {**kiosk.headers, "Content-Type": "application/json", "Transfer-Encoding": "chunked"}
    r = kiosk.client.post(f"/api/v1/halls/{HALL}/tickets", input_stream=io.BytesIO(big),
                          headers=headers, environ_overrides=chunked)  # fmt: skip
    _refused(r, "body", *words, status=413)
    assert _ticket_count(sqlite_hall) == 0
    _no_traceback(caplog)
