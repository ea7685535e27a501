"""Both orientations the kiosk stands in: every touch target is large, and the ticket screen
(number, QR, material list, the done button) fits without scrolling, even when the printer
is out of paper and the QR is drawn large."""

from __future__ import annotations

from typing import Any

import pytest

WAIT = 15_000
MIN_TARGET = 64  # px; the buttons are drawn at 72 px or more


@pytest.mark.parametrize("size", [(1080, 1920), (1920, 1080)], ids=["portrait", "landscape"])
def test_targets_are_large_and_the_ticket_fits(browser: Any, rig: Any, size: tuple[int, int]):
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        page.goto(rig.url)
        page.wait_for_selector("body[data-ready='1']", state="attached", timeout=WAIT)
        for tile in page.query_selector_all(".screen:not([hidden]) .tile"):
            assert tile.bounding_box()["height"] >= 200
        page.click("[data-testid=go-take]")
        page.wait_for_selector("[data-testid=service-social_security]", timeout=WAIT)
        for target in page.query_selector_all(
            ".screen:not([hidden]) :is(.service, .key, .back), .mode-toggle"
        ):
            box = target.bounding_box()
            assert box["height"] >= MIN_TARGET and box["width"] >= MIN_TARGET
        rig.printer.state.paper = "out"
        page.wait_for_selector("body[data-printer=fault]", state="attached", timeout=WAIT)
        page.click("[data-testid=service-real_estate]")  # five materials: the longest ticket
        page.click("[data-testid=confirm]")
        page.wait_for_selector("[data-testid=photo-note]", state="visible", timeout=WAIT)
        done = page.query_selector("[data-testid=done]").bounding_box()
        assert done["y"] + done["height"] <= height, "the done button is below the fold"
        qr = page.query_selector("#ticket-qr").bounding_box()
        assert qr["width"] >= 380 and qr["y"] + qr["height"] <= height
    finally:
        context.close()
