"""A kiosk fault on the wall display's warnings strip: the kiosk's name and the fault, zh and
en, never a person or an id; it clears when fixed (headless Chromium, real WebSocket)."""

from __future__ import annotations

from server.services.device_health import mark_silent_kiosks
from server.services.snapshot import refresh_alerts
from tests.display.conftest import open_live
from tests.server.conftest import HALL

HEALTHY = {
    "printer": {"online": True, "paper": "ok"},
    "reader": {"state": "ok"},
    "camera": {"state": "ok"},
}
FAULT = "#warnings .warn[data-kind=kiosk_fault]"


def test_a_kiosk_out_of_paper_then_silent_shows_on_the_warnings_strip(live, page):
    kiosk = live.hall.kiosk()
    assert kiosk.post("/devices/me/status", HEALTHY).status_code == 200
    live.hall.issue(id_number="11010519491231002X", name="张三丰")  # a person in the hall
    open_live(page, live.hall_page())
    assert page.locator(FAULT).count() == 0

    out = {**HEALTHY, "printer": {"online": False, "paper": "out"}}
    assert kiosk.post("/devices/me/status", out).status_code == 200
    live.hall.runtime.execute(refresh_alerts, HALL)
    page.wait_for_selector(FAULT, timeout=5000)
    warning = page.locator(FAULT)
    assert warning.get_attribute("data-level") == "red"
    text = warning.inner_text()
    assert "demo kiosk：打印机缺纸" in text and "demo kiosk: printer out of paper" in text
    strip = page.inner_text("#warnings")
    for secret in ("张三丰", "11010519491231002X", "device:", "device_id"):
        assert secret not in strip

    assert kiosk.post("/devices/me/status", HEALTHY).status_code == 200  # paper loaded
    live.hall.runtime.execute(refresh_alerts, HALL)
    page.wait_for_selector(FAULT, state="detached", timeout=5000)

    live.hall.clock.advance(seconds=121)  # silent: announced offline, a red warning
    live.hall.runtime.execute(mark_silent_kiosks, HALL)
    live.hall.runtime.execute(refresh_alerts, HALL)
    page.wait_for_selector(FAULT, timeout=5000)
    text = page.locator(FAULT).inner_text()
    assert "demo kiosk：离线" in text and "demo kiosk: offline" in text
