"""Face at the kiosk end to end in real headless Chromium: check-in by face prints the
appointment's ticket; a failed person-ID check shows "核验未通过" and calls staff."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from drivers.printer import decode, plain_text
from server.adapters.face_store import help_requests
from server.web.extensions import socketio
from tests.kiosk import face_pictures as faces

WAIT = 20_000  # ms: the face engine loads on first use, two cores shared


@pytest.fixture
def kiosk_options(tmp_path: Path) -> dict[str, Any]:
    return faces.face_kiosk_options(tmp_path)


def test_check_in_by_face_prints_the_appointments_priority_ticket(page, rig, hall_server):
    code = faces.book_with_face(hall_server.hall)
    hall_server.hall.clock.advance(minutes=30)  # 10:30: within the 11:00 slot's window
    page.click("[data-testid=go-checkin]")
    page.click("[data-testid=checkin-face]")
    page.wait_for_selector("[data-testid=ticket-number]:not(:empty)", timeout=WAIT)
    number = page.inner_text("[data-testid=ticket-number]").strip()
    assert number in plain_text(decode(rig.printer.jobs[-1])).split()
    lines = hall_server.hall.kiosk().get("/halls/dingcheng/queues").json["lines"]
    assert {line["code"]: line["waiting"] for line in lines}["social_security"] == 1
    assert code not in page.content(), "no booking data beyond the ticket on screen"


def test_a_failed_person_check_says_so_and_calls_staff(page, rig, hall_server):
    hall = hall_server.hall
    manager = hall.clerk("manager")
    watcher = socketio.test_client(hall.app, namespace="/live", flask_test_client=manager.client)
    assert watcher.is_connected("/live")
    faces.show_camera(rig, faces.cameraman())  # somebody else stands at the camera
    rig.emulator.place(0)  # ... with her card
    page.wait_for_selector("[data-testid=service-real_estate]", timeout=WAIT)
    page.click("[data-testid=service-real_estate]")
    message = page.wait_for_selector("[data-testid=identity-message]", timeout=WAIT)
    assert "核验未通过" in message.inner_text()
    assert page.is_visible("#identity-staff") and "请工作人员协助" in page.inner_text(
        "#identity-staff"
    )
    assert not page.is_visible("[data-testid=identity-continue]")
    watcher.get_received("/live")
    page.click("[data-testid=identity-call-staff]")
    called = page.wait_for_selector("[data-testid=identity-called]", state="visible", timeout=WAIT)
    assert "已通知工作人员" in called.inner_text()
    with hall.engine.connect() as conn:
        [row] = conn.execute(select(help_requests)).all()
    assert (row.reason, row.service_code) == ("identity_failed", "real_estate")
    heard = [m for m in watcher.get_received("/live") if m["name"] == "kiosk.help"]
    assert heard and heard[0]["args"][0]["reason"] == "identity_failed"
    assert rig.printer.jobs == [], "no number for a failed check"


def test_a_card_read_after_choosing_the_service_still_gets_the_person_check(page, rig):
    faces.show_camera(rig, faces.cameraman())  # somebody else stands at the camera
    page.click("[data-testid=go-take]")
    page.wait_for_selector("[data-testid=service-real_estate]", timeout=WAIT)
    page.click("[data-testid=service-real_estate]")  # chosen first, no card yet
    page.wait_for_selector("[data-testid=confirm]", state="visible", timeout=WAIT)
    rig.emulator.place(0)  # ... then her card
    message = page.wait_for_selector("[data-testid=identity-message]", timeout=WAIT)
    assert "核验未通过" in message.inner_text()
    assert not page.is_visible("[data-testid=confirm]")
    assert rig.printer.jobs == [], "no number before the check"
