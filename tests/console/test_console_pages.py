"""The console pages without a browser: who is sent where, strict headers, embedded texts."""

from __future__ import annotations

import json
import re

import pytest

from console import texts
from console.counter_pages import safe_next


def page_data(html: str) -> dict:
    return json.loads(re.search(r'id="page-data">(.*?)</script>', html).group(1))


def test_a_logged_out_visitor_is_sent_to_sign_in_and_back(sqlite_hall):
    client = sqlite_hall.app.test_client()
    r = client.get("/counter?window=3")
    assert r.status_code == 302 and r.headers["Location"] == "/login?next=/counter?window%3D3"
    login = client.get("/login?next=/counter")
    assert (
        login.status_code == 200 and "script-src 'self'" in login.headers["Content-Security-Policy"]
    )
    html = login.get_data(as_text=True)
    assert "工作人员登录" in html and "Staff sign-in" in html
    body = html.split("</head>")[1]
    assert body.index("用户名") < body.index("Username"), "Chinese first"
    assert page_data(html)["next"] == "/counter"
    password = sqlite_hall.password("clerk1")
    csrf = html.split('name="csrf-token" content="')[1].split('"')[0]  # the page's token
    login = {"username": "clerk1", "password": password}
    client.post("/api/v1/auth/login", json=login, headers={"X-CSRF-Token": csrf})
    r = client.get("/counter")
    assert r.status_code == 200 and "<script>" not in r.get_data(as_text=True)
    assert page_data(r.get_data(as_text=True))["user"] == "clerk1"


@pytest.mark.parametrize(
    "raw, expected",
    [("/counter", "/counter"), ("/manage?hall=x", "/manage?hall=x"), ("//evil.example", "/counter"),
     ("https://evil.example/", "/counter"), ("/\\evil.example", "/counter"), (None, "/counter"),
     ("javascript:alert(1)", "/counter")],
)  # fmt: skip
def test_sign_in_only_goes_on_to_a_path_of_this_site(raw, expected):
    assert safe_next(raw) == expected


def test_the_rating_pad_page_takes_its_timings_and_no_data(sqlite_hall):
    client = sqlite_hall.app.test_client()
    r = client.get("/rate/2?thanks=2&ask=5000")
    data = page_data(r.get_data(as_text=True))
    assert data["window"] == 2 and data["thanks_seconds"] == 2 and data["ask_seconds"] == 600
    assert data["client"].endswith("socket.io.esm.min.js")
    assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]
    assert client.get("/rate/x").status_code == 404


def test_every_counter_text_exists_in_both_languages():
    zh, en = texts.catalogue()["zh"], texts.catalogue()["en"]
    mine = {k for k in zh if k.startswith(("common.", "login.", "counter.", "rate."))}
    assert mine == {k for k in en if k.startswith(("common.", "login.", "counter.", "rate."))}
    reasons = {"window_busy", "paused", "closed", "queue_empty", "no_ticket", "already_serving",
               "recall_limit_reached", "not_paused"}  # fmt: skip
    assert {f"counter.reason.{r}" for r in reasons} <= mine
    assert all(f"rate.level.{n}" in mine for n in range(1, 6))
