"""A counter console in real Chromium survives a SIGKILL of the server: with a ticket called,
the server process is killed and started again on the same SQLite file and port; the page
says it is reconnecting, then shows the truth (the same current ticket, the line, a ticket
issued after the restart) without being reloaded, and the clerk goes on working from it."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.console.conftest import COUNTER_SIZE, pages  # noqa: F401  (fixture)
from tests.faults.conftest import Hall
from tests.scale.conftest import HALL

WAIT = 20_000  # ms: a restart on a busy machine; the waits end as soon as the page is there


def action(page: Any, name: str) -> Any:
    return page.locator(f"#actions .action[data-action='{name}']")


def sign_in(page: Any, hall: Hall, username: str, window_id: int) -> None:
    page.goto(f"{hall.server.base}/counter")
    page.wait_for_url(re.compile(r"/login\?next="), timeout=WAIT)
    page.fill("#username", username)
    page.fill("#password", hall.passwords[username])
    page.click("#login-submit")
    page.wait_for_url("**/counter", timeout=WAIT)
    page.wait_for_selector("body[data-ready=true]", state="attached", timeout=WAIT)
    page.click(f".window-choice[data-window='{window_id}']")
    expect(page.locator("#counter")).to_have_attribute("data-view", "desk", timeout=WAIT)
    page.wait_for_selector("body[data-status=live]", state="attached", timeout=WAIT)


def test_the_counter_console_comes_back_with_the_truth_after_a_kill(sqlite_hall: Hall, pages):  # noqa: F811
    hall = sqlite_hall
    window = hall.window_id(2)
    kiosk = hall.kiosk()
    first, second = (kiosk.post(f"/halls/{HALL}/tickets", {"service": "social_security"})
                     for _ in range(2))  # fmt: skip
    assert first.status_code == second.status_code == 201
    page = pages(COUNTER_SIZE)
    sign_in(page, hall, "clerk2", window)
    expect(action(page, "call-next")).to_be_enabled(timeout=WAIT)
    page.keyboard.press("F1")
    expect(page.locator("#current-number")).to_have_text(first.json()["number"], timeout=WAIT)
    page.evaluate("window.__notReloaded = true")

    hall.server.kill()
    page.wait_for_selector("body[data-status=reconnecting]", state="attached", timeout=WAIT)
    expect(page.locator("#status")).to_contain_text("正在重新连接")
    hall.server.start()
    page.wait_for_selector("body[data-status=live]", state="attached", timeout=WAIT)
    third = hall.kiosk().post(f"/halls/{HALL}/tickets", {"service": "social_security"})
    assert third.status_code == 201, third.text

    assert page.evaluate("window.__notReloaded === true"), "the page was not reloaded"
    expect(page.locator("#current-number")).to_have_text(first.json()["number"], timeout=WAIT)
    expect(page.locator(".line[data-code=social_security] .count")).to_have_text(
        "2人", timeout=WAIT
    )  # the second ticket from before the kill and the third from after
    page.keyboard.press("F3")  # start serving: the console works against the new process
    expect(page.locator("#ticket-card")).to_have_attribute("data-status", "serving", timeout=WAIT)
