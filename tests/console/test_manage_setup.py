"""The catalogue & staff view of the manager console: services, users, device tokens, audit."""

from __future__ import annotations

from tests.console.manage_helpers import BOARD_SIZE, WAIT, open_manage, open_tab
from tests.server.conftest import Api


def test_a_device_token_is_shown_once_then_revoked_and_refused(live, pages):
    page = pages(BOARD_SIZE)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    open_manage(page, live)
    open_tab(page, "devices")
    page.click("[data-add=devices]")
    page.select_option("#dialog select[name=kind]", "display")
    page.fill("#dialog input[name=name]", "二楼大屏 2F wall")
    page.click("#dialog button[type=submit]")
    token = page.locator("#new-token").input_value(timeout=WAIT)
    url = page.locator("#new-token-url").input_value()
    assert len(token) > 20 and url.endswith(f"/display/hall/dingcheng#token={token}")
    page.locator("#dialog .copy-row").first.locator("button").click()
    assert page.evaluate("navigator.clipboard.readText()") == token
    device = Api(live.hall.app.test_client(), token)
    assert device.get("/auth/me").status_code == 200
    page.click("#dialog button.primary:has-text('完成')")
    row = page.locator("#devices-body tr:has-text('二楼大屏')")
    row.wait_for(timeout=WAIT)
    assert token not in page.content(), "the token is shown once, in the dialog only"
    row.locator("button[data-revoke]").click()
    page.click("#dialog button[data-confirm=yes]")
    page.wait_for_selector("#devices-body tr.inactive:has-text('二楼大屏')", timeout=WAIT)
    assert device.get("/auth/me").status_code == 401


def test_a_bad_service_edit_shows_the_error_next_to_the_field(live, pages):
    page = pages(BOARD_SIZE)
    open_manage(page, live)
    open_tab(page, "services")
    page.click("#services-body tr[data-service=social_security] button[data-edit]")
    page.fill("#dialog input[name=prefix]", "B")  # medical insurance's prefix
    page.click("#dialog button[type=submit]")
    error = page.locator("#dialog [data-error-for=prefix] .bi")
    error.wait_for(timeout=WAIT)
    assert "B" in error.locator(".zh").inner_text() and error.locator(".en").inner_text()
    assert page.locator("#dialog .field[data-field=prefix]").get_attribute("class").count("invalid")
    page.fill("#dialog input[name=prefix]", "A")
    page.fill("#dialog input[name=red_minutes]", "")
    page.click("#dialog button[type=submit]")
    page.locator("#dialog [data-error-for=red_minutes] .bi").wait_for(timeout=WAIT)
    page.fill("#dialog input[name=red_minutes]", "45")
    page.click("#dialog button[type=submit]")
    page.wait_for_selector("#dialog:not([open])", state="attached", timeout=WAIT)
    manager = live.hall.clerk("manager")
    saved = {s["code"]: s for s in manager.get("/halls/dingcheng/services").json}
    assert saved["social_security"]["red_minutes"] == 45


def test_a_new_clerk_is_added_and_the_change_is_in_the_audit_list(live, pages):
    page = pages(BOARD_SIZE)
    open_manage(page, live)
    open_tab(page, "users")
    page.click("[data-add=users]")
    page.fill("#dialog input[name=username]", "clerk_wang")
    page.fill("#dialog input[name=name]", "王小明")
    page.fill("#dialog input[name=password]", "short")
    page.click("#dialog button[type=submit]")
    page.locator("#dialog .field-error .bi, #dialog .form-error .bi").first.wait_for(timeout=WAIT)
    page.fill("#dialog input[name=password]", "a-long-enough-secret")
    page.click("#dialog button[type=submit]")
    page.wait_for_selector("#users-body tr[data-user=clerk_wang]", timeout=WAIT)
    assert "王小明" in page.inner_text("#users-body tr[data-user=clerk_wang]")
    open_tab(page, "audit")
    page.wait_for_selector("#audit-body tr[data-audit]", timeout=WAIT)
    assert "clerk_wang" in page.inner_text("#audit-body")


def test_a_new_window_made_in_the_page_joins_the_live_board(live, pages):
    page = pages(BOARD_SIZE)
    open_manage(page, live)
    open_tab(page, "windows")
    page.click("[data-add=windows]")
    page.fill("#dialog input[name=number]", "3")  # taken
    page.fill("#dialog input[name=name_zh]", "综合受理")
    page.fill("#dialog input[name=name_en]", "General service")
    page.click("#dialog button[type=submit]")
    page.locator("#dialog [data-error-for=number] .bi").wait_for(timeout=WAIT)
    page.fill("#dialog input[name=number]", "12")
    page.click("#dialog button[type=submit]")
    page.wait_for_selector("#windows-body tr:has-text('12')", timeout=WAIT)
    page.click(".view-tab[data-view=board]")
    page.wait_for_selector("#windows tr[data-window='12'][data-state=closed]", timeout=WAIT)
