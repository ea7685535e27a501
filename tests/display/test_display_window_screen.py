"""The small screen above a counter, in Chromium: closed, welcome, called, serving, paused."""

from __future__ import annotations

from tests.display.conftest import open_live


def screen(page):
    return page.get_attribute("body", "data-state"), page.inner_text("#screen")


def wait_state(page, state):
    page.wait_for_selector(f"body[data-state={state}]", state="attached", timeout=5000)
    return page.inner_text("#screen")


def test_the_window_screen_follows_its_own_window_only(live, page):
    page.set_viewport_size({"width": 1280, "height": 400})
    open_live(page, live.window_page(2))
    assert "本窗口未开放" in wait_state(page, "closed")
    assert page.inner_text("#win-no") == "2号窗口" and "综合受理" in page.inner_text("#win-name")

    clerk = live.hall.clerk("clerk1", window=2)
    text = wait_state(page, "idle")
    assert "欢迎光临" in text and "Please take a number" in text

    other = live.hall.clerk("clerk2", window=3)
    live.hall.issue()
    live.hall.issue()
    other.post("/windows/3/call-next")  # A001 goes to window 3: not this screen's business
    page.wait_for_timeout(500)
    assert screen(page)[0] == "idle"

    assert clerk.post("/windows/2/call-next").json["number"] == "A002"
    text = wait_state(page, "called")
    assert "A002" in text and "请 A002 号到本窗口办理" in text
    assert "flash" in page.get_attribute("#screen", "class")

    live.hall.clock.advance(minutes=1)
    clerk.post("/windows/2/start")
    text = wait_state(page, "serving")
    assert "正在办理" in text and "Now serving" in text and "A002" in text

    live.hall.clock.advance(minutes=5)
    clerk.post("/windows/2/finish")
    wait_state(page, "idle")
    clerk.post("/windows/2/pause", {"reason": "午休"})
    text = wait_state(page, "paused")
    assert "暂停服务" in text and "Service paused" in text and "午休" in text

    clerk.post("/windows/2/resume")
    wait_state(page, "idle")


def test_an_unknown_window_says_so(live, page):
    open_live(page, live.window_page(2))
    page.goto("about:blank")
    page.goto(live.window_page(99))
    page.wait_for_selector("body[data-status=no_window]", state="attached", timeout=10_000)
    assert "没有这个窗口" in page.inner_text("#status")
