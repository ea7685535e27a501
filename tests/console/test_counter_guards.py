"""In Chromium: a double press never calls two tickets; a clerk cannot act on another window."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import func, select

from server.adapters import tables
from tests.console.conftest import WAIT, login
from tests.console.test_counter_day import action, pick_window


def called(live) -> int:
    t = tables.tickets.c
    with live.hall.engine.connect() as conn:
        query = select(func.count()).where(t.status.in_(("called", "serving", "done")))
        return int(conn.execute(query).scalar_one())


def test_a_double_click_or_a_held_key_calls_one_ticket(live, pages):
    page = pages()
    login(page, live, "clerk1")
    pick_window(page, 2)
    calls: list[str] = []
    page.on("request", lambda r: calls.append(r.url) if r.url.endswith("/call-next") else None)
    for _ in range(4):
        live.hall.issue()
    expect(action(page, "call-next")).to_be_enabled(timeout=WAIT)

    action(page, "call-next").dblclick()
    expect(page.locator("#current-number")).to_have_text("A001", timeout=WAIT)
    expect(action(page, "call-next")).to_be_disabled()
    assert len(calls) == 1 and called(live) == 1

    page.locator("#actions .action[data-action='finish']").click()
    page.click("[data-outcome=done]")
    expect(action(page, "call-next")).to_be_enabled(timeout=WAIT)
    live.hall.clock.advance(seconds=5)  # past the server's guard: only the page stops a repeat
    page.keyboard.down("F1")
    page.keyboard.down("F1")  # auto-repeat of a held key (event.repeat)
    page.keyboard.down("F1")
    page.keyboard.up("F1")
    expect(page.locator("#current-number")).to_have_text("A002", timeout=WAIT)
    expect(action(page, "call-next")).to_be_disabled()
    page.keyboard.press("F1")  # pressed again: the server said window_busy, the button is off
    assert len(calls) == 2 and called(live) == 2


def test_a_call_the_page_could_not_stop_is_refused_by_the_server_and_shown(live, pages):
    page = pages()
    login(page, live, "clerk1")
    pick_window(page, 2)
    live.hall.issue()
    live.hall.issue()
    expect(action(page, "call-next")).to_be_enabled(timeout=WAIT)
    other_tab = live.hall.clerk("clerk1")

    def first_the_other_tab_calls(route):
        assert other_tab.post("/windows/2/call-next").status_code == 200
        route.continue_()

    page.route("**/windows/2/call-next", first_the_other_tab_calls)
    action(page, "call-next").click()
    expect(page.locator("#message")).to_contain_text("请勿连续叫号", timeout=WAIT)
    expect(page.locator("#current-number")).to_have_text("A001", timeout=WAIT)
    assert called(live) == 1


def test_a_clerk_cannot_act_on_another_window(live, pages):
    owner = live.hall.clerk("clerk1", window=2)
    page = pages()
    login(page, live, "clerk2", path="/counter?window=2")
    expect(page.locator("#message")).to_contain_text("您没有登录这个窗口，不能操作", timeout=WAIT)
    expect(page.locator("#counter")).to_have_attribute("data-view", "picker")
    expect(page.locator(".window-choice[data-window='2']")).to_be_disabled()
    expect(page.locator(".window-choice[data-window='2']")).to_contain_text("已有人员")
    live.hall.issue()
    intruder = live.hall.clerk("clerk2")
    r = intruder.post("/windows/2/call-next")
    assert r.status_code == 403 and r.json["error"]["code"] == "not_your_window"
    taken = intruder.post("/windows/2/sign-in")
    assert taken.status_code == 409 and taken.json["error"]["code"] == "window_taken"
    assert owner.post("/windows/2/call-next").status_code == 200
