"""The sign-in page in headless Chromium: a lockout is shown in the server's words (zh first),
and once it is over the console signs in and acts with its CSRF token end to end.
"""

from __future__ import annotations

import re
from typing import Any

from tests.display.conftest import LiveHall, live, page  # noqa: F401  (fixtures)

WAIT = 10_000  # ms: the waits end as soon as the page is there


def _try(page: Any, password: str) -> str:  # noqa: F811
    page.fill("#password", password)
    page.click("#login-submit")
    page.wait_for_selector("#login-submit:not([disabled])", timeout=WAIT)
    return str(page.text_content("#login-error"))


def test_the_login_page_shows_the_lockout_and_the_console_then_works(
    page: Any,  # noqa: F811
    live: LiveHall,  # noqa: F811
) -> None:
    page.goto(live.url("/login?next=/counter"))
    page.fill("#username", "clerk1")
    for _ in range(4):
        assert "用户名或密码错误" in _try(page, "wrong-password")
    locked = _try(page, "wrong-password")
    assert "登录失败次数过多" in locked and "Too many failed sign-ins" in locked
    assert locked.index("登录失败次数过多") < locked.index("Too many"), "Chinese first"
    assert "15 分钟" in locked
    again = _try(page, live.hall.password("clerk1"))
    assert again == locked and "/login" in page.url, "the right password waits too"

    live.hall.clock.advance(minutes=16)
    page.fill("#password", live.hall.password("clerk1"))
    page.click("#login-submit")
    page.wait_for_url(re.compile(r"/counter"), timeout=WAIT)
    page.wait_for_selector("body[data-ready=true]", state="attached", timeout=WAIT)
    token = page.get_attribute('meta[name="csrf-token"]', "content")
    assert token
    # The page's own script sends the token; a bare request from the same page does not.
    bare = page.evaluate(
        """async () => (await fetch('/api/v1/auth/logout', {method: 'POST'})).status"""
    )
    assert bare == 403
    page.click("#logout")
    page.wait_for_url(re.compile(r"/login"), timeout=WAIT)
    me = page.evaluate("""async () => (await fetch('/api/v1/auth/me')).status""")
    assert me == 401, "signed out by the page's own (token-carrying) request"
