"""The device layer and the heartbeat on simulated devices: a printer out of paper stops
being offered and comes back, the heartbeat speaks the server's words, QR codes are read
from camera pictures, and a camera that fails is a typed error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from config.kiosk import DeviceUrls
from drivers.camera import CameraUnavailable, open_camera
from drivers.printer import PaperOut, decode, plain_text, render_ticket
from kiosk.devices import Devices
from kiosk.errors import NotAvailableYet, ServerUnreachable
from kiosk.guides import load_guides
from kiosk.heartbeat import Heartbeat, printer_report
from kiosk.qr_reader import decode_qr, scan
from kiosk.receipts import checklist_job, ticket_print, windows_serving

ROOT = Path(__file__).resolve().parents[2]


def _devices(tmp_path: Path, printer: str = "sim://?paper=80") -> Devices:
    (tmp_path / "camera").mkdir(exist_ok=True)
    camera = f"sim://?dir={tmp_path / 'camera'}"
    urls = DeviceUrls(printer=printer, idcard="none://", camera=camera, voice="none://")
    devices = Devices(urls)
    devices.poll_printer()
    return devices


VIEW = {
    "number": "A012",
    "service": {"code": "social_security", "name_zh": "社保业务", "name_en": "Social security"},
    "ahead": 3,
    "estimated_minutes": 11.6,
    "issued_at": "2026-11-23T02:00:00+00:00",
    "token": "tok",
}


def _ticket(**kw: Any):
    return ticket_print(VIEW, hall_name="鼎城区政务服务中心", windows="2-7",
                        status_url="http://hall/t/tok", timezone="Asia/Shanghai", **kw)  # fmt: skip


def test_out_of_paper_stops_printing_until_the_printer_is_back(tmp_path):
    devices = _devices(tmp_path)
    assert devices.printer_state.ok
    devices.printer.state.paper = "out"
    with pytest.raises(PaperOut):
        devices.print_ticket(_ticket())
    assert not devices.printer_state.ok and devices.printer_state.fault == "printer_paper_out"
    assert devices.report()["printer"]["ok"] is False
    devices.printer.state.paper = "ok"
    assert devices.poll_printer().ok  # the heartbeat's poll brings printing back
    devices.print_ticket(_ticket())
    assert "A012" in plain_text(decode(devices.printer.jobs[-1])).split()


def test_a_printer_that_cannot_be_opened_is_offline_not_a_crash(tmp_path):
    devices = _devices(tmp_path, "escpos+tcp://127.0.0.1:9?timeout=0.2")
    state = devices.printer_state
    assert not state.ok and state.online is False and devices.printer is None
    assert printer_report(state.view()) == {"online": False, "paper": "unknown"}


def test_the_heartbeat_maps_paper_states_to_the_servers_words():
    assert printer_report({"online": True, "paper": "near_end", "fault": None}) == {
        "online": True,
        "paper": "low",
    }
    assert printer_report({"online": None, "paper": "unknown", "fault": None})["online"] is None
    assert printer_report({"online": False, "paper": "out", "fault": "printer_paper_out"}) == {
        "online": False,
        "paper": "out",
    }


class FakeClient:
    def __init__(self, error: Exception | None = None) -> None:
        self.error, self.sent = error, []

    def send_status(self, body: dict[str, Any]) -> dict[str, Any]:
        if self.error:
            raise self.error
        self.sent.append(body)
        return {}


def test_the_heartbeat_keeps_polling_when_the_server_is_away(tmp_path):
    devices = _devices(tmp_path)
    seen: list[bool] = []
    down = Heartbeat(FakeClient(ServerUnreachable()), devices, 5, on_server=seen.append)  # type: ignore[arg-type]
    devices.printer.state.paper = "out"
    down.beat()
    assert seen == [False] and devices.printer_state.fault == "printer_paper_out"
    old = Heartbeat(FakeClient(NotAvailableYet()), devices, 5, on_server=seen.append)  # type: ignore[arg-type]
    old.beat()
    client = FakeClient()
    Heartbeat(client, devices, 5).beat()  # type: ignore[arg-type]
    assert client.sent == [
        {
            "printer": {"online": False, "paper": "out"},
            # no reader part: never opened here, so nothing to say of it yet
            "camera": {"state": "ok", "reason": None},
        }
    ]


def test_the_checklist_prints_every_material(tmp_path):
    guide = load_guides(ROOT / "config" / "guides.example.toml")["real_estate"]
    text = plain_text(decode(checklist_job(guide, "不动产登记", "Real estate", "鼎城区", 58)))
    for item in guide.materials_zh:
        assert item in text
    assert "一次性告知" in text and "住宅 80 元/件" in text


def test_the_ticket_takes_the_servers_facts_in_the_halls_time():
    ticket = _ticket(materials=("居民身份证原件",))
    assert ticket.issued_at.strftime("%H:%M") == "10:00"
    assert ticket.people_ahead == 3 and ticket.wait_minutes == 12
    assert ticket.materials == ("居民身份证原件",)


def test_window_numbers_are_compact():
    catalogue = {"windows": [{"number": n, "services": ["a"]} for n in (2, 3, 4, 5, 9, 11, 12)]}
    assert windows_serving(catalogue, "a") == "2-5, 9, 11, 12"
    assert windows_serving(catalogue, "b") == ""


def _qr_picture(folder: Path, text: str) -> None:
    import qrcode

    qrcode.make(text).save(str(folder / "1-booking.png"))


def test_a_qr_code_is_read_from_the_camera_folder(tmp_path):
    import cv2
    import numpy as np

    folder = tmp_path / "camera"
    folder.mkdir()
    cv2.imwrite(str(folder / "0-blank.png"), np.full((480, 640, 3), 200, np.uint8))
    _qr_picture(folder, "BOOKING-20261123-0042")
    with open_camera(f"sim://?dir={folder}") as camera:
        assert decode_qr(camera.read()) is None  # the blank picture first
        assert scan(camera, 2.0) == "BOOKING-20261123-0042"


def test_a_camera_that_fails_is_a_typed_error(tmp_path):
    devices = _devices(tmp_path)  # an empty folder: no pictures
    with pytest.raises(CameraUnavailable):
        devices.scan_qr(0.5)
    assert devices.report()["camera"] == {"online": False, "error": "camera_unavailable"}


def test_a_green_channel_ticket_says_why_under_its_number_and_no_estimate_is_not_zero():
    view = {**VIEW, "priority": "elderly", "estimated_minutes": None}
    ticket = ticket_print(view, hall_name="鼎城区政务服务中心", windows="2-7",
                          status_url="http://hall/t/tok", timezone="Asia/Shanghai")  # fmt: skip
    text = plain_text(decode(render_ticket(ticket)))

    assert ticket.note == "绿色通道·长者 Priority: senior"
    assert "绿色通道·长者 Priority: senior" in text
    assert "暂无法估计" in text and "约 0 分钟" not in text
    assert _ticket().note == ""


def test_the_heartbeat_names_reader_and_camera_states_with_their_reasons():
    from kiosk.heartbeat import camera_report, reader_report

    assert reader_report({"online": True, "error": None}) == {"state": "ok", "reason": None}
    assert reader_report({"online": False, "error": None}) is None  # still opening
    unplugged = {"online": False, "error": "device_offline"}
    assert reader_report(unplugged) == {"state": "missing", "reason": "device_offline"}
    sam = {"online": False, "error": "idcard_sam_self_test"}
    assert reader_report(sam) == {"state": "error", "reason": "idcard_sam_self_test"}
    failed = {"online": False, "error": "camera_frame_error"}
    assert camera_report(failed, "sim://?dir=x") == {
        "state": "failed",
        "reason": "camera_frame_error",
    }
    assert camera_report({"online": True, "error": None}, "cv://0")["state"] == "ok"
    assert camera_report({"online": True, "error": None}, "none://")["state"] == "none"


def test_the_printed_words_come_from_the_kiosk_catalogue():
    from kiosk import texts
    from kiosk.receipts import ticket_labels

    labels = ticket_labels()
    ahead = texts.both("print.label.ahead", n=3)
    assert labels.ahead.format(n=3) == f"{ahead['zh']} / {ahead['en']}"
    assert labels.wait_unknown.startswith(texts.both("print.label.wait_unknown")["zh"])
    assert labels.materials[0] == texts.both("print.label.materials")["zh"]
