"""In Chromium: the console follows the hall live (a warning about its ticket, a restart) and
signing out frees the window."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from server.services.snapshot import refresh_alerts
from tests.console.conftest import HALL, WAIT, login
from tests.console.test_counter_day import action, pick_window


def test_a_warning_about_its_own_ticket_reaches_the_counter(live, pages):
    page = pages()
    login(page, live, "clerk1")
    pick_window(page, 2)
    live.hall.issue()
    expect(action(page, "call-next")).to_be_enabled(timeout=WAIT)
    page.keyboard.press("F1")
    expect(page.locator("#current-number")).to_have_text("A001", timeout=WAIT)
    page.keyboard.press("F3")
    expect(page.locator("#ticket-card")).to_have_attribute("data-status", "serving", timeout=WAIT)
    live.hall.clock.advance(minutes=13)  # social security: expected 8 min, 1.5x is yellow
    live.hall.runtime.execute(refresh_alerts, HALL)
    expect(page.locator("#toasts")).to_contain_text("黄牌：A001号办理超时", timeout=WAIT)
    expect(page.locator("#ticket-card .alert.yellow")).to_contain_text("办理超时", timeout=WAIT)


def test_the_console_says_it_is_reconnecting_and_comes_back_fresh(live, pages):
    page = pages()
    login(page, live, "clerk1")
    pick_window(page, 2)
    live.stop()
    page.wait_for_selector("body[data-status=reconnecting]", state="attached", timeout=WAIT)
    expect(page.locator("#status")).to_contain_text("正在重新连接")
    live.hall.issue()  # while the console is cut off
    live.serve()
    page.wait_for_selector("body[data-status=live]", state="attached", timeout=20_000)
    expect(page.locator(".line[data-code=social_security] .count")).to_have_text("1人")
    expect(action(page, "call-next")).to_be_enabled(timeout=WAIT)


def test_signing_out_frees_the_window_and_logging_out_goes_to_sign_in(live, pages):
    page = pages()
    login(page, live, "clerk1")
    pick_window(page, 2)
    page.click("#sign-out")
    expect(page.locator("#counter")).to_have_attribute("data-view", "picker", timeout=WAIT)
    manager = live.hall.clerk("manager")
    windows = {w["id"]: w for w in manager.get(f"/halls/{HALL}/catalogue").json["windows"]}
    assert windows[2]["state"] == "closed" and not windows[2]["staffed"]

    pick_window(page, 4)
    page.click("#logout")
    page.wait_for_url(re.compile(r"/login\?next="), timeout=WAIT)
    windows = {w["id"]: w for w in manager.get(f"/halls/{HALL}/catalogue").json["windows"]}
    assert not windows[4]["staffed"]
    page.goto(live.url("/counter"))
    page.wait_for_url(re.compile(r"/login\?next="), timeout=WAIT)


def test_a_clerk_already_at_a_window_goes_straight_to_it(live, pages):
    live.hall.clerk("clerk1", window=5)
    page = pages()
    login(page, live, "clerk1")
    expect(page.locator("#counter")).to_have_attribute("data-view", "desk", timeout=WAIT)
    expect(page.locator("#win-title")).to_contain_text("5号窗口")


def test_a_pad_of_another_window_says_so(live, pages):
    from tests.console.conftest import PAD_SIZE, pad_token

    pad = pages(PAD_SIZE)
    pad.goto(live.url(f"/rate/2#token={pad_token(live, 3)}"))
    pad.wait_for_selector("body[data-status=wrong_window]", state="attached", timeout=WAIT)
    expect(pad.locator("#status")).to_contain_text("此评价器不属于这个窗口")
