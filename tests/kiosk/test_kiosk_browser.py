"""The kiosk end to end: hall server + kiosk program + simulated devices + real Chromium.

Each test drives the touch UI as a citizen would and checks what came out of the virtual
printer (decoded with the project's ESC/POS decoder) against what the server recorded.
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import func, select

from drivers.idcard.commands import Command
from drivers.idcard.simsam import Fault
from drivers.printer import decode, plain_text
from drivers.printer.tokens import QrStore
from server.adapters import tables
from tests.kiosk.conftest import HALL, LI

WAIT = 15_000  # ms; generous: two cores shared with other browser suites


def _printed_token(job: bytes) -> tuple[str, str]:
    """Return (plain text, ticket token from the QR's status URL) of one printed ticket."""
    commands = decode(job)
    qr = next(c for c in commands if isinstance(c, QrStore))
    return plain_text(commands), qr.data.decode("utf-8").rsplit("/", 1)[-1]


def _eventually(check: Any, seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def _take(page: Any, service: str) -> str:
    page.click(f"[data-testid=service-{service}]")
    page.click("[data-testid=confirm]")
    page.wait_for_selector("[data-testid=ticket-number]:not(:empty)", timeout=WAIT)
    return str(page.inner_text("[data-testid=ticket-number]"))


def test_a_swiped_card_takes_a_green_channel_number_that_prints(page, rig, hall_server):
    rig.emulator.place(LI)
    page.wait_for_selector("[data-testid=person]", state="visible", timeout=WAIT)
    page.wait_for_selector("[data-testid=service-social_security]", timeout=WAIT)
    assert page.inner_text("#person-name") == "李*英"
    assert page.inner_text("#person-number") == "430***********2041"
    assert "李秀英" not in page.content() and "430102195207082041" not in page.content()
    page.click("[data-testid=service-social_security]")
    page.wait_for_selector("#green", state="visible")
    page.click("[data-testid=confirm]")
    page.wait_for_selector("[data-testid=ticket-number]:not(:empty)", timeout=WAIT)
    shown = page.inner_text("[data-testid=ticket-number]")
    assert page.is_visible("#ticket-printed") and not page.is_visible("[data-testid=photo-note]")

    text, token = _printed_token(rig.printer.jobs[-1])
    recorded = hall_server.ticket(token)
    assert recorded["number"] == shown and shown in text.split()
    assert recorded["priority"] == "elderly" and recorded["name_masked"] == "李*英"
    assert "居民身份证原件" in text  # the material list rides on the ticket (一次性告知)

    page.click("[data-testid=done]")  # done: the person is forgotten at once
    page.wait_for_selector("[data-testid=person]", state="hidden", timeout=WAIT)
    assert rig.kiosk.session.person is None


def test_out_of_paper_still_issues_shows_the_qr_and_tells_the_server(page, rig, hall_server):
    rig.printer.state.paper = "out"
    page.wait_for_selector("body[data-printer=fault]", state="attached", timeout=WAIT)
    assert page.is_visible("#banner-printer")
    page.click("[data-testid=go-take]")
    number = _take(page, "household")
    assert number.startswith("D")
    assert page.is_visible("[data-testid=photo-note]")
    assert page.get_attribute("#ticket-qr", "src").startswith("data:image/svg+xml;base64,")
    assert rig.printer.jobs == []

    manager = hall_server.hall.clerk("manager")

    def reported_paper() -> Any:
        devices = manager.get(f"/halls/{HALL}/devices").json
        kiosk = next(d for d in devices if d["kind"] == "kiosk")
        return (kiosk["printer"] or {}).get("paper")

    assert _eventually(lambda: reported_paper() == "out")  # the heartbeat told the server

    page.click("[data-testid=done]")
    page.click("[data-testid=go-guide]")
    page.click("[data-testid=service-household]")
    page.wait_for_selector("[data-testid=guide] .guide-section", timeout=WAIT)
    assert not page.is_visible("[data-testid=guide-print]")  # no printing offered
    rig.printer.state.paper = "ok"  # paper loaded: the heartbeat notices, printing is back
    page.wait_for_selector("body[data-printer=ok]", state="attached", timeout=WAIT)
    page.wait_for_selector("[data-testid=guide-print]", state="visible", timeout=WAIT)
    page.click("[data-testid=guide-print]")
    page.wait_for_selector("#guide-printed", state="visible", timeout=WAIT)
    assert "户口簿原件" in plain_text(decode(rig.printer.output))


def test_server_down_shows_a_plain_message_and_the_retry_makes_one_ticket(page, rig, hall_server):
    page.click("[data-testid=go-take]")
    page.wait_for_selector("[data-testid=service-real_estate]", timeout=WAIT)
    hall_server.stop()
    page.click("[data-testid=service-real_estate]")
    page.click("[data-testid=confirm]")
    page.wait_for_selector("[data-testid=error]", state="visible", timeout=WAIT)
    assert "无法连接服务器" in page.inner_text("#error-zh")
    assert page.is_visible("[data-testid=retry]")
    assert rig.printer.jobs == []  # no number invented locally
    hall_server.serve()
    page.wait_for_selector("[data-testid=ticket-number]:not(:empty)", timeout=30_000)  # auto retry
    number = page.inner_text("[data-testid=ticket-number]")
    assert number == "H001"
    with hall_server.hall.engine.connect() as conn:
        count = conn.execute(select(func.count()).select_from(tables.tickets)).scalar_one()
    assert count == 1


def test_a_card_pulled_mid_read_says_what_to_do_then_reads(page, rig):
    rig.emulator.inject(Fault.READ_FAILURE, times=1, on=[Command.READ_TEXT_PHOTO])
    rig.emulator.place(LI)
    page.wait_for_selector("#banner-card[data-kind=read_failed]", state="visible", timeout=WAIT)
    assert "请将身份证平放在读卡区" in page.inner_text("#banner-card")
    page.wait_for_selector("[data-testid=person]", state="visible", timeout=WAIT)


def test_check_in_by_card_gives_a_priority_ticket_and_refusals_show_the_servers_words(
    page, rig, hall_server, tmp_path
):
    import qrcode

    booking = hall_server.hall.anonymous().post(
        f"/halls/{HALL}/appointments",
        {"service": "social_security", "date": "2026-11-23", "start": "10:30", "name": "李秀英",
         "id_number": "430102195207082041", "phone": "13812345678"},
    )  # fmt: skip
    assert booking.status_code == 201, booking.json
    page.click("[data-testid=go-checkin]")
    rig.emulator.place(LI)  # check in by ID card: the booking holder
    page.wait_for_selector("[data-testid=ticket-number]:not(:empty)", timeout=WAIT)
    number = page.inner_text("[data-testid=ticket-number]").strip()
    queues = hall_server.hall.kiosk().get(f"/halls/{HALL}/queues").json["lines"]
    waiting = {line["code"]: line["waiting"] for line in queues}
    assert number == "A001" and waiting["social_security"] == 1, "the server issued it"
    rig.emulator.remove()

    qrcode.make("BOOKING-20261123-0042").save(str(tmp_path / "camera" / "booking.png"))
    page.click("[data-testid=done]")
    page.click("[data-testid=go-checkin]")
    page.click("[data-testid=checkin-qr]")  # the camera reads a QR no booking has
    page.wait_for_selector("[data-testid=error]", state="visible", timeout=WAIT)
    assert "未找到今日的预约" in page.inner_text("[data-testid=error]")
    assert not page.is_visible("[data-testid=soon]")

    page.click("[data-testid=error] [data-go=home]")
    page.click("[data-testid=go-lookup]")
    for key in "2026-0042":
        page.click(f"#case-keyboard [data-key='{key}']")
    page.click("[data-testid=lookup-go]")  # no card on the reader: the server asks for the ID
    page.wait_for_selector("[data-testid=error]", state="visible", timeout=WAIT)
    assert "请输入申请人身份证号" in page.inner_text("[data-testid=error]")

    page.click("[data-testid=error] [data-go=home]")
    page.click("[data-testid=go-lookup]")
    hall = hall_server.hall  # her civil-affairs matter is accepted (受理): a 5-working-day case
    hall.issue("civil_affairs", id_number="430102195207082041", name="李秀英")
    clerk = hall.clerk("clerk1", window=2)
    assert clerk.post("/windows/2/call-next").json["number"] == number  # the appointment first
    clerk.post("/windows/2/finish")
    hall.clock.advance(seconds=2)
    assert clerk.post("/windows/2/call-next").json["service"]["code"] == "civil_affairs"
    finished = clerk.post("/windows/2/finish", {"outcome": "accepted"}).json
    rig.emulator.place(LI)  # her own card: her cases, never anybody else's
    page.wait_for_selector("[data-testid=person]:not([hidden])", state="attached", timeout=WAIT)
    page.click("[data-testid=lookup-go]")
    row = page.wait_for_selector("[data-testid=case-results] .case-row", timeout=WAIT)
    text = row.inner_text()
    assert finished["case"]["number"] in text and "民政" in text and "已受理" in text
    assert "李*英" in text and "430102195207082041" not in text


def test_elderly_mode_is_bigger_offers_fewer_choices_and_speaks(page, rig):
    spoken: list[str] = []
    page.on("request", lambda r: "/api/voice/" in r.url and spoken.append(r.url))
    standard = page.evaluate(
        "() => parseFloat(getComputedStyle(document.documentElement).fontSize)"
    )
    page.click("[data-testid=mode-toggle]")
    bigger = page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert bigger >= standard * 1.3
    assert not page.is_visible("[data-testid=go-guide]") and page.is_visible(
        "[data-testid=go-take]"
    )
    page.click("[data-testid=go-take]")
    page.wait_for_selector("[data-testid=service-elderly_card]", timeout=WAIT)
    shown = page.eval_on_selector_all(
        "#service-list .service", "els => els.map(e => e.dataset.code)"
    )
    assert shown == ["social_security", "medical_insurance", "elderly_card", "household"]
    assert not page.is_visible("[data-testid=search-box]")
    assert any(url.endswith("/api/voice/home") for url in spoken)
    assert any(url.endswith("/api/voice/services") for url in spoken)
