"""Face at the kiosk, program + hall server + simulated devices, with real faces:
check-in by face (the image-folder camera shows the astronaut) and the person-ID check
(the emulated card carries her ID photo; the sim decoder hands it back)."""

from __future__ import annotations

import dataclasses
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from drivers.printer import decode, plain_text
from kiosk.errors import ServerRefused
from kiosk.face_capture import NoUsableFace
from kiosk.face_flows import IdentityNotPassed
from kiosk.identity_check import IdentityCheck
from server.adapters import tables
from server.adapters.face_store import help_requests
from tests.kiosk import face_pictures as faces


@pytest.fixture
def kiosk_options(tmp_path: Path) -> dict[str, Any]:
    return faces.face_kiosk_options(tmp_path)


_camera, _book_with_face = faces.show_camera, faces.book_with_face


def _card_on_reader(rig: Any) -> None:
    rig.emulator.place(0)
    deadline = time.monotonic() + 15
    while rig.kiosk.session.person is None:
        assert time.monotonic() < deadline, "the card was not read"
        time.sleep(0.1)


def test_face_check_in_prints_a_priority_ticket(rig, hall_server):
    code = _book_with_face(hall_server.hall)
    hall_server.hall.clock.advance(minutes=30)
    result = rig.kiosk.flows.faces.check_in("face-1")
    assert result["ticket"]["priority"] == "appointment" and result["printed"]
    text = plain_text(decode(rig.printer.jobs[-1]))
    assert result["ticket"]["number"] in text.split()
    a = tables.appointments.c
    with hall_server.hall.engine.connect() as conn:
        status = conn.execute(select(a.status).where(a.code == code)).scalar_one()
    assert status == "checked_in"


def test_somebody_else_at_the_camera_is_refused_in_the_servers_words(rig, hall_server):
    _book_with_face(hall_server.hall)
    hall_server.hall.clock.advance(minutes=30)
    _camera(rig, faces.cameraman())
    with pytest.raises(ServerRefused) as refused:
        rig.kiosk.flows.faces.check_in("face-2")
    assert refused.value.code == "face_not_recognised" and "身份证" in refused.value.zh
    assert rig.printer.jobs == []


def test_no_usable_face_says_what_to_do(rig):
    np = faces.require("numpy")
    _camera(rig, np.full((480, 640, 3), 128, np.uint8))
    with pytest.raises(NoUsableFace) as caught:
        rig.kiosk.flows.faces.check_in("face-3")
    assert "请正对摄像头" in caught.value.zh and "face the camera" in caught.value.en


def test_person_check_passes_for_the_card_holder(rig):
    _card_on_reader(rig)
    checked = rig.kiosk.flows.faces.identity_check("real_estate")
    assert checked["outcome"] == "passed" and checked["required"] is True
    result = rig.kiosk.flows.take_number("real_estate", "id-ok-1", False)
    assert result["ticket"]["number"].startswith("H") and result["identity"] is None
    not_required = rig.kiosk.flows.faces.identity_check("social_security")
    assert not_required == {**not_required, "outcome": "passed", "required": False}


def test_person_check_fails_for_somebody_else_and_staff_are_called(rig, hall_server):
    _camera(rig, faces.cameraman())
    _card_on_reader(rig)
    checked = rig.kiosk.flows.faces.identity_check("real_estate")
    assert checked["outcome"] == "failed" and "核验未通过" in checked["message"]["zh"]
    with pytest.raises(IdentityNotPassed):
        rig.kiosk.flows.take_number("real_estate", "id-bad-1", False)
    called = rig.kiosk.flows.faces.call_staff("failed", "real_estate")
    assert called["called"] is True
    with hall_server.hall.engine.connect() as conn:
        rows = conn.execute(select(help_requests)).all()
    assert [(r.reason, r.service_code) for r in rows] == [("identity_failed", "real_estate")]


def test_without_a_photo_decoder_the_window_checks_and_the_ticket_is_marked(rig, hall_server):
    faces_flow = rig.kiosk.flows.faces
    no_decoder = dataclasses.replace(rig.kiosk.cfg, photo_decoder_library="")
    faces_flow.identity = IdentityCheck(no_decoder, faces_flow.capture)
    _card_on_reader(rig)
    checked = faces_flow.identity_check("real_estate")
    assert checked["outcome"] == "manual" and "窗口" in checked["message"]["zh"]
    result = rig.kiosk.flows.take_number("real_estate", "id-manual-1", False)
    assert result["identity"]["outcome"] == "manual"
    with hall_server.hall.engine.connect() as conn:
        [row] = conn.execute(select(help_requests)).all()
    assert row.reason == "identity_manual" and row.ticket_id is not None


def test_the_demo_kiosk_passes_its_face_card_against_its_camera(monkeypatch):
    """make demo: the demo card with a real face, the sim decoder and the demo camera agree."""
    from config.kiosk import load_kiosk
    from drivers.idcard.cards import load_cards
    from kiosk.devices import Devices
    from kiosk.face_capture import FaceCapture
    from kiosk.person import Person

    root = Path(__file__).resolve().parents[2]
    monkeypatch.chdir(root)  # the demo file's paths are relative to the project
    cfg = load_kiosk(root / "config" / "kiosk.demo.toml")
    card = next(c for c in load_cards("kiosk/demo/cards.json") if c.label == "resident-collins")
    person = Person("柯林斯", "430703195609190028", date(1956, 9, 19), "RESIDENT", card.wlt)
    check = IdentityCheck(cfg, FaceCapture(cfg, Devices(cfg.devices)))
    assert check.check(person)["outcome"] == "passed"
