"""A clerk's day in miniature, in real headless Chromium: sign in, call, recall, start, finish,
the rating pad rates, transfer with a note, pause and resume."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from server.adapters import tables
from tests.console.conftest import PAD_SIZE, WAIT, login, pad_token


def pick_window(page, window_id):
    page.click(f".window-choice[data-window='{window_id}']")
    expect(page.locator("#counter")).to_have_attribute("data-view", "desk", timeout=WAIT)
    page.wait_for_selector("body[data-status=live]", state="attached", timeout=WAIT)


def action(page, name):
    return page.locator(f"#actions .action[data-action='{name}']")


def ratings(live):
    with live.hall.engine.connect() as conn:
        return conn.execute(select(tables.ratings)).all()


def test_a_clerk_calls_serves_finishes_and_the_pad_takes_the_rating(live, pages):
    page = pages()
    login(page, live, "clerk1")
    expect(page.locator("#counter")).to_have_attribute("data-view", "picker", timeout=WAIT)
    pick_window(page, 2)
    expect(page.locator("#win-title")).to_contain_text("2号窗口")
    expect(action(page, "call-next")).to_be_disabled()
    expect(action(page, "call-next")).to_contain_text("暂无等候")

    pad = pages(PAD_SIZE)
    pad.goto(live.url(f"/rate/2?thanks=1#token={pad_token(live, 2)}"))
    pad.wait_for_selector("body[data-status=live]", state="attached", timeout=WAIT)
    expect(pad.locator("#pad")).to_have_attribute("data-screen", "idle")
    expect(pad.locator("#pad-window")).to_have_text("2号窗口")

    ticket = live.hall.issue(id_number="11010519491231002X", name="张三明")
    expect(action(page, "call-next")).to_be_enabled(timeout=WAIT)  # the live feed said so
    expect(page.locator(".line[data-code=social_security] .count")).to_have_text("1人")
    action(page, "call-next").click()
    expect(page.locator("#current-number")).to_have_text(ticket["number"], timeout=WAIT)
    card = page.locator("#ticket-card")
    expect(card).to_contain_text("社保业务")
    expect(card).to_contain_text("110***********002X")
    expect(card).to_contain_text("张*明")
    expect(action(page, "call-next")).to_contain_text("请先办结当前号码")

    page.keyboard.press("F2")  # recall by its shortcut
    expect(card).to_contain_text("重呼 1/3 次", timeout=WAIT)
    live.hall.clock.advance(minutes=1)
    action(page, "start").click()
    expect(card).to_have_attribute("data-status", "serving", timeout=WAIT)
    expect(action(page, "start")).to_contain_text("已开始办理")

    live.hall.clock.advance(minutes=4)
    action(page, "finish").click()
    page.click("[data-outcome=accepted]")
    expect(card).to_have_attribute("data-status", "none", timeout=WAIT)
    expect(page.locator("#fig-served")).to_have_text("1")
    expect(page.locator("#fig-avg")).to_have_text("4分钟")

    expect(pad.locator("#pad")).to_have_attribute("data-screen", "ask", timeout=WAIT)
    expect(pad.locator("#ask-ticket")).to_contain_text(ticket["number"])
    expect(pad.locator(".face")).to_have_count(5)
    pad.click(".face[data-level='4']")
    expect(pad.locator("#pad")).to_have_attribute("data-screen", "thanks", timeout=WAIT)
    expect(pad.locator("#thanks-text")).to_contain_text("感谢您的评价")
    [rating] = ratings(live)
    assert rating.level == 4 and rating.window_id == 2
    expect(pad.locator("#pad")).to_have_attribute("data-screen", "idle", timeout=WAIT)


def test_a_bad_rating_on_the_pad_asks_why(live, pages):
    clerk = live.hall.clerk("clerk1", window=2)
    pad = pages(PAD_SIZE)
    pad.goto(live.url(f"/rate/2#token={pad_token(live, 2)}"))
    pad.wait_for_selector("body[data-status=live]", state="attached", timeout=WAIT)
    live.hall.issue()
    clerk.post("/windows/2/call-next")
    clerk.post("/windows/2/finish")
    expect(pad.locator("#pad")).to_have_attribute("data-screen", "ask", timeout=WAIT)
    pad.click(".face[data-level='1']")
    expect(pad.locator("#pad")).to_have_attribute("data-screen", "reasons")
    pad.click("text=等候时间长")
    pad.click("text=一次告知不清")
    pad.click("#reasons-submit")
    expect(pad.locator("#thanks-text")).to_contain_text("回访", timeout=WAIT)
    [rating] = ratings(live)
    assert rating.level == 1 and rating.reasons == ["等候时间长", "一次告知不清"]
    with live.hall.engine.connect() as conn:
        assert conn.execute(select(tables.follow_ups)).one().rating_id == rating.id


def test_transfer_with_a_note_then_pause_and_resume(live, pages):
    first, second = pages(), pages()
    login(first, live, "clerk1")
    pick_window(first, 2)
    login(second, live, "clerk2")
    pick_window(second, 3)
    ticket = live.hall.issue()
    expect(action(first, "call-next")).to_be_enabled(timeout=WAIT)
    first.keyboard.press("F1")
    expect(first.locator("#current-number")).to_have_text(ticket["number"], timeout=WAIT)

    first.keyboard.press("F6")
    dialog = first.locator("#dialog")
    dialog.locator("select[name=window_id]").select_option("3")
    dialog.locator("textarea[name=note]").fill("已收身份证，缺户口本")
    dialog.locator("[data-submit]").click()
    expect(first.locator("#ticket-card")).to_have_attribute("data-status", "none", timeout=WAIT)

    expect(second.locator("#toasts")).to_contain_text(
        f"{ticket['number']}号已转至本窗口", timeout=WAIT
    )
    expect(second.locator("#directed")).to_contain_text(ticket["number"])
    live.hall.clock.advance(seconds=5)
    expect(action(second, "call-next")).to_be_enabled(timeout=WAIT)
    second.keyboard.press("F1")
    expect(second.locator("#current-number")).to_have_text(ticket["number"], timeout=WAIT)
    expect(second.locator(".notes")).to_contain_text("已收身份证，缺户口本")
    expect(second.locator(".notes")).to_contain_text("来自2号窗口")

    first.keyboard.press("F7")
    first.locator("#dialog label.choice", has_text="系统故障").click()
    first.locator("#dialog input[name=detail]").fill("打印机卡纸")
    first.locator("#dialog [data-submit]").click()
    expect(first.locator("#win-state")).to_contain_text("暂停中", timeout=WAIT)
    expect(first.locator("#ticket-card")).to_contain_text("系统故障：打印机卡纸")
    expect(action(first, "call-next")).to_contain_text("窗口暂停中")
    expect(action(first, "pause")).to_contain_text("恢复")
    first.keyboard.press("F7")
    expect(first.locator("#win-state")).to_contain_text("服务中", timeout=WAIT)
    expect(action(first, "pause")).to_contain_text("暂停")
