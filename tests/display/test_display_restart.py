"""A server restart in the middle of the day: the pages say "reconnecting", then show the truth."""

from __future__ import annotations

from tests.display.conftest import open_live, spoken
from tests.server.conftest import HALL


def test_a_restarted_server_is_survived_with_fresh_state_and_no_stale_numbers(live, browser):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    wall, counter = context.new_page(), context.new_page()
    clerk = live.hall.clerk("clerk1", window=2)
    live.hall.clerk("clerk2", window=3)
    for _ in range(3):
        live.hall.issue()
    clerk.post("/windows/2/call-next")
    open_live(wall, live.hall_page())
    open_live(counter, live.window_page(2))
    assert wall.get_attribute(".win[data-window='2']", "data-state") == "called"
    assert "A001" in counter.inner_text("#screen")

    live.stop()  # the server goes away, connections cut
    wall.wait_for_selector("body[data-status=reconnecting]", state="attached", timeout=10_000)
    counter.wait_for_selector("body[data-status=reconnecting]", state="attached", timeout=10_000)
    status = wall.inner_text("#status")
    assert "重新连接中" in status and "Reconnecting" in status
    assert wall.locator("#status").is_visible()

    hall = live.rebuild()  # while it is down, the day goes on in the database
    clerk = hall.clerk("clerk1")
    hall.clock.advance(seconds=30)
    assert clerk.post("/windows/2/finish").status_code == 200
    hall.clock.advance(seconds=2)
    assert clerk.post("/windows/2/call-next").json["number"] == "A002"
    assert hall.clerk("clerk2").post("/windows/3/pause", {"reason": "系统维护"}).status_code == 200
    live.serve()

    wall.wait_for_selector("body[data-status=live]", state="attached", timeout=15_000)
    counter.wait_for_selector("body[data-status=live]", state="attached", timeout=15_000)
    assert wall.get_attribute("#now-call .now-main", "data-number") == "A002"
    assert wall.get_attribute(".win[data-window='3']", "data-state") == "paused"
    assert "系统维护" in wall.locator(".win[data-window='3']").inner_text()
    assert [n.strip() for n in wall.locator("#recent .recent-number").all_inner_texts()] == ["A001"]
    waiting = wall.locator("[data-line=social_security] .count").inner_text()
    assert waiting == "1"
    assert "A002" in counter.inner_text("#screen") and "A001" not in counter.inner_text("#screen")
    # the call made while the screen was away is said once it is back, and only that one
    wall.wait_for_function("() => window.__announcer.items.length >= 1", timeout=5000)
    assert [(i["number"], i["window"]) for i in spoken(wall)] == [("A002", 2)]

    hall.clock.advance(seconds=5)
    clerk.post("/windows/2/finish")
    hall.clock.advance(seconds=2)
    clerk.post("/windows/2/call-next")  # and it is live again
    wall.wait_for_selector("#now-call .now-main[data-number=A003]", timeout=5000)
    assert HALL in wall.url
    context.close()
