"""The manager console's cases (办件督办) tab: a late case shows red, opens with its timed steps,
is moved to delivery from the page, and a refused move shows the server's words zh first.

The clock stands at Monday 2026-11-23 10:00 in Shanghai; civil affairs promises 5 working
days, so the deadline is Monday 2026-11-30 and the case is red from Tuesday 12-01 on.
"""

from __future__ import annotations

from typing import Any

from tests.console.manage_helpers import BOARD_SIZE, WAIT, manager_api, open_manage
from tests.server.conftest import HALL

ZHANG = "430102195207082041"


def accept_case(live: Any) -> str:
    """A kiosk ticket for civil affairs, called and finished with 受理: a new case."""
    hall = live.hall
    ticket = hall.issue("civil_affairs", id_number=ZHANG, name="王小明")
    clerk = hall.clerk("clerk1", window=2)
    hall.clock.advance(seconds=5)  # past the double-press guard of call-next
    called = clerk.post("/windows/2/call-next")
    assert called.json["number"] == ticket["number"], called.json
    done = clerk.post("/windows/2/finish", {"outcome": "accepted"})
    assert done.status_code == 200, done.json
    return str(done.json["case"]["number"])


def open_cases(page: Any) -> None:
    page.click(".view-tab[data-view=setup]")
    page.click(".tabs .tab[data-tab=cases]")
    page.wait_for_selector("#cases-body table", timeout=WAIT)


def case_state(live: Any, number: str) -> dict[str, Any]:
    r = manager_api(live).get(f"/halls/{HALL}/cases/{number}")
    assert r.status_code == 200, r.json
    return r.json  # type: ignore[no-any-return]


def move(page: Any, action: str, status: str) -> None:
    """Press a move in the open case and wait for the case to come back in `status`."""
    page.click(f"#dialog .case-moves button[data-move={action}]")
    page.wait_for_selector(f"#dialog .case-detail[data-status={status}]", timeout=WAIT)


def test_a_late_case_is_red_and_is_moved_to_delivery_from_the_page(live, pages):
    number = accept_case(live)
    live.hall.clock.advance(days=8)  # Tuesday 12-01: a working day past the deadline
    page = pages(BOARD_SIZE)
    open_manage(page, live)
    open_cases(page)
    row = page.locator(f"#cases-body tr[data-case='{number}']")
    row.wait_for(timeout=WAIT)
    assert row.get_attribute("data-card") == "red"
    assert "超期" in row.locator(".days .zh").inner_text()
    assert "overdue" in row.locator(".days .en").inner_text()
    assert "王*明" in row.inner_text() and ZHANG not in page.content()
    assert page.locator(".case-count.red .n").inner_text() == "1"

    row.locator("button[data-open]").click()
    page.wait_for_selector("#dialog .case-detail[data-status=accepted]", timeout=WAIT)
    assert page.locator("#dialog .case-steps tr[data-step=accept]").count() == 1
    page.click("#dialog .case-moves button[data-move=materials]")  # 容缺受理
    page.fill("#dialog textarea[name=received]", "身份证、申请表")
    page.fill("#dialog textarea[name=missing]", "户口簿")
    page.fill("#dialog input[name=promise_date]", "2026-12-03")
    page.click("#dialog button[type=submit]")
    page.wait_for_selector("#dialog .case-steps tr[data-step=materials]", timeout=WAIT)
    assert "户口簿" in page.locator("#dialog [data-fact=missing]").inner_text()
    move(page, "review", "in_review")
    move(page, "approve", "approved")
    move(page, "ready", "ready_for_pickup")
    page.click("#dialog .case-moves button[data-move=deliver]")
    page.select_option("#dialog select[name=method]", "window")
    page.click("#dialog button[type=submit]")
    page.wait_for_selector("#dialog .case-detail[data-status=delivered]", timeout=WAIT)

    actions = page.locator("#dialog .case-steps tbody tr").evaluate_all(
        "rows => rows.map(r => r.dataset.step)"
    )
    assert actions == ["accept", "materials", "review", "approve", "ready", "deliver"]
    review = page.locator("#dialog .case-steps tr[data-step=review]")
    assert review.locator(".who").inner_text() not in ("", "—")
    assert "审查中" in review.locator(".change").inner_text()
    assert page.locator("#dialog .case-moves button").count() == 0

    detail = case_state(live, number)
    assert detail["status"] == "delivered" and detail["delivery"] == "window"
    assert detail["materials"] == ["身份证", "申请表"] and detail["missing"] == ["户口簿"]
    assert [s["action"] for s in detail["steps"]] == actions
    assert all(s["actor_id"] for s in detail["steps"][1:])

    page.click("#dialog .row-end button.primary")  # close; the list no longer holds the case
    page.wait_for_selector(f"#cases-body tr[data-case='{number}']", state="detached", timeout=WAIT)


def test_refused_moves_show_the_servers_words_zh_first(live, pages):
    number = accept_case(live)
    page = pages(BOARD_SIZE)
    open_manage(page, live)
    open_cases(page)
    page.fill("#case-number", number)  # not late yet: found by its number
    page.click(".case-find button[type=submit]")
    page.wait_for_selector("#dialog .case-detail[data-status=accepted]", timeout=WAIT)

    # meanwhile the back office starts the review: the page's 开始审查 is now stale
    moved = manager_api(live).post(f"/halls/{HALL}/cases/{number}/moves", {"action": "review"})
    assert moved.status_code == 200, moved.json
    page.click("#dialog .case-moves button[data-move=review]")
    error = page.locator("#dialog [data-error-for=_move] .bi").first
    error.wait_for(timeout=WAIT)
    zh, en = error.locator(".zh").inner_text(), error.locator(".en").inner_text()
    assert zh.startswith("办件") and "不能" in zh and en.startswith("Case"), (zh, en)
    assert page.locator("#dialog").get_attribute("open") is not None

    assert case_state(live, number)["status"] == "in_review"

    # reject without a remedy: the server names the field, the form stays open
    page.click("#dialog .row-end button.primary")
    page.fill("#case-number", number)
    page.click(".case-find button[type=submit]")
    page.wait_for_selector("#dialog .case-detail[data-status=in_review]", timeout=WAIT)
    page.click("#dialog .case-moves button[data-move=reject]")
    page.fill("#dialog textarea[name=reason]", "材料不全")
    page.click("#dialog button[type=submit]")
    slot = page.locator("#dialog [data-error-for=remedy] .bi")
    slot.wait_for(timeout=WAIT)
    assert "救济" in slot.locator(".zh").inner_text()
    assert case_state(live, number)["status"] == "in_review"

    page.fill("#dialog textarea[name=remedy]", "可于60日内申请行政复议")
    page.click("#dialog button[type=submit]")
    page.wait_for_selector("#dialog .case-detail[data-status=rejected]", timeout=WAIT)
    assert "材料不全" in page.locator("#dialog [data-fact=reason]").inner_text()
    move(page, "ready", "ready_for_pickup")

    # by post without a tracking number: refused the same way
    page.click("#dialog .case-moves button[data-move=deliver]")
    page.select_option("#dialog select[name=method]", "post")
    page.click("#dialog button[type=submit]")
    tracking = page.locator("#dialog [data-error-for=tracking] .bi")
    tracking.wait_for(timeout=WAIT)
    assert "运单号" in tracking.locator(".zh").inner_text()
    page.fill("#dialog input[name=tracking]", "SF1234567890")
    page.click("#dialog button[type=submit]")
    page.wait_for_selector("#dialog .case-detail[data-status=delivered]", timeout=WAIT)
    detail = case_state(live, number)
    assert detail["delivery"] == "post" and detail["tracking"] == "SF1234567890"
    assert detail["reason"] == "材料不全"


def test_the_reports_tab_shows_the_days_figures_and_export_links(live, pages):
    accept_case(live)
    page = pages(BOARD_SIZE)
    open_manage(page, live)
    page.click(".view-tab[data-view=setup]")
    page.click(".tabs .tab[data-tab=reports]")
    figure = page.locator("#reports-body [data-figure='tickets.tickets']")
    figure.wait_for(timeout=WAIT)
    assert figure.inner_text() == "1"
    link = page.locator("#reports-body [data-export=cases] a[data-format=csv]")
    href = link.get_attribute("href")
    assert href.startswith(f"/api/v1/halls/{HALL}/exports/cases?from=2026-11-23&to=2026-11-23")
    got = page.request.get(live.url(href))
    assert got.status == 200 and "20261123-0001" in got.text()


def test_the_state_filter_lists_all_cases_and_the_steps_name_their_actors(live, pages):
    from sqlalchemy import update

    from server.adapters import tables

    with live.hall.engine.begin() as conn:
        u = tables.users.c
        conn.execute(update(tables.users).where(u.username == "clerk1").values(display_name="赵一"))
    first = accept_case(live)
    second = accept_case(live)
    manager = manager_api(live)
    for action in ("review", "approve"):
        r = manager.post(f"/halls/{HALL}/cases/{first}/moves", {"action": action})
        assert r.status_code == 200, r.json
    page = pages(BOARD_SIZE)
    open_manage(page, live)
    page.click(".view-tab[data-view=setup]")
    page.click(".tabs .tab[data-tab=cases]")
    page.wait_for_selector("#cases-body #case-state", timeout=WAIT)
    assert page.locator("#cases-body tr[data-case]").count() == 0  # none is late yet

    page.select_option("#case-state", "all")
    page.click(".case-filter button[type=submit]")
    page.wait_for_selector(f"#cases-body tr[data-case='{first}']", timeout=WAIT)
    rows = page.locator("#cases-body tr[data-case]")
    assert rows.evaluate_all("rs => rs.map(r => r.dataset.case)") == [second, first]
    assert page.locator(".case-total").get_attribute("data-total") == "2"
    assert "王*明" in rows.first.inner_text() and ZHANG not in page.content()

    page.select_option("#case-state", "approved")
    page.select_option("#case-department", "民政")
    page.click(".case-filter button[type=submit]")
    page.wait_for_selector(f"#cases-body tr[data-case='{second}']", state="detached", timeout=WAIT)
    row = page.locator(f"#cases-body tr[data-case='{first}']")
    assert row.get_attribute("data-status") == "approved"
    assert "已办结" in row.inner_text()

    row.locator("button[data-open]").click()
    page.wait_for_selector("#dialog .case-detail[data-status=approved]", timeout=WAIT)
    accepted = page.locator("#dialog .case-steps tr[data-step=accept] .who")
    assert "赵一" in accepted.inner_text() and "2号窗口" in accepted.inner_text()
    assert page.locator("#dialog .case-steps tr[data-step=review] .who").inner_text() == "manager"
    assert "#" not in page.locator("#dialog .case-steps").inner_text()


def test_an_overdue_follow_up_is_red_on_the_board_and_in_the_duban_list(live, pages):
    hall = live.hall
    ticket = hall.issue()
    clerk = hall.clerk("clerk1", window=2)
    hall.clock.advance(seconds=5)
    assert clerk.post("/windows/2/call-next").json["number"] == ticket["number"]
    assert clerk.post("/windows/2/finish", {"outcome": "done"}).status_code == 200
    rated = hall.anonymous().post(f"/tickets/{ticket['token']}/rating", {"level": 1})
    assert rated.status_code == 201 and rated.json["follow_up"] is True
    hall.clock.advance(days=2)  # Wednesday 11-25: due Tuesday 11-24, one working day over
    page = pages(BOARD_SIZE)
    open_manage(page, live)
    item = page.locator("#followups li[data-followup]")
    item.wait_for(timeout=WAIT)
    assert item.get_attribute("data-card") == "red"
    assert "已超期" in item.inner_text() and "超期1个工作日" in item.inner_text()
    open_cases(page)
    row = page.locator("#cases-body tr[data-followup]")
    row.wait_for(timeout=WAIT)
    assert row.get_attribute("data-card") == "red" and ticket["number"] in row.inner_text()
    assert "1 working day(s) overdue" in row.inner_text()
    assert page.locator(".case-count.followups .n").inner_text() == "1"
