"""The manager console shows each kiosk's printer, ID-card reader and camera and its going
offline, live from device.status (headless Chromium, real WebSocket, ManualClock)."""

from __future__ import annotations

from server.services.device_health import mark_silent_kiosks
from server.services.snapshot import refresh_alerts
from tests.console.manage_helpers import BOARD_SIZE, WAIT, open_manage, open_tab
from tests.server.conftest import HALL

HEALTHY = {
    "printer": {"online": True, "paper": "ok"},
    "reader": {"state": "ok"},
    "camera": {"state": "ok"},
}
READER_UNPLUGGED = {**HEALTHY, "reader": {"state": "missing", "reason": "device_not_found"}}


def kiosk_id(live) -> int:
    found = live.hall.clerk("manager").get(f"/halls/{HALL}/devices").json
    return int(next(d["id"] for d in found if d["kind"] == "kiosk"))


def test_a_reader_fault_and_a_silent_kiosk_show_on_the_board_live(live, pages):
    kiosk = live.hall.kiosk()
    assert kiosk.post("/devices/me/status", HEALTHY).status_code == 200
    device = kiosk_id(live)
    page = pages(BOARD_SIZE)
    open_manage(page, live)
    item = f"#devices li[data-device='{device}']"
    page.wait_for_selector(f"{item} .reader[data-state=ok]", timeout=WAIT)
    assert "摄像头正常" in page.inner_text(item) and "Printer OK" in page.inner_text(item)

    assert kiosk.post("/devices/me/status", READER_UNPLUGGED).status_code == 200
    page.wait_for_selector(f"{item} .reader[data-state=missing]", timeout=WAIT)
    shown = page.inner_text(item)
    assert "读卡器未连接" in shown and "Reader not connected" in shown
    assert "device_not_found" in shown
    assert page.get_attribute(item, "data-faults") == "reader_missing"

    live.hall.runtime.execute(refresh_alerts, HALL)
    warning = "#alerts li[data-kind=kiosk_fault]"
    page.wait_for_selector(warning, timeout=WAIT)
    assert "demo kiosk：读卡器未连接" in page.inner_text(warning)
    assert "demo kiosk: ID-card reader not connected" in page.inner_text(warning)

    live.hall.clock.advance(seconds=121)  # silent past the hall's kiosk_offline_after_seconds
    assert live.hall.runtime.execute(mark_silent_kiosks, HALL) == 1
    page.wait_for_selector(f"{item}[data-online=no]", timeout=WAIT)
    assert page.get_attribute(item, "data-faults") == "offline"
    assert "离线" in page.inner_text(item) and "Offline" in page.inner_text(item)

    assert kiosk.post("/devices/me/status", HEALTHY).status_code == 200  # back
    page.wait_for_selector(f"{item}[data-online=yes] .reader[data-state=ok]", timeout=WAIT)


def test_the_devices_tab_shows_each_kiosks_devices(live, pages):
    kiosk = live.hall.kiosk()
    sick = {
        "printer": {"online": False, "paper": "out"},
        "reader": {"state": "error", "reason": "idcard_sam_self_test"},
        "camera": {"state": "failed", "reason": "camera_frame_error"},
    }
    assert kiosk.post("/devices/me/status", sick).status_code == 200
    device = kiosk_id(live)
    page = pages(BOARD_SIZE)
    open_manage(page, live)
    open_tab(page, "devices")
    row = page.locator(f"#devices-body tr[data-device='{device}']")
    health = row.locator(".health")
    assert health.get_attribute("data-faults") == "paper_out reader_error camera_failed"
    text = health.inner_text()
    for words in ("缺纸", "读卡器故障", "Reader fault", "摄像头故障", "camera_frame_error"):
        assert words in text, words
