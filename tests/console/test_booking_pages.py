"""The citizen's phone pages in real headless Chromium: book a slot, then look a case up.

The hall is the server tests' one (ManualClock at Monday 2026-11-23 10:00 in Shanghai),
served on loopback; the phone is a 390x844 viewport.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from sqlalchemy import select

from server.adapters import limits_store
from server.adapters.appointment_store import save_policies
from server.adapters.sms import recorded
from server.domain.appointments import AppointmentPolicy
from server.domain.cases import CardPolicy
from server.domain.limits import HallLimits
from tests.console.conftest import WAIT
from tests.display.conftest import LiveHall
from tests.server.conftest import HALL
from tests.server.test_appointments_api import LI, ZHANG

PHONE = {"width": 390, "height": 844}


def open_page(pages: Any, live: LiveHall, path: str) -> Any:
    page = pages(PHONE)
    page.goto(live.url(path))
    page.wait_for_selector("body[data-status=ready]", state="attached", timeout=WAIT)
    return page


def test_booking_on_a_phone_gives_a_code_and_a_qr(pages, live):
    page = open_page(pages, live, f"/book/{HALL}")
    assert "鼎城区政务服务中心" in page.inner_text("#hall-name")
    page.select_option("#service", "civil_affairs")
    page.wait_for_selector("body[data-status=ready] #days button", timeout=WAIT)
    page.click("#days button[data-date='2026-11-24']")
    page.wait_for_selector("#days button[data-date='2026-11-24'][aria-pressed=true]", timeout=WAIT)
    assert page.locator("#slots button[data-start='12:00']").count() == 0, "lunch break"
    page.click("#submit")
    page.wait_for_selector("#message:has-text('请先选择日期和时段')", timeout=WAIT)
    page.click("#slots button[data-start='09:00']")
    page.fill("#name", "张三明")
    page.fill("#id-number", ZHANG)
    page.fill("#phone", "13812345678")
    page.click("#submit")
    page.wait_for_selector("#done:not([hidden])", timeout=WAIT)
    code = page.inner_text("#code").strip()
    assert len(code) == 8
    assert "2026-11-24 09:00–09:30" in page.inner_text("#when")
    who = page.inner_text("#who")
    assert "张*明" in who and ZHANG not in who and ZHANG[-4:] in who
    page.wait_for_function("() => document.getElementById('qr').naturalWidth > 0", timeout=WAIT)

    page.click("#change")  # 改约: another time, the same code
    page.wait_for_selector("body[data-status=ready] #days button", timeout=WAIT)
    assert not page.is_visible("#id-number")
    page.click("#days button[data-date='2026-11-25']")
    page.wait_for_selector("#days button[data-date='2026-11-25'][aria-pressed=true]", timeout=WAIT)
    page.click("#slots button[data-start='14:00']")
    page.click("#submit")
    page.wait_for_selector("#when:has-text('2026-11-25 14:00')", timeout=WAIT)
    assert page.inner_text("#code").strip() == code

    page.click("#again")  # the same person, the same slot: refused in both languages
    page.wait_for_selector("body[data-status=ready] #days button", timeout=WAIT)
    page.click("#days button[data-date='2026-11-25']")
    page.wait_for_selector("#days button[data-date='2026-11-25'][aria-pressed=true]", timeout=WAIT)
    page.click("#slots button[data-start='14:00']")
    page.click("#submit")
    page.wait_for_selector("#message .zh", timeout=WAIT)
    assert page.is_visible("#id-number"), "a new booking asks for the person again"
    assert "重复" in page.inner_text("#message .zh")
    assert "already" in page.inner_text("#message .en")


def test_a_case_shows_only_to_its_applicant_masked(pages, live):
    hall = live.hall
    hall.issue("civil_affairs", id_number=ZHANG, name="王小明")
    clerk = hall.clerk("clerk1", window=2)
    clerk.post("/windows/2/call-next")
    done = clerk.post("/windows/2/finish", {"outcome": "accepted"}).json
    number = done["case"]["number"]

    page = open_page(pages, live, f"/case?hall={HALL}")
    page.fill("#case-number", number)
    page.fill("#id-number", ZHANG)
    page.click("#search")
    page.wait_for_selector(f".case-item[data-number='{number}']", timeout=WAIT)
    text = page.inner_text("#results")
    assert "已受理" in text and "Accepted" in text and "2026-11-30" in text
    assert "王*明" in text and ZHANG not in text

    page.fill("#id-number", LI)  # someone else's ID with this case number: nothing shown
    page.click("#search")
    page.wait_for_selector("#message:has-text('未找到该申请人的办件')", timeout=WAIT)
    assert page.locator(".case-item").count() == 0
    assert "Applicant" not in page.inner_text("#results") and ZHANG not in page.content()


def _fill_booking(page: Any, id_number: str, phone: str = "13812345678") -> None:
    page.select_option("#service", "civil_affairs")
    page.wait_for_selector("body[data-status=ready] #days button", timeout=WAIT)
    page.click("#days button[data-date='2026-11-24']")
    page.wait_for_selector("#days button[data-date='2026-11-24'][aria-pressed=true]", timeout=WAIT)
    page.click("#slots button[data-start='09:00']")
    page.fill("#name", "张三明")
    page.fill("#id-number", id_number)
    page.fill("#phone", phone)


def test_the_booking_page_solves_the_proof_of_work_it_is_asked_for(pages, live):
    """Past the free bookings of an address (here one a day) the server answers 428 with a
    challenge of the default difficulty; the page solves it in JavaScript and books."""
    hall = live.hall
    with hall.engine.begin() as conn:
        limits_store.save_hall_limits(conn, HALL, HallLimits(challenge_after_per_address=1))
    body = {"service": "civil_affairs", "date": "2026-11-24", "start": "09:00", "name": "李四",
            "id_number": LI, "phone": "13900001111"}  # fmt: skip
    first = hall.app.test_client().post(f"/api/v1/halls/{HALL}/appointments", json=body,
                                        environ_base={"REMOTE_ADDR": "127.0.0.1"})  # fmt: skip
    assert first.status_code == 201, "today's free booking from the page's address"
    page = open_page(pages, live, f"/book/{HALL}")
    answers: list[tuple[int, Any]] = []

    def seen(response: Any) -> None:
        if response.request.method == "POST" and response.url.endswith("/appointments"):
            answers.append((response.status, response.request.post_data_json))

    page.on("response", seen)
    _fill_booking(page, ZHANG)
    assert page.is_hidden("#checking")
    page.click("#submit")
    page.wait_for_selector("#done:not([hidden])", timeout=60_000)  # ~130,000 SHA-256 tries
    assert [status for status, _ in answers] == [428, 201]
    proof = answers[1][1]["proof"]
    assert proof["nonce"].isdigit() and proof["challenge"].count(".") == 3
    digest = hashlib.sha256(f"{proof['challenge']}:{proof['nonce']}".encode()).digest()
    assert int.from_bytes(digest[:4], "big") >> (32 - 17) == 0, "17 zero bits: the default"
    assert page.is_hidden("#checking")
    r = limits_store.rate_counters.c
    with hall.engine.connect() as conn:
        spent = conn.execute(select(r.count).where(r.scope == "challenge")).scalars().all()
    assert spent == [1], "the challenge is spent by the booking that used it"


def test_the_booking_page_sends_and_takes_the_sms_code(pages, live):
    hall, outbox = live.hall, uuid.uuid4().hex
    with hall.engine.begin() as conn:  # this hall has a gateway: a recording one here
        save_policies(conn, HALL, AppointmentPolicy(sms_url=f"record://{outbox}"), CardPolicy())
    page = open_page(pages, live, f"/book/{HALL}")
    assert page.is_visible("#phone-code")
    _fill_booking(page, ZHANG)
    page.click("#submit")
    page.wait_for_selector("#message .zh", timeout=WAIT)
    assert "验证码" in page.inner_text("#message .zh")
    page.click("#send-code")
    page.wait_for_selector("#sms-status:has-text('138****5678')", timeout=WAIT)
    sent = recorded(outbox).last_to("13812345678")
    assert sent is not None
    page.fill("#phone-code", sent.code)
    page.click("#submit")
    page.wait_for_selector("#done:not([hidden])", timeout=WAIT)
    assert len(page.inner_text("#code").strip()) == 8
