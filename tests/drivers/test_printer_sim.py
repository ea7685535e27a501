"""The sim:// printer: exact bytes, settable status, and PNGs drawn from the decoded stream."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import qrcode
from PIL import Image
from qrcode import constants

from drivers.printer import (
    FontNotFound,
    PaperOut,
    PrinterOffline,
    PrinterStatus,
    TicketPrint,
    decode,
    open_printer,
    plain_text,
    profile_for,
    render_ticket,
)
from drivers.printer import commands as cmd
from drivers.printer.render import MARGIN
from drivers.printer.sim import SimPrinter, SimState

DATA = Path(__file__).parent / "data" / "printer" / "ticket.json"


def load_ticket(**changes: Any) -> TicketPrint:
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    raw["issued_at"] = datetime.fromisoformat(raw["issued_at"])
    raw.update(changes)
    return TicketPrint(**raw)


def open_sim(url: str) -> SimPrinter:
    printer = open_printer(url)
    assert isinstance(printer, SimPrinter)
    return printer


def ink_bands(image: Image.Image) -> list[tuple[int, int]]:
    """Return (top, height) of each run of rows that hold any dark dot."""
    width, height = image.size
    pixels = image.load()
    assert pixels is not None
    bands: list[tuple[int, int]] = []
    top = None
    for y in range(height + 1):
        dark = y < height and any(pixels[x, y] < 128 for x in range(width))  # type: ignore[operator]
        if dark and top is None:
            top = y
        elif not dark and top is not None:
            bands.append((top, y - top))
            top = None
    return bands


def qr_image(payload: bytes, module: int) -> Image.Image:
    code = qrcode.QRCode(error_correction=constants.ERROR_CORRECT_M, border=0, box_size=module)
    code.add_data(payload)
    code.make(fit=True)
    image: Image.Image = code.make_image().get_image().convert("L")
    return image


def find(haystack: Image.Image, needle: Image.Image) -> tuple[int, int] | None:
    """Return where `needle` appears dot for dot in `haystack` (thresholded), if anywhere."""
    width = haystack.width
    hay = haystack.point(lambda v: 0 if v < 128 else 255).tobytes()
    rows = [
        needle.tobytes()[y * needle.width : (y + 1) * needle.width] for y in range(needle.height)
    ]
    for y in range(haystack.height - needle.height + 1):
        x = hay.find(rows[0], y * width, (y + 1) * width)
        while x != -1:
            left = x - y * width
            if all(
                hay[(y + dy) * width + left : (y + dy) * width + left + needle.width] == row
                for dy, row in enumerate(rows)
            ):
                return left, y
            x = hay.find(rows[0], x + 1, (y + 1) * width)
    return None


def test_sim_keeps_the_exact_bytes() -> None:
    ticket = load_ticket()
    printer = open_sim("sim://")
    printer.print_ticket(ticket)
    printer.write(b"\x1b@")
    assert printer.jobs == [render_ticket(ticket)]
    assert printer.output == render_ticket(ticket) + b"\x1b@"
    assert "A012" in plain_text(printer.decoded())


@pytest.mark.parametrize(("paper", "dots"), [(80, 576), (58, 384)])
def test_sim_writes_a_ticket_png(tmp_path: Path, paper: int, dots: int) -> None:
    ticket = load_ticket(paper_mm=paper)
    printer = open_sim(f"sim://?dir={tmp_path}/out")
    printer.print_ticket(ticket)
    (path,) = printer.images
    assert path.parent == tmp_path / "out" and path.suffix == ".png"
    with Image.open(path) as image:
        assert image.width == dots + 2 * MARGIN
        assert 600 < image.height < 2000
        gray = image.convert("L")
    histogram = gray.histogram()
    dark = sum(histogram[:128]) / (gray.width * gray.height)
    assert 0.03 < dark < 0.5  # neither blank nor black


@pytest.mark.parametrize(("paper", "size", "module"), [(80, 5, 6), (58, 4, 5)])
def test_png_shows_the_big_number_and_the_qr(paper: int, size: int, module: int) -> None:
    ticket = load_ticket(paper_mm=paper)
    printer = open_sim("sim://")
    printer.print_ticket(ticket)
    image = printer.render()
    qr = qr_image(ticket.status_url.encode(), module)
    spot = find(image, qr)
    assert spot is not None  # the QR drawn from the decoded payload, dot for dot
    dots = image.width - 2 * MARGIN
    assert spot[0] - MARGIN == (dots - qr.width) // 2  # centred by ESC a 1

    above_qr = [height for top, height in ink_bands(image) if top + height <= spot[1]]
    tallest, second = sorted(above_qr)[-2:][::-1]
    assert tallest >= 0.6 * 24 * size  # the number, drawn at GS ! size
    assert tallest > 1.5 * second


def test_raster_qr_in_png_matches_the_qr_matrix() -> None:
    ticket = load_ticket()
    printer = open_sim("sim://?qr=raster")
    printer.print_ticket(ticket)
    image = printer.render()
    qr = qr_image(ticket.status_url.encode(), 6)
    spot = find(image, qr)
    assert spot is not None
    assert abs(spot[0] - MARGIN - (image.width - 2 * MARGIN - qr.width) // 2) <= 6


def test_png_is_drawn_from_bytes_not_from_a_ticket(tmp_path: Path) -> None:
    printer = open_sim("sim://?paper=58")
    printer.write(cmd.INITIALIZE + cmd.text("测试：你好，世界") + cmd.NEWLINE + cmd.cut())
    blank = open_sim("sim://?paper=58")
    blank.write(cmd.INITIALIZE + cmd.NEWLINE + cmd.cut())
    path = printer.save_png(tmp_path / "raw.png")
    with Image.open(path) as drawn:
        assert drawn.width == 384 + 2 * MARGIN
        text_ink = sum(drawn.convert("L").histogram()[:128])
    assert text_ink > sum(blank.render().histogram()[:128]) + 500


def test_cjk_glyphs_are_real_characters() -> None:
    printer = open_sim("sim://")
    pictures = []
    for ch in "中国？":
        printer.write(cmd.INITIALIZE + cmd.text(ch) + cmd.NEWLINE)
        pictures.append(printer.render(cmd.INITIALIZE + cmd.text(ch) + cmd.NEWLINE).tobytes())
    assert len(set(pictures)) == 3  # no tofu boxes: each character draws differently


def test_unknown_bytes_are_visible_in_the_png() -> None:
    printer = open_sim("sim://")
    plain = printer.render(cmd.INITIALIZE + cmd.NEWLINE)
    marked = printer.render(cmd.INITIALIZE + b"\x1bt\x00" + cmd.NEWLINE)
    assert sum(marked.histogram()[:128]) > sum(plain.histogram()[:128])


def test_missing_font_is_a_clear_error() -> None:
    printer = open_sim("sim://?font=/nonexistent/font.ttf")
    printer.print_ticket(load_ticket())  # printing itself needs no font
    with pytest.raises(FontNotFound) as raised:
        printer.render()
    assert "/nonexistent/font.ttf" in str(raised.value)
    assert raised.value.zh == "未找到中文字体"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sim://", PrinterStatus(True, "ok", False)),
        ("sim://?paper_status=near_end", PrinterStatus(True, "near_end", False)),
        ("sim://?paper_status=out", PrinterStatus(False, "out", False)),
        ("sim://?cover=open", PrinterStatus(False, "ok", True)),
        ("sim://?online=0", PrinterStatus(False, "ok", False)),
        ("sim://?reply=0", PrinterStatus(None, "unknown", None)),
    ],
)
def test_sim_status_from_url(url: str, expected: PrinterStatus) -> None:
    assert open_sim(url).status() == expected


def test_kiosk_sees_paper_out_and_nothing_is_printed() -> None:
    printer = open_sim("sim://")
    printer.print_ticket(load_ticket(number="A011"))
    printer.state.paper = "out"
    with pytest.raises(PaperOut) as raised:
        printer.print_ticket(load_ticket(number="A012"))
    assert raised.value.zh == "打印机缺纸，请联系工作人员"
    assert len(printer.jobs) == 1
    assert "A012" not in plain_text(decode(printer.output))
    printer.state.paper = "near_end"
    printer.print_ticket(load_ticket(number="A012"))
    assert "A012" in plain_text(decode(printer.jobs[-1]))


def test_silent_sim_prints_with_unknown_status() -> None:
    printer = SimPrinter(state=SimState(answers=False))
    printer.print_ticket(load_ticket())
    assert printer.status().paper == "unknown"
    assert len(printer.jobs) == 1


def test_printer_paper_setting_wins_over_the_ticket() -> None:
    printer = open_sim("sim://?paper=58&cut=full")
    printer.print_ticket(load_ticket(paper_mm=80))
    assert printer.jobs[0] == render_ticket(load_ticket(), profile_for(58, partial_cut=False))


def test_closed_sim_refuses_writes() -> None:
    printer = open_sim("sim://")
    printer.close()
    with pytest.raises(PrinterOffline):
        printer.write(b"x")
