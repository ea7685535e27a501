"""The manager console (/manage) in headless Chromium: sign-in, the live board, refusals."""

from __future__ import annotations

import re

from tests.console.conftest import login
from tests.console.manage_helpers import (
    BOARD_SIZE,
    WAIT,
    open_manage,
    sign_in,
    wait_line_count,
    window_row,
)
from tests.server.conftest import HALL


def test_a_logged_out_visitor_is_sent_to_sign_in_and_comes_back_to_the_board(live, pages):
    page = pages(BOARD_SIZE)
    page.goto(live.url("/manage"))
    page.wait_for_url(re.compile(r"/login\?next=/manage$"), timeout=WAIT)
    login(page, live, "manager", "/manage")  # through the real sign-in page
    page.wait_for_selector("#windows tr[data-window='11']", timeout=WAIT)
    assert page.inner_text("#hall-zh") == "鼎城区政务服务中心"


def test_the_manager_sees_every_window_line_and_device(live, pages):
    clerk = live.hall.clerk("clerk1", window=2)
    live.hall.issue()
    live.hall.issue("household")
    clerk.post("/windows/2/call-next")
    page = pages(BOARD_SIZE)
    open_manage(page, live)
    assert page.locator("#windows tbody tr").count() == 11
    row = window_row(page, 2)
    assert row.get_attribute("data-state") == "called"
    assert "A001" in row.inner_text() and "clerk1" in row.inner_text()
    assert window_row(page, 5).get_attribute("data-state") == "closed"
    household = page.locator("#lines tr[data-line=household]")
    assert household.locator(".count").inner_text() == "1"
    assert "户籍证件" in household.inner_text() and "Household" in household.inner_text()
    assert page.locator("#waiting li[data-ticket=D001]").count() == 1
    assert page.locator("#devices li[data-device]").count() == 2, "demo kiosk and display"
    assert "10:00" in page.inner_text("#clock"), "the server's clock, not the browser's"


def test_a_ticket_issued_and_a_clerk_call_reach_the_board_live(live, pages):
    page = pages(BOARD_SIZE)
    open_manage(page, live)
    count = page.locator("#lines tr[data-line=social_security] .count")
    assert count.inner_text() == "0"
    live.hall.issue()
    wait_line_count(page, "social_security", 1)
    assert page.locator("#waiting li[data-ticket=A001]").count() == 1
    clerk = live.hall.clerk("clerk2", window=3)
    assert clerk.post("/windows/3/call-next").json["number"] == "A001"
    page.wait_for_selector("#windows tr[data-window='3'][data-state=called]", timeout=WAIT)
    assert "A001" in window_row(page, 3).locator(".ticket").inner_text()
    assert "clerk2" in window_row(page, 3).locator(".clerk").inner_text()
    page.wait_for_selector("#waiting li.empty", timeout=WAIT)


def test_a_clerk_opening_the_console_is_refused_plainly(live, pages):
    page = pages(BOARD_SIZE)
    sign_in(page, live, "clerk1")
    response = page.goto(live.url("/manage"))
    assert response.status == 403
    refusal = page.inner_text("#refused")
    assert "没有权限" in refusal and "cannot open" in refusal
    assert page.locator("#windows").count() == 0
    board = page.request.get(live.url(f"/api/v1/halls/{HALL}/board"))
    assert board.status == 403, "the API refuses the clerk as well"


def test_the_board_fits_a_1366_by_768_screen_without_sideways_scrolling(live, pages):
    live.hall.clerk("clerk1", window=2)
    page = pages({"width": 1366, "height": 768})
    open_manage(page, live)
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], widths
    for number in (1, 2, 11):
        buttons = window_row(page, number).locator("button[data-act]")
        for i in range(buttons.count()):
            box = buttons.nth(i).bounding_box()
            assert box and box["x"] + box["width"] <= 1366, (number, i, box)
