"""Regenerate the kiosk screenshots in docs/ and the virtual printer's picture of a ticket.

    .venv/bin/python scripts/screenshots_kiosk.py [--out docs]

Builds the example hall on a throw-away SQLite file (the server tests' hall: an open Monday,
demo accounts), puts a few people in line, starts the kiosk program on simulated devices
(virtual printer, pty ID-card emulator, image-folder camera) and photographs its touch UI in
headless Chromium (Debian's /usr/bin/chromium through Playwright), portrait 1080x1920 and
landscape 1920x1080: home, service choice, a pinyin-initials search, confirmation with an ID
card read, the ticket, the ticket when the printer is out of paper, the server-down error, a
service guide, elderly mode, a check-in by the booking's QR code, and (on a second kiosk whose
card reader holds scikit-image's astronaut with her ID photo) a face check-in and a person-ID
check that fails because somebody else stands at the camera.
docs/kiosk-ticket-print.png is the virtual printer's picture of the printed ticket.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from display.preview import LiveServer  # noqa: E402
from kiosk.preview import ServedKiosk, sim_config  # noqa: E402
from tests.server.conftest import build_hall  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
PORTRAIT = {"width": 1080, "height": 1920}
LANDSCAPE = {"width": 1920, "height": 1080}
LINE = {"social_security": 6, "medical_insurance": 3, "household": 4, "real_estate": 2,
        "business_registration": 1, "elderly_card": 2}  # fmt: skip
ELDERLY_CARD = 1  # 李秀英, born 1952: offered the green channel


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


def _booking_qr(hall: Any, folder: Path) -> None:
    """A booking for 10:30 today (the hall's clock: Monday 10:00), its QR before the camera."""
    import qrcode

    body = {"service": "medical_insurance", "date": "2026-11-23", "start": "10:30",
            "name": "王小明", "id_number": "110105198001011238",
            "phone": "13812345678"}  # fmt: skip
    r = hall.anonymous().post("/halls/dingcheng/appointments", body)
    assert r.status_code == 201, r.json
    qrcode.make(r.json["code"]).save(str(folder / "booking.png"))


def _faces(browser: Any, hall: Any, hall_server: LiveServer, work: Path, out: Path) -> None:
    """Face check-in, then a failed person-ID check, on a kiosk whose card has a real face."""
    from tests.kiosk import face_pictures as faces

    cfg = sim_config(hall_server.url, work / "faces", request_timeout_seconds=2.0,
                     **faces.face_kiosk_options(work / "faces"))  # fmt: skip
    rig = ServedKiosk(cfg, hall.accounts.kiosk_token).start()
    try:
        faces.book_with_face(hall, start="10:30")
        page = browser.new_page(viewport=PORTRAIT)
        page.goto(rig.url)
        _wait_ready(page)
        page.click("[data-testid=go-checkin]")
        _shot(page, out, "checkin-choices-1080x1920")
        page.click("[data-testid=checkin-face]")
        page.wait_for_selector("[data-testid=ticket-number]:not(:empty)", timeout=30_000)
        _shot(page, out, "checkin-face-ticket-1080x1920")
        page.click("[data-testid=done]")
        faces.show_camera(rig, faces.cameraman())  # somebody else stands at the camera
        rig.emulator.place(0)  # ... with her card: the kiosk reads it, then offers the services
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
        hall = build_hall(f"sqlite:///{work / 'hall.sqlite3'}")
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
