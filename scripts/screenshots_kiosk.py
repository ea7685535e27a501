"""Regenerate the kiosk screenshots in docs/ and the virtual printer's picture of a ticket.

    .venv/bin/python scripts/screenshots_kiosk.py [--out docs]

Builds the example hall on a throw-away SQLite file (scripts/screenshots.py's, its clock at
10:00 on an open Monday), puts a few people in line, starts the kiosk program on simulated devices
(virtual printer, pty ID-card emulator, image-folder camera) and photographs its touch UI in
headless Chromium (Debian's /usr/bin/chromium through Playwright), portrait 1080x1920 and
landscape 1920x1080: home, service choice, a pinyin-initials search, confirmation with an ID
card read, the ticket, the ticket when the printer is out of paper, the server-down error, a
service guide, elderly mode, a check-in by the booking's QR code, and (on a second kiosk with
the demo's face card, kiosk/demo: scikit-image's astronaut with her ID photo) a face check-in and
a person-ID check that fails because somebody else (scikit-image's cameraman) stands at the
camera.
docs/kiosk-ticket-print.png is the virtual printer's picture of the printed ticket.
"""

from __future__ import annotations

import argparse
import base64
import json
import shutil
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from config.kiosk import DeviceUrls  # noqa: E402
from display.preview import LiveServer  # noqa: E402
from kiosk.preview import ServedKiosk, sim_config  # noqa: E402
from scripts.screenshots import ARGS, CHROMIUM, HALL, build  # noqa: E402

PORTRAIT = {"width": 1080, "height": 1920}
LANDSCAPE = {"width": 1920, "height": 1080}
LINE = {"social_security": 6, "medical_insurance": 3, "household": 4, "real_estate": 2,
        "business_registration": 1, "elderly_card": 2}  # fmt: skip
ELDERLY_CARD = 1  # 李秀英, born 1952: offered the green channel
OPEN_MONDAY = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai: the hall is open
DEMO = ROOT / "kiosk" / "demo"  # the demo kiosk's face card, its ID photo, camera and selfie
FACE_CARD = "resident-collins"


class Hall:
    """The built hall and the API calls the screenshots need (kiosk token or anonymous)."""

    def __init__(self, db_url: str) -> None:
        self.app, self.clock, self.accounts = build(db_url, start=OPEN_MONDAY, clerks=4)
        self.engine = self.app.extensions["onewindow"].engine

    def issue(self, service: str) -> None:
        auth = {"Authorization": f"Bearer {self.accounts.kiosk_token}"}
        r = self.app.test_client().post(
            f"/api/v1/halls/{HALL}/tickets", json={"service": service}, headers=auth
        )
        assert r.status_code == 201, r.json

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """An anonymous call, as from a citizen's phone; the answer must be 201."""
        r = self.app.test_client().post(f"/api/v1/halls/{HALL}{path}", json=body)
        assert r.status_code == 201, r.json
        return r.json  # type: ignore[no-any-return]


def _wait_ready(page: Any) -> None:
    page.wait_for_selector("body[data-ready='1']", state="attached", timeout=15_000)


def _shot(page: Any, out: Path, name: str) -> None:
    page.wait_for_timeout(300)  # let the last poll paint
    page.screenshot(path=str(out / f"kiosk-{name}.png"))
    print("wrote", out / f"kiosk-{name}.png")


def _home(page: Any) -> None:
    while page.locator("body[data-screen=home]").count() == 0:
        page.locator(".screen:not([hidden]) .back").click()


def _portrait(browser: Any, rig: ServedKiosk, hall_server: LiveServer, out: Path) -> None:
    page = browser.new_page(viewport=PORTRAIT)
    page.goto(rig.url)
    _wait_ready(page)
    _shot(page, out, "home-1080x1920")
    page.click("[data-testid=go-take]")
    page.wait_for_selector("[data-testid=service-social_security]")
    _shot(page, out, "services-1080x1920")
    rig.emulator.place(ELDERLY_CARD)
    page.wait_for_selector("[data-testid=person]", state="visible", timeout=10_000)
    page.click("[data-testid=service-social_security]")
    page.wait_for_selector("#green", state="visible")
    _shot(page, out, "confirm-1080x1920")
    page.click("[data-testid=confirm]")
    page.wait_for_selector("[data-testid=ticket-number]:not(:empty)")
    _shot(page, out, "ticket-1080x1920")
    rig.printer.save_png(out / "kiosk-ticket-print.png", rig.printer.jobs[-1])
    print("wrote", out / "kiosk-ticket-print.png")
    rig.emulator.remove()
    page.click("[data-testid=done]")
    page.click("[data-testid=go-guide]")
    page.click("[data-testid=service-real_estate]")
    page.wait_for_selector("[data-testid=guide] .guide-section")
    _shot(page, out, "guide-1080x1920")
    _home(page)
    page.click("[data-testid=mode-toggle]")
    page.click("[data-testid=go-take]")
    page.wait_for_selector("[data-testid=service-elderly_card]")
    _shot(page, out, "elderly-1080x1920")
    page.click("[data-testid=mode-toggle]")
    hall_server.stop()
    _home(page)
    page.click("[data-testid=go-take]")
    page.click("[data-testid=service-household]")
    page.click("[data-testid=confirm]")
    page.wait_for_selector("[data-testid=error]", state="visible")
    _shot(page, out, "error-server-down-1080x1920")
    page.close()


def _landscape(browser: Any, rig: ServedKiosk, out: Path) -> None:
    page = browser.new_page(viewport=LANDSCAPE)
    page.goto(rig.url)
    _wait_ready(page)
    _shot(page, out, "home-1920x1080")
    page.click("[data-testid=go-take]")
    page.wait_for_selector("[data-testid=service-social_security]")
    _shot(page, out, "services-1920x1080")
    for key in "bdc":  # 不动产登记 by its pinyin initials
        page.click(f"#keyboard [data-key={key}]")
    page.wait_for_selector("#service-list > .service-grid [data-testid=service-real_estate]")
    _shot(page, out, "search-pinyin-1920x1080")
    page.click("#search-clear")
    page.wait_for_selector("#service-list .group")
    rig.printer.state.paper = "out"
    page.wait_for_selector("body[data-printer=fault]", state="attached", timeout=10_000)
    page.click("[data-testid=service-medical_insurance]")
    page.click("[data-testid=confirm]")
    page.wait_for_selector("[data-testid=photo-note]", state="visible")
    _shot(page, out, "ticket-paper-out-1920x1080")
    rig.printer.state.paper = "ok"
    page.click("[data-testid=done]")
    page.click("[data-testid=go-checkin]")
    page.click("[data-testid=checkin-qr]")  # the camera holds the booking's QR (main)
    page.wait_for_selector("[data-testid=ticket-number]:not(:empty)", timeout=15_000)
    _shot(page, out, "checkin-qr-ticket-1920x1080")
    page.close()


def _booking_qr(hall: Hall, folder: Path) -> None:
    """A booking for 10:30 today (the hall's clock: Monday 10:00), its QR before the camera."""
    import qrcode

    body = {"service": "medical_insurance", "date": "2026-11-23", "start": "10:30",
            "name": "王小明", "id_number": "110105198001011238",
            "phone": "13812345678"}  # fmt: skip
    qrcode.make(hall.post("/appointments", body)["code"]).save(str(folder / "booking.png"))


def _face_devices(work: Path) -> dict[str, Any]:
    """Kiosk settings whose reader holds the demo cards (with her card), whose sim photo
    decoder knows her ID photo, and whose camera shows her."""
    camera = work / "face-camera"
    camera.mkdir(parents=True, exist_ok=True)
    shutil.copy(DEMO / "camera" / "astronaut.jpg", camera)
    cards = f"sim://?cards={DEMO / 'cards.json'}"
    devices = DeviceUrls(printer="sim://?paper=80", idcard=cards, camera=f"sim://?dir={camera}",
                         voice="none://")  # fmt: skip
    return {"devices": devices, "photo_decoder_library": cards}


def _face_card() -> tuple[int, dict[str, str]]:
    """Her card in the demo card file: its place on the emulator, and its fields."""
    cards = json.loads((DEMO / "cards.json").read_text(encoding="utf-8"))["cards"]
    index = next(i for i, card in enumerate(cards) if card["label"] == FACE_CARD)
    return index, cards[index]["fields"]


def _book_with_face(hall: Hall) -> None:
    """She books 10:30 today with her card's number and consents with the demo selfie."""
    fields = _face_card()[1]
    number = fields["id_number"]
    body = {"service": "social_security", "date": "2026-11-23", "start": "10:30",
            "name": fields["name"], "id_number": number, "phone": "13812345678"}  # fmt: skip
    code = hall.post("/appointments", body)["code"]
    selfie = base64.b64encode((DEMO / "selfie.jpg").read_bytes()).decode()
    hall.post(f"/appointments/{code}/face", {"id_number": number, "consent": True,
                                              "photo": selfie})  # fmt: skip


def _somebody_else(camera: Path) -> None:
    """Put scikit-image's cameraman before the camera, enlarged and sharpened so that he
    passes the kiosk's quality gates as a live face."""
    import cv2
    import numpy as np
    from skimage import data

    frame = cv2.resize(cv2.cvtColor(data.camera(), cv2.COLOR_GRAY2BGR), None, fx=1.4, fy=1.4,
                       interpolation=cv2.INTER_CUBIC)  # fmt: skip
    sharpen = np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], np.float32)
    for old in camera.glob("*.jpg"):
        old.unlink()
    cv2.imwrite(str(camera / "00.jpg"), cv2.filter2D(frame, -1, sharpen),
                [cv2.IMWRITE_JPEG_QUALITY, 92])  # fmt: skip


def _faces(browser: Any, hall: Hall, hall_server: LiveServer, work: Path, out: Path) -> None:
    """Face check-in, then a failed person-ID check, on a kiosk whose card has a real face."""
    options = _face_devices(work / "faces")
    cfg = sim_config(hall_server.url, work / "faces", request_timeout_seconds=2.0, **options)
    rig = ServedKiosk(cfg, hall.accounts.kiosk_token).start()
    try:
        _book_with_face(hall)
        page = browser.new_page(viewport=PORTRAIT)
        page.goto(rig.url)
        _wait_ready(page)
        page.click("[data-testid=go-checkin]")
        _shot(page, out, "checkin-choices-1080x1920")
        page.click("[data-testid=checkin-face]")
        page.wait_for_selector("[data-testid=ticket-number]:not(:empty)", timeout=30_000)
        _shot(page, out, "checkin-face-ticket-1080x1920")
        page.click("[data-testid=done]")
        _somebody_else(work / "faces" / "face-camera")  # somebody else stands at the camera
        rig.emulator.place(_face_card()[0])  # ... with her card: read, then services offered
        page.wait_for_selector("[data-testid=person]", state="visible", timeout=30_000)
        page.wait_for_selector("[data-testid=service-real_estate]", timeout=30_000)
        page.click("[data-testid=service-real_estate]")
        page.wait_for_selector("[data-testid=identity-message]", timeout=30_000)
        _shot(page, out, "identity-check-failed-1080x1920")
        page.close()
    finally:
        rig.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=str(ROOT / "docs"))
    out = Path(parser.parse_args().out)
    out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        hall = Hall(f"sqlite:///{work / 'hall.sqlite3'}")
        for service, count in LINE.items():
            for _ in range(count):
                hall.issue(service)
        hall_server = LiveServer(hall.app).start()
        cfg = sim_config(hall_server.url, work, request_timeout_seconds=2.0)
        _booking_qr(hall, work / "camera")
        rig = ServedKiosk(cfg, hall.accounts.kiosk_token).start()
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                _landscape(browser, rig, out)
                _faces(browser, hall, hall_server, work, out)
                _portrait(browser, rig, hall_server, out)
                browser.close()
        finally:
            rig.stop()
            hall_server.stop()
            hall.engine.dispose()


if __name__ == "__main__":
    main()
