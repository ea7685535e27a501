"""In Chromium: the pad's faces and the counter's buttons fit the screens they run on."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.console.conftest import WAIT, login, pad_token
from tests.console.test_counter_day import pick_window


def inside(page, selector):
    """Whether every element matching selector lies wholly within the viewport."""
    size = page.viewport_size
    boxes = [el.bounding_box() for el in page.query_selector_all(selector)]
    return boxes and all(
        b and b["x"] >= 0 and b["y"] >= 0 and b["x"] + b["width"] <= size["width"]
        and b["y"] + b["height"] <= size["height"] for b in boxes
    )  # fmt: skip


@pytest.mark.parametrize("size", [(1024, 600), (800, 1280), (1280, 800)])
def test_the_five_faces_fit_the_pad(live, pages, size):
    clerk = live.hall.clerk("clerk1", window=2)
    pad = pages({"width": size[0], "height": size[1]})
    pad.goto(live.url(f"/rate/2#token={pad_token(live, 2)}"))
    pad.wait_for_selector("body[data-status=live]", state="attached", timeout=WAIT)
    live.hall.issue()
    clerk.post("/windows/2/call-next")
    clerk.post("/windows/2/finish")
    expect(pad.locator("#pad")).to_have_attribute("data-screen", "ask", timeout=WAIT)
    assert inside(pad, ".face")
    pad.click(".face[data-level='2']")
    expect(pad.locator("#pad")).to_have_attribute("data-screen", "reasons")
    assert inside(pad, ".reason") and inside(pad, "#reasons-submit")


def test_every_counter_button_is_on_a_1280x800_monitor(live, pages):
    page = pages()
    login(page, live, "clerk1")
    pick_window(page, 2)
    live.hall.issue()
    assert inside(page, "#actions .action") and inside(page, "#ticket-card")
    assert inside(page, ".side .panel")
