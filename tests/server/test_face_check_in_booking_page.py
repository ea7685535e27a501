"""The phone booking page in real headless Chromium: the face check-in consent and a selfie
(Playwright's set_input_files) enrol the booking; withdrawing deletes the template."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from server.adapters.face_store import face_templates
from tests.console.conftest import WAIT, pages  # noqa: F401  (fixture)
from tests.display.conftest import live  # noqa: F401  (fixture)
from tests.kiosk import face_pictures as faces
from tests.server.conftest import HALL
from tests.server.test_face_check_in import ZHANG

PHONE = {"width": 390, "height": 844}


def _templates(live: Any) -> list[Any]:  # noqa: F811
    with live.hall.engine.connect() as conn:
        return list(conn.execute(select(face_templates)).all())


def test_consent_and_a_selfie_turn_face_check_in_on_and_withdrawing_deletes_it(pages, live):  # noqa: F811
    page = pages(PHONE)
    page.goto(live.url(f"/book/{HALL}"))
    page.wait_for_selector("body[data-status=ready] #days button", timeout=WAIT)
    assert page.is_disabled("#face-photo"), "no selfie without the consent"
    assert "不保存照片本身" in page.inner_text("#face-terms")
    assert page.get_attribute("#face-photo", "capture") == "user"
    page.select_option("#service", "social_security")
    page.wait_for_selector("body[data-status=ready] #days button", timeout=WAIT)
    page.click("#days button[data-date='2026-11-23']")
    page.click("#slots button[data-start='11:00']")
    page.fill("#name", "张三明")
    page.fill("#id-number", ZHANG)
    page.fill("#phone", "13812345678")
    page.check("#face-consent")
    page.click("#submit")  # consent without a selfie: asked for one, nothing booked
    page.wait_for_selector("#message:has-text('请上传本人自拍照')", timeout=WAIT)
    selfie = {
        "name": "selfie.jpg",
        "mimeType": "image/jpeg",
        "buffer": faces.jpeg(faces.astronaut()),
    }
    page.set_input_files("#face-photo", selfie)
    page.click("#submit")
    page.wait_for_selector("#done:not([hidden])", timeout=WAIT)
    page.wait_for_selector("#face-status:has-text('已开通刷脸签到')", timeout=WAIT)
    [row] = _templates(live)
    assert len(row.sealed) == 12 + 512 + 16
    page.click("#change")  # 改约: the template made for the old slot's day is withdrawn
    page.wait_for_selector("body[data-status=ready] #days button", timeout=WAIT)
    page.click("#days button[data-date='2026-11-24']")
    page.wait_for_selector("#days button[data-date='2026-11-24'][aria-pressed=true]", timeout=WAIT)
    page.click("#slots button[data-start='09:00']")
    page.click("#submit")
    page.wait_for_selector("#face-status:has-text('改约后')", timeout=WAIT)
    assert _templates(live) == []
    page.set_input_files("#face-retry", selfie)  # a new selfie: on again, for the new day
    page.wait_for_selector("#face-status:has-text('已开通刷脸签到')", timeout=WAIT)
    [row] = _templates(live)
    assert str(row.day) == "2026-11-24"
    page.click("#face-withdraw")
    page.wait_for_selector("#face-status:has-text('已撤回刷脸授权')", timeout=WAIT)
    assert _templates(live) == []


def test_a_selfie_without_a_face_is_explained_and_the_booking_stands(pages, live):  # noqa: F811
    np = faces.require("numpy")
    page = pages(PHONE)
    page.goto(live.url(f"/book/{HALL}"))
    page.wait_for_selector("body[data-status=ready] #days button", timeout=WAIT)
    page.click("#days button[data-date='2026-11-24']")
    page.click("#slots button[data-start='09:00']")
    page.fill("#name", "张三明")
    page.fill("#id-number", ZHANG)
    page.fill("#phone", "13812345678")
    page.check("#face-consent")
    blank = faces.jpeg(np.full((480, 480, 3), 200, np.uint8))
    page.set_input_files(
        "#face-photo", {"name": "wall.jpg", "mimeType": "image/jpeg", "buffer": blank}
    )
    page.click("#submit")
    page.wait_for_selector("#face-status.failed", timeout=WAIT)
    assert "未检测到人脸" in page.inner_text("#face-status")
    assert len(page.inner_text("#code").strip()) == 8, "the booking itself is made"
    assert page.is_visible("#face-retry") and _templates(live) == []
