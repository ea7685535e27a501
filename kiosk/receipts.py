"""What the kiosk prints: the queue ticket (with the material list) and the guide checklist."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from drivers.printer import commands as cmd
from drivers.printer import profile_for
from drivers.printer.layout import TicketLabels, TicketPrint, clean
from drivers.printer.textwidth import wrap
from kiosk import texts
from kiosk.guides import Guide


def windows_serving(catalogue: Mapping[str, Any], service: str) -> str:
    """Return the window numbers that take `service`, compact: "2-7, 9"."""
    numbers = sorted(
        int(w["number"])
        for w in catalogue.get("windows", [])
        if service in w.get("services", []) and str(w.get("number", "")).isdigit()
    )
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs)


def local_time(iso: str | None, timezone: str) -> datetime:
    """Return the server's timestamp in the hall's time zone (now when it sent none)."""
    zone = ZoneInfo(timezone)
    if not iso:
        return datetime.now(zone)
    at = datetime.fromisoformat(iso)
    if at.tzinfo is None:
        at = at.replace(tzinfo=ZoneInfo("UTC"))
    return at.astimezone(zone)


def _printed(key: str, joiner: str = " / ") -> str:
    """A print label from the catalogue, Chinese then English (placeholders kept for the
    layout to fill: `both` leaves a text whose fields it is not given as it is)."""
    words = texts.both(key)
    return f"{words['zh']}{joiner}{words['en']}"


def ticket_labels() -> TicketLabels:
    """The words printed around a ticket's values, from kiosk/i18n print.label.*."""
    materials = texts.both("print.label.materials")
    return TicketLabels(
        your_number=_printed("print.label.your_number", " "),
        ahead=_printed("print.label.ahead"),
        wait=_printed("print.label.wait"),
        wait_unknown=_printed("print.label.wait_unknown"),
        # A value the same in both languages is printed once, after both words.
        windows=_printed("print.label.windows", " ") + "：{windows}",
        issued=_printed("print.label.issued", " ") + "：{at}",
        materials=(materials["zh"], materials["en"]),
    )


# Printed under the number (kiosk/i18n print.priority.*) so the clerk and the citizen see why
# the ticket is called early.
PRIORITIES = ("appointment", "elderly", "disabled", "pregnant", "veteran")


def priority_note(priority: str) -> str:
    if priority not in PRIORITIES:
        return ""
    words = texts.both(f"print.priority.{priority}")
    return f"{words['zh']} {words['en']}"


def ticket_print(
    view: Mapping[str, Any],
    *,
    hall_name: str,
    windows: str,
    status_url: str,
    timezone: str,
    materials: Iterable[str] = (),
    paper_mm: Literal[58, 80] = 80,
) -> TicketPrint:
    """Build the printed ticket from the server's ticket view."""
    service = view.get("service") or {}
    minutes = view.get("estimated_minutes")
    priority = view.get("priority") or "normal"
    return TicketPrint(
        hall_name=hall_name,
        number=str(view["number"]),
        service_zh=str(service.get("name_zh", "")),
        service_en=str(service.get("name_en", "")),
        people_ahead=max(int(view.get("ahead") or 0), 0),
        wait_minutes=None if minutes is None else max(round(minutes), 0),
        issued_at=local_time(view.get("issued_at"), timezone),
        windows=windows or "-",
        status_url=status_url,
        materials=tuple(materials),
        paper_mm=paper_mm,
        note=priority_note(priority),
        labels=ticket_labels(),
    )


def checklist_job(
    guide: Guide, service_zh: str, service_en: str, hall_name: str, paper_mm: Literal[58, 80]
) -> bytes:
    """Return the ESC/POS job of a service's 一次性告知 checklist (no number, no QR)."""
    profile = profile_for(paper_mm)
    out = bytearray(cmd.INITIALIZE)

    def lines(text: str, *, size: int = 1, align: cmd.Align = "left", bold: bool = False,
              prefix: str = "") -> None:  # fmt: skip
        nonlocal out
        out += cmd.align(align) + cmd.char_size(size, size) + cmd.bold(bold)
        width = profile.chars_per_line // size - len(prefix)
        for i, line in enumerate(wrap(clean(text), width)):
            lead = prefix if i == 0 else " " * len(prefix)
            out += cmd.text(lead + line) + cmd.NEWLINE

    rule = "-" * profile.chars_per_line
    lines(hall_name, align="center", bold=True)
    lines(rule)
    lines(service_zh, size=2, align="center")
    lines(service_en, align="center")
    lines(_printed("print.checklist.title"), align="center", bold=True)
    sections = (
        (_printed("print.checklist.conditions", " "), guide.conditions_zh),
        (_printed("print.checklist.materials", " "), guide.materials_zh),
    )
    for title, items in sections:
        if items:
            lines(rule)
            lines(title, bold=True)
            for i, item in enumerate(items, start=1):
                lines(item, prefix=f"{i}. ")
    lines(rule)
    if guide.time_limit_zh:
        lines(f"{_printed('print.checklist.time_limit', ' ')}：{guide.time_limit_zh}")
    if guide.fees_zh:
        lines(f"{_printed('print.checklist.fees', ' ')}：{guide.fees_zh}")
    out += cmd.feed_lines(4) + cmd.cut(partial=profile.partial_cut)
    return bytes(out)
