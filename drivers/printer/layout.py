"""Lay a queue ticket out as ESC/POS bytes: pure, no I/O, the same bytes for every transport."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from drivers.printer import commands as cmd
from drivers.printer.profile import PaperWidth, PrinterProfile, profile_for
from drivers.printer.qr import qr_raster
from drivers.printer.textwidth import display_width, wrap

QR_ECC: cmd.EccLevel = "M"


@dataclass(frozen=True)
class TicketLabels:
    """The printed words around the values, as format strings. The kiosk passes its catalogue's
    (kiosk/i18n print.label.*); these defaults serve the driver on its own (a test print)."""

    your_number: str = "您的号码 Your number"
    ahead: str = "前方等候：{n} 人 / People ahead: {n}"
    wait: str = "预计等候：约 {m} 分钟 / Wait: about {m} min"
    wait_unknown: str = "预计等候：暂无法估计 / Wait: not yet known"
    windows: str = "办理窗口 Windows：{windows}"
    issued: str = "取号时间 Issued：{at}"
    materials: tuple[str, ...] = ("请备齐以下材料（一次性告知）：", "Please bring all of these:")


@dataclass(frozen=True)
class TicketPrint:
    """Everything printed on one queue ticket; `issued_at` is passed in, never read here."""

    hall_name: str
    number: str
    service_zh: str
    service_en: str
    people_ahead: int
    wait_minutes: int | None  # None: no estimate yet (prints 暂无法估计)
    issued_at: datetime
    windows: str
    status_url: str
    materials: Sequence[str] = field(default=())
    paper_mm: PaperWidth = 80
    note: str = ""  # one line under the number: green channel, check-in notice
    labels: TicketLabels = field(default_factory=TicketLabels)

    def __post_init__(self) -> None:
        if not self.number.strip():
            raise ValueError("ticket number is empty")
        if self.people_ahead < 0 or (self.wait_minutes or 0) < 0:
            raise ValueError("people ahead and wait minutes cannot be negative")
        if self.paper_mm not in (58, 80):
            raise ValueError(f"paper width must be 58 or 80 mm, got {self.paper_mm}")
        if not self.status_url:
            raise ValueError("status URL for the QR code is empty")
        object.__setattr__(self, "materials", tuple(self.materials))


def clean(text: str) -> str:
    """Replace control and format characters so user text cannot inject printer commands."""
    return "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in text)


class _Sheet:
    """Accumulate ESC/POS bytes for one ticket, tracking the character size in use."""

    def __init__(self, profile: PrinterProfile) -> None:
        self.profile = profile
        self.out = bytearray(cmd.INITIALIZE)
        self.width = 1

    def style(self, *, align: cmd.Align, size: int = 1, bold: bool = False) -> None:
        self.out += cmd.align(align) + cmd.char_size(size, size) + cmd.bold(bold)
        self.width = size

    def paragraph(self, text: str, prefix: str = "") -> None:
        columns = self.profile.chars_per_line // self.width - display_width(prefix)
        for i, line in enumerate(wrap(clean(text), columns)):
            lead = prefix if i == 0 else " " * display_width(prefix)
            self.out += cmd.text(lead + line) + cmd.NEWLINE

    def rule(self) -> None:
        self.style(align="left")
        self.out += cmd.text("-" * self.profile.chars_per_line) + cmd.NEWLINE


def _header(sheet: _Sheet, ticket: TicketPrint) -> None:
    sheet.style(align="center", bold=True)
    sheet.paragraph(ticket.hall_name)
    sheet.rule()
    sheet.style(align="center", size=2)
    sheet.paragraph(ticket.service_zh)
    sheet.style(align="center")
    sheet.paragraph(ticket.service_en)
    sheet.paragraph(ticket.labels.your_number)
    sheet.style(align="center", size=sheet.profile.number_size, bold=True)
    sheet.paragraph(ticket.number)
    if ticket.note:
        sheet.style(align="center", bold=True)
        sheet.paragraph(ticket.note)


def _facts(sheet: _Sheet, ticket: TicketPrint) -> None:
    sheet.rule()
    ahead, wait = ticket.people_ahead, ticket.wait_minutes
    issued = ticket.issued_at.strftime("%Y-%m-%d %H:%M")
    labels = ticket.labels
    sheet.paragraph(labels.ahead.format(n=ahead))
    sheet.paragraph(labels.wait_unknown if wait is None else labels.wait.format(m=wait))
    sheet.paragraph(labels.windows.format(windows=ticket.windows))
    sheet.paragraph(labels.issued.format(at=issued))


def _materials(sheet: _Sheet, materials: Sequence[str], titles: Sequence[str]) -> None:
    if not materials:
        return
    sheet.rule()
    for title in titles:
        sheet.paragraph(title)
    for i, item in enumerate(materials, start=1):
        sheet.paragraph(item, prefix=f"{i}. ")


def _qr(sheet: _Sheet, url: str) -> None:
    profile = sheet.profile
    payload = clean(url).encode("utf-8")
    sheet.rule()
    if profile.native_qr:
        sheet.style(align="center")
        sheet.out += cmd.qr_native(payload, profile.qr_module_dots, QR_ECC) + cmd.NEWLINE
    else:
        sheet.style(align="left")
        sheet.out += qr_raster(payload, QR_ECC, profile.qr_module_dots, profile.dots_per_line)
    sheet.style(align="center")
    sheet.paragraph("扫码查看排队进度")
    sheet.paragraph("Scan to follow your place in line")


def render_ticket(ticket: TicketPrint, profile: PrinterProfile | None = None) -> bytes:
    """Return the complete ESC/POS job for one ticket: init, text, large number, QR, cut."""
    if profile is None:
        profile = profile_for(ticket.paper_mm)
    sheet = _Sheet(profile)
    _header(sheet, ticket)
    _facts(sheet, ticket)
    _materials(sheet, ticket.materials, ticket.labels.materials)
    _qr(sheet, ticket.status_url)
    sheet.out += cmd.feed_lines(4) + cmd.cut(partial=profile.partial_cut)
    return bytes(sheet.out)
