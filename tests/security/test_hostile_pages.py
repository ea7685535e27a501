"""Hostile query strings and bodies for the pages around the API (issue 13, class 2): the
console pages the server renders, and the kiosk's own touch-UI app on its loopback port.

Neither may answer a 5xx or log a traceback. On the server, malformed text (a control
character, bytes that are not UTF-8) is refused by the request guard with the API's typed
400; a number in a page's query string is read from ASCII digits only (٣ is not window 3).
The kiosk refuses a malformed body with a typed 400 in zh and en and prints nothing.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import func, select

from kiosk.preview import ServedKiosk, sim_config
from server.adapters import tables
from tests.kiosk.conftest import HallServer
from tests.server.conftest import Hall, build_hall

MALFORMED = ("%00", "a%0Ab", "%1B", "%ED%A0%80", "%FF")
ODD = ("%C2%B2", "%D9%A3", "%EF%BC%95", "99999999999999999999", "-1", "0", "0001-01-01",
       "9999-12-31", "9999-12", "2026-W48-1", "20261123", "%E6%9D%8E")  # fmt: skip
PAGES = {  # path -> the query parameters it reads
    "/counter": ("window",),
    "/rate/2": ("thanks", "ask"),
    "/manage": ("hall",),
    "/manage/report": ("hall", "period", "date", "month"),
    "/login": ("next",),
    "/case": ("hall",),
}


@pytest.fixture
def sqlite_hall(tmp_path: Path) -> Iterator[Hall]:
    built = build_hall(f"sqlite:///{tmp_path / 'hall.sqlite3'}")
    yield built
    built.engine.dispose()


def _no_traceback(caplog: pytest.LogCaptureFixture) -> None:
    bad = [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert not bad, [r.getMessage() for r in bad]


def _page_data(html: str) -> dict[str, Any]:
    found = re.search(r'id="page-data">(.*?)</script>', html)
    assert found, html[:300]
    return json.loads(found.group(1))  # type: ignore[no-any-return]


def _signed_in(hall: Hall, username: str) -> Any:
    client = hall.app.test_client()
    api = hall.clerk(username)
    client.set_cookie("session", api.client.get_cookie("session").value)
    return client


def test_console_pages_refuse_malformed_queries_and_never_fail(sqlite_hall: Hall, caplog):
    for who in ("manager", "clerk1"):
        client = _signed_in(sqlite_hall, who)
        for path, names in PAGES.items():
            for name in names:
                for value in MALFORMED:
                    r = client.get(f"{path}?{name}={value}")
                    error = r.json["error"] if r.is_json else {}
                    assert r.status_code == 400 and error.get("code") == "invalid_value", (
                        who, path, name, value, r.status_code)  # fmt: skip
                for value in ODD:
                    r = client.get(f"{path}?{name}={value}")
                    assert r.status_code < 500, (who, path, name, value, r.status_code)
    _no_traceback(caplog)


def test_a_page_number_is_read_from_ascii_digits_only(sqlite_hall: Hall):
    client = _signed_in(sqlite_hall, "clerk1")
    for value, window in (("%D9%A3", None), ("%EF%BC%93", None), ("3", 3), ("99999999999", None)):
        data = _page_data(client.get(f"/counter?window={value}").get_data(as_text=True))
        assert data["window"] == window, value
    for value, seconds in (("%D9%A3", 6), ("%C2%B2", 6), ("2", 2), ("99999", 600)):
        data = _page_data(client.get(f"/rate/2?thanks={value}").get_data(as_text=True))
        assert data["thanks_seconds"] == seconds, value


# -- the kiosk's touch UI (kiosk/web.py), served with its devices against a real hall server


@pytest.fixture
def kiosk(tmp_path: Path) -> Iterator[tuple[ServedKiosk, HallServer]]:
    hall = HallServer(f"sqlite:///{tmp_path / 'hall.sqlite3'}")
    cfg = sim_config(hall.url, tmp_path, request_timeout_seconds=2.0)
    served = ServedKiosk(cfg, hall.hall.accounts.kiosk_token).start()
    yield served, hall
    served.stop()
    hall.close()


DEEP = "[" * 5000 + "]" * 5000
BODIES = (
    DEEP, '{"service": ' + DEEP + "}", '{"x": ' + '{"a": ' * 5 + "1" + "}" * 5 + "}",
    '{"service": "\\ud800", "request_id": "r-000001"}', '{"\\udfff": 1}',
    '{"service": "household\\u0000", "request_id": "r-000002"}', '{"note": "\\u001b"}',
    b'{"service": "\xed\xa0\x80"}', "NaN", "{not json",
)  # fmt: skip
POSTS = ("/api/tickets", "/api/check-in", "/api/identity-check", "/api/help", "/api/cases")


def test_the_kiosk_refuses_malformed_bodies_with_typed_words(kiosk, caplog):
    served, hall = kiosk
    for path in POSTS:
        for body in BODIES:
            data = body if isinstance(body, bytes) else body.encode()
            headers = {"X-Kiosk": "1", "Content-Type": "application/json"}
            r = requests.post(served.url + path, data=data, headers=headers, timeout=10)
            assert r.status_code == 400, (path, body[:40], r.status_code, r.text[:200])
            error = r.json()["error"]
            assert error["code"] == "bad_request" and error["zh"] and error["en"], error
            assert r.json()["retry"] is False
    assert served.printer.jobs == []
    with hall.hall.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(tables.tickets)).scalar_one() == 0
    _no_traceback(caplog)


def test_the_kiosk_answers_hostile_queries_and_paths(kiosk, caplog):
    served, _ = kiosk
    for value in (*MALFORMED, *ODD):
        for path in (f"/api/services?q={value}", f"/api/voice/home?number={value}",
                     f"/api/guides/{value}", f"/api/voice/{value}"):  # fmt: skip
            r = requests.get(served.url + path, timeout=10)
            assert r.status_code < 500, (path, r.status_code, r.text[:200])
            if r.status_code >= 400:
                assert r.json()["error"]["zh"] and r.json()["error"]["en"], path
    _no_traceback(caplog)
