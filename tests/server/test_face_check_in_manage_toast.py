"""The manager console in real headless Chromium shows a kiosk's call for staff (kiosk.help)
as a toast that stays until closed, in the server's words."""

from __future__ import annotations

from tests.console.conftest import pages  # noqa: F401  (fixture)
from tests.console.manage_helpers import BOARD_SIZE, WAIT, open_manage
from tests.display.conftest import live  # noqa: F401  (fixture)


def test_a_failed_person_check_at_a_kiosk_pops_up_on_the_managers_console(pages, live):  # noqa: F811
    page = pages(BOARD_SIZE)
    open_manage(page, live)
    body = {"reason": "identity_failed", "service": "real_estate"}
    # kiosk.help comes on the board's live connection, in the managers' room
    page.wait_for_selector("body[data-status=live]", state="attached", timeout=WAIT)
    r = live.hall.kiosk().post("/devices/me/help", body)
    assert r.status_code == 201, r.json
    toast = page.wait_for_selector(".toast.help-request", timeout=WAIT)
    assert "人证核验未通过" in toast.inner_text() and "staff" in toast.inner_text()
    toast.query_selector("button.x").click()
    page.wait_for_selector(".toast.help-request", state="detached", timeout=WAIT)
