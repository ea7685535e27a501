"""The kiosk's screen says when its ID-card reader or camera is out of order, and what to do
instead, in real headless Chromium; the banners go when the device is back."""

from __future__ import annotations

WAIT = 20_000  # ms


def test_an_unplugged_reader_shows_a_banner_until_it_is_back(page, rig):
    banner = "[data-testid=banner-reader]"
    assert not page.is_visible(banner)
    rig.emulator.unplug()
    page.wait_for_selector(banner, state="visible", timeout=WAIT)
    assert "身份证阅读器暂不可用" in page.inner_text(banner)
    assert "ID card reader not available" in page.inner_text(banner)
    page.click("[data-testid=go-take]")  # a number can still be taken without the card
    page.wait_for_selector("[data-testid=service-household]", timeout=WAIT)
    rig.emulator.replug()
    page.wait_for_selector(banner, state="hidden", timeout=WAIT)


def test_a_failed_camera_shows_a_banner_after_the_check_in_it_broke(page, rig):
    banner = "[data-testid=banner-camera]"
    assert not page.is_visible(banner)
    page.click("[data-testid=go-checkin]")
    page.click("[data-testid=checkin-qr]")  # the sim camera's folder holds no pictures
    page.wait_for_selector("[data-testid=error]", state="visible", timeout=WAIT)
    page.wait_for_selector(banner, state="visible", timeout=WAIT)
    assert "摄像头暂不可用：请用身份证签到" in page.inner_text(banner)
