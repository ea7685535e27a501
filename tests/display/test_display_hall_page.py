"""The wall display in headless Chromium, fed by the real server over a real WebSocket."""

from __future__ import annotations

from server.services.snapshot import refresh_alerts
from server.web.extensions import socketio
from tests.display.conftest import open_live, spoken, wait_spoken
from tests.server.conftest import HALL


def texts_of(page, selector):
    return [t.strip() for t in page.locator(selector).all_inner_texts()]


def test_the_page_starts_from_the_snapshot_and_forgets_the_token_in_the_address(live, page):
    clerk = live.hall.clerk("clerk1", window=2)
    live.hall.issue()
    live.hall.issue("household")
    clerk.post("/windows/2/call-next")
    open_live(page, live.hall_page())
    assert "#token" not in page.url and live.token not in page.content()
    assert page.evaluate("localStorage.getItem('onewindow.display.token')") == live.token
    assert page.inner_text("#hall-zh") == "鼎城区政务服务中心"
    assert page.get_attribute("#now-call .now-main", "data-number") == "A001"
    assert "2号窗口" in page.inner_text("#now-call") and "Window 2" in page.inner_text("#now-call")
    assert page.get_attribute(".win[data-window='2']", "data-state") == "called"
    assert page.get_attribute(".win[data-window='5']", "data-state") == "closed"
    household = page.locator("[data-line=household]")
    assert household.locator(".count").inner_text() == "1" and "户籍证件" in household.inner_text()
    assert "10:00" in page.inner_text("#clock-time"), "the hall's time, from the server's clock"
    assert spoken(page) == [], "a snapshot is not announced again"
    page.reload()  # the token is kept in localStorage: a reboot needs no fragment
    page.wait_for_selector("body[data-status=live]", state="attached")
    assert page.get_attribute("#now-call .now-main", "data-number") == "A001"


def test_a_call_shows_flashes_and_is_announced_then_a_recall_is_announced_again(live, page):
    open_live(page, live.hall_page())
    clerk = live.hall.clerk("clerk1", window=3)
    live.hall.issue()
    assert clerk.post("/windows/3/call-next").json["number"] == "A001"
    page.wait_for_selector("#now-call .now-main[data-number=A001]", timeout=5000)
    assert "now flash" in page.get_attribute("#now", "class")
    assert "请 A001 号到 3 号窗口办理" in page.inner_text("#now-call")
    assert page.get_attribute(".win[data-window='3']", "data-state") == "called"
    first = spoken(page)
    assert [(i["number"], i["window"], i["kind"]) for i in first] == [("A001", 3, "called")]
    live.hall.clock.advance(seconds=30)
    assert clerk.post("/windows/3/recall").status_code == 200
    page.wait_for_selector(".now .tag.recall", timeout=5000)
    said = wait_spoken(page, 2)
    assert [(i["kind"], i["number"], i["via"]) for i in said] == [
        ("called", "A001", "audio"),
        ("recalled", "A001", "audio"),
    ]
    assert said[1]["startedAt"] >= said[0]["endedAt"], "the recall waited for the first call"
    assert texts_of(page, "#recent .recent-number") == ["A001"]


def test_a_burst_of_calls_is_spoken_in_order_without_cutting_any_off(live, page):
    open_live(page, live.hall_page())
    clerks = [live.hall.clerk(f"clerk{i}", window=w) for i, w in ((1, 2), (2, 3), (3, 4))]
    for _ in clerks:
        live.hall.issue()
    for clerk, window in zip(clerks, (2, 3, 4), strict=True):
        assert clerk.post(f"/windows/{window}/call-next").status_code == 200
    page.wait_for_selector("#now-call .now-main[data-number=A003]", timeout=5000)
    assert texts_of(page, "#recent .recent-number") == ["A002", "A001"]
    queued = spoken(page)
    assert [(i["number"], i["window"]) for i in queued] == [("A001", 2), ("A002", 3), ("A003", 4)]
    assert [i["state"] for i in queued][1:] == ["queued", "queued"]
    said = wait_spoken(page, 3)
    assert all(i["via"] == "audio" for i in said)
    for before, after in zip(said, said[1:], strict=False):
        assert after["startedAt"] >= before["endedAt"], "a call was cut off by the next one"


def test_warnings_show_red_above_yellow_with_how_long_and_clear(live, page):
    open_live(page, live.hall_page())
    assert "当前无预警" in page.inner_text("#warnings")
    clerk = live.hall.clerk("clerk1", window=2)
    waiting = live.hall.issue()  # social security: yellow after 20 min, red after 40
    live.hall.issue("consultation")  # guide desk: yellow 10, red 20
    clerk.post("/windows/2/pause", {"reason": "午休"})
    live.hall.clock.advance(minutes=25)
    live.hall.runtime.execute(refresh_alerts, HALL)
    page.wait_for_selector("#warnings .warn[data-number=A001]", timeout=5000)
    levels = [(w.get_attribute("data-level"), w.get_attribute("data-kind"))
              for w in page.locator("#warnings .warn").all()]  # fmt: skip
    # red first; then by since: the pause turned yellow at 10:15, A001 at 10:20
    assert levels == [("red", "ticket_waiting"), ("yellow", "window_paused"),
                      ("yellow", "ticket_waiting")]  # fmt: skip
    strip = page.inner_text("#warnings")
    assert "Z001号等候超时" in strip and "A001 waiting too long" in strip
    assert "2号窗口暂停过久" in strip and "午休" in strip
    assert "ticket:" not in strip and "window:" not in strip, "subjects carry ids: never shown"

    page.reload()  # durations come from the server clock, not the browser's
    page.wait_for_selector("body[data-status=live]", state="attached")
    a001 = page.locator("#warnings .warn[data-number=A001]").inner_text()
    assert "已超时5分钟" in a001 and "over by 5 min" in a001
    assert "已超时10分钟" in page.locator("#warnings .warn[data-kind=window_paused]").inner_text()

    socketio.emit(  # a kind this page has never heard of (later issues add case deadlines)
        "warning.raised",
        {"kind": "case_deadline", "subject": "case:77", "level": "red",
         "since": "2026-11-23T02:00:00+00:00", "title_zh": "营业执照 逾期", "case_id": 77},
        to=f"hall:{HALL}", namespace="/live",
    )  # fmt: skip
    page.wait_for_selector("#warnings .warn[data-kind=case_deadline]", timeout=5000)
    case = page.locator("#warnings .warn[data-kind=case_deadline]")
    assert case.get_attribute("data-level") == "red" and "营业执照 逾期" in case.inner_text()
    assert "77" not in case.inner_text()
    first = page.locator("#warnings .warn").first.get_attribute("data-kind")
    assert first == "case_deadline", "red ones first, oldest first"

    live.hall.clerk("clerk2", window=3).post("/windows/3/call-next")
    live.hall.runtime.execute(refresh_alerts, HALL)
    page.wait_for_selector("#warnings .warn[data-number=A001]", state="detached", timeout=5000)
    assert waiting["number"] == "A001"


def test_without_a_token_or_with_a_bad_one_the_page_says_so(live, page):
    page.goto(live.url(f"/display/hall/{HALL}"))
    page.wait_for_selector("body[data-status=no_token]", state="attached")
    assert "未设置显示屏令牌" in page.inner_text("#status")
    assert "No display token" in page.inner_text("#status")
    page.goto("about:blank")  # a new fragment alone would not reload the page
    page.goto(live.hall_page(token="not-a-token"))
    page.wait_for_selector("body[data-status=refused]", state="attached", timeout=10_000)
    assert "令牌无效" in page.inner_text("#status") and "refused" in page.inner_text("#status")
    kiosk = live.hall.accounts.kiosk_token
    page.goto(live.url(f"/display/hall/elsewhere#token={live.token}"))
    page.wait_for_selector("body[data-status=wrong_hall]", state="attached", timeout=10_000)
    assert kiosk not in page.content()


def test_the_notice_line_a_manager_edits_scrolls_at_once_without_a_reload(live, page):
    open_live(page, live.hall_page())
    manager = live.hall.clerk("manager")
    body = {"notice_zh": "今日下午三点后暂停不动产业务", "notice_en": "No real estate after 3 pm"}
    assert manager.put(f"/halls/{HALL}/notice", body).status_code == 200
    page.wait_for_function(
        "(t) => document.getElementById('notice').dataset.text.includes(t)",
        arg="今日下午三点后暂停不动产业务",
        timeout=5000,
    )
    assert "No real estate after 3 pm" in page.inner_text("#notice")
    assert "no-notice" not in (page.get_attribute("body", "class") or "")


def test_a_late_case_shows_on_the_strip_with_its_department_and_count(live, page):
    hall = live.hall
    hall.issue("civil_affairs", id_number="430102195207082041", name="李秀英")
    clerk = hall.clerk("clerk1", window=2)
    clerk.post("/windows/2/call-next")
    assert clerk.post("/windows/2/finish", {"outcome": "accepted"}).json["case"]
    open_live(page, live.hall_page())
    hall.clock.advance(days=8)  # Tuesday 12-01: past the 5-working-day deadline
    hall.runtime.execute(refresh_alerts, HALL)
    card = page.locator("#warnings .warn[data-kind=case_deadline]")
    card.wait_for(timeout=5000)
    text = card.inner_text()
    assert card.get_attribute("data-level") == "red"
    assert "办件时限" in text and "民政 1件临近或超过承诺时限" in text
    assert "李" not in text and "4301" not in text, "no applicant on the public screen"
