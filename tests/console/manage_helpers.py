"""Helpers for the manager console's browser tests: sign in, open /manage, read the board."""

from __future__ import annotations

from typing import Any

WAIT = 15_000  # generous: a slow CI machine still passes, a broken page still fails
BOARD_SIZE = {"width": 1920, "height": 1080}  # the office monitor the console is made for


def sign_in(page: Any, live: Any, username: str = "manager") -> None:
    """Sign the page's browser context in through the API (the cookie is the context's)."""
    csrf = page.request.get(live.url("/api/v1/auth/csrf")).json()["csrf_token"]
    r = page.request.post(
        live.url("/api/v1/auth/login"),
        data={"username": username, "password": live.hall.password(username)},
        headers={"X-CSRF-Token": csrf},
    )
    assert r.status == 200, r.text()


def open_manage(page: Any, live: Any) -> None:
    """Open the console signed in as the demo manager and wait for the first live board."""
    sign_in(page, live)
    page.goto(live.url("/manage"))
    page.wait_for_selector("body[data-status=live]", state="attached", timeout=WAIT)
    page.wait_for_selector("#windows tbody tr[data-window]", timeout=WAIT)


def window_row(page: Any, number: int) -> Any:
    return page.locator(f"#windows tr[data-window='{number}']")


def manager_api(live: Any) -> Any:
    return live.hall.clerk("manager")


def open_tab(page: Any, tab: str) -> None:
    """Switch to the catalogue & staff view and show one of its tabs, loaded."""
    page.click(".view-tab[data-view=setup]")
    page.click(f".tabs .tab[data-tab={tab}]")
    page.wait_for_selector(f"#{tab}-body table", timeout=WAIT)


def wait_line_count(page: Any, service: str, waiting: int) -> None:
    """Wait until the board's line of `service` shows `waiting` (a function: the CSP bans eval)."""
    page.wait_for_function(
        "([code, n]) => document.querySelector(`#lines tr[data-line=${code}] .count`)"
        "?.textContent === String(n)",
        arg=[service, waiting],
        timeout=WAIT,
    )
