"""Acting from the manager console: a window's services, pause and resume, the notice line,
re-routing a waiting ticket, closing a bad-rating follow-up."""

from __future__ import annotations

from tests.console.manage_helpers import (
    BOARD_SIZE,
    WAIT,
    open_manage,
    wait_line_count,
    window_row,
)
from tests.server.conftest import HALL


def test_the_next_call_follows_services_changed_in_the_page(live, pages):
    clerk = live.hall.clerk("clerk1", window=3)
    page = pages(BOARD_SIZE)
    open_manage(page, live)
    window_row(page, 3).locator("button[data-act=services]").click()
    dialog = page.locator("#dialog")
    dialog.wait_for(timeout=WAIT)
    for box in dialog.locator("input[name=services]").all():
        box.set_checked(box.get_attribute("value") == "household")
    dialog.locator("button[type=submit]").click()
    page.wait_for_selector(
        "#windows tr[data-window='3'] .chips:not(:has(.chip[data-service=social_security]))",
        timeout=WAIT,
    )
    assert window_row(page, 3).locator(".chip").all_inner_texts() == ["D"]
    live.hall.issue()  # A001: first in the hall, but window 3 no longer serves it
    live.hall.issue("household")
    called = clerk.post("/windows/3/call-next")
    assert called.status_code == 200, called.json
    assert called.json["number"] == "D001"
    page.wait_for_selector("#windows tr[data-window='3'][data-state=called]", timeout=WAIT)
    assert "D001" in window_row(page, 3).locator(".ticket").inner_text()


def test_pause_and_resume_a_window_from_the_page(live, pages):
    live.hall.clerk("clerk1", window=2)
    page = pages(BOARD_SIZE)
    open_manage(page, live)
    window_row(page, 2).locator("button[data-act=pause]").click()
    page.fill("#dialog input[name=reason]", "临时会议 Staff meeting")
    page.click("#dialog button[type=submit]")
    page.wait_for_selector("#windows tr[data-window='2'][data-state=paused]", timeout=WAIT)
    assert "临时会议" in window_row(page, 2).locator(".reason").inner_text()
    window_row(page, 2).locator("button[data-act=resume]").click()
    page.wait_for_selector("#windows tr[data-window='2'][data-state=idle]", timeout=WAIT)
    assert window_row(page, 2).locator("button[data-act=pause]").count() == 1


def test_a_refused_action_shows_the_servers_words_zh_first(live, pages):
    live.hall.issue()
    page = pages(BOARD_SIZE)
    open_manage(page, live)
    page.locator("#waiting li[data-ticket=A001] button[data-act=reroute]").click()
    page.select_option("#dialog select[name=service]", "household")
    clerk = live.hall.clerk("clerk1", window=2)  # meanwhile a clerk calls the ticket
    assert clerk.post("/windows/2/call-next").json["number"] == "A001"
    page.click("#dialog button[type=submit]")
    error = page.locator("#dialog .form-error .bi, #dialog .field-error .bi").first
    error.wait_for(timeout=WAIT)
    zh, en = error.locator(".zh").inner_text(), error.locator(".en").inner_text()
    assert "A001" in zh and "等候" in zh, zh
    assert "A001" in en and en != zh, en
    assert page.locator("#dialog").get_attribute("open") is not None, "the dialog stays open"


def test_the_notice_line_is_edited_in_both_languages(live, pages):
    page = pages(BOARD_SIZE)
    open_manage(page, live)
    zh = "今日下午系统升级，暂停办理不动产业务。"
    en = "Real estate is closed this afternoon for an upgrade."
    page.click("#notice-edit")
    page.fill("#dialog textarea[name=notice_zh]", zh)
    page.fill("#dialog textarea[name=notice_en]", en)
    page.click("#dialog button[type=submit]")
    page.locator(".toast.ok").wait_for(timeout=WAIT)
    hall = live.hall.clerk("manager").get(f"/halls/{HALL}/snapshot").json["hall"]
    assert (hall["notice_zh"], hall["notice_en"]) == (zh, en)
    page.wait_for_selector("#notice-text-zh:has-text('系统升级')", timeout=WAIT)


def test_a_waiting_ticket_is_rerouted_to_another_service(live, pages):
    live.hall.issue()
    page = pages(BOARD_SIZE)
    open_manage(page, live)
    page.locator("#waiting li[data-ticket=A001] button[data-act=reroute]").click()
    page.select_option("#dialog select[name=service]", "household")
    page.click("#dialog button[type=submit]")
    wait_line_count(page, "household", 1)
    assert page.locator("#lines tr[data-line=social_security] .count").inner_text() == "0"


def test_a_bad_rating_follow_up_is_closed_with_a_note(live, pages):
    clerk = live.hall.clerk("clerk1", window=2)
    ticket = live.hall.issue()
    clerk.post("/windows/2/call-next")
    clerk.post("/windows/2/start")
    clerk.post("/windows/2/finish")
    rated = live.hall.anonymous().post(f"/tickets/{ticket['token']}/rating", {"level": 1})
    assert rated.status_code == 201, rated.json
    page = pages(BOARD_SIZE)
    open_manage(page, live)
    item = page.locator("#followups li[data-followup]")
    item.wait_for(timeout=WAIT)
    assert "A001" in item.inner_text() and "非常不满意" in item.inner_text()
    assert page.locator("#ratings li[data-level='1'] .num").inner_text() == "1"
    item.locator("button[data-act=close-followup]").click()
    page.fill("#dialog textarea[name=note]", "已电话回访，市民表示理解。")
    page.click("#dialog button[type=submit]")
    page.wait_for_selector("#followups li.empty", timeout=WAIT)


def test_a_clerk_is_moved_to_another_window(live, pages):
    live.hall.clerk("clerk1", window=2)
    page = pages(BOARD_SIZE)
    open_manage(page, live)
    window_row(page, 4).locator("button[data-act=assign]").click()
    clerk1 = page.locator("#dialog select[name=user_id] option", has_text="clerk1")
    page.select_option("#dialog select[name=user_id]", clerk1.get_attribute("value"))
    page.click("#dialog button[type=submit]")
    page.wait_for_selector("#windows tr[data-window='4'] .clerk:has-text('clerk1')", timeout=WAIT)
    page.wait_for_selector("#windows tr[data-window='2'] .clerk:not(:has-text('clerk1'))")
    windows = live.hall.clerk("manager").get(f"/halls/{HALL}/windows").json
    seated = {w["number"]: (w["clerk"] or {}).get("name") for w in windows}
    assert seated[4] == "clerk1" and seated[2] is None


def test_a_wall_display_coming_online_shows_on_the_board(live, pages):
    page = pages(BOARD_SIZE)
    open_manage(page, live)
    display = page.locator("#devices li[data-online]", has_text="demo wall display")
    assert display.get_attribute("data-online") == "no"
    wall = pages(BOARD_SIZE)
    wall.goto(live.hall_page())
    wall.wait_for_selector("body[data-status=live]", state="attached", timeout=WAIT)
    page.wait_for_selector(
        "#devices li[data-online=yes]:has-text('demo wall display')", timeout=WAIT
    )
