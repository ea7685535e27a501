"""A virtual printer: keeps the exact bytes, answers DLE EOT from a settable state, draws PNGs."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from drivers.printer.base import Printer, PrinterOptions
from drivers.printer.decoder import decode
from drivers.printer.errors import PrinterOffline
from drivers.printer.layout import TicketPrint
from drivers.printer.profile import profile_for
from drivers.printer.status import (
    COVER_OPEN_BIT,
    FIXED_BITS,
    NEAR_END_BITS,
    OFFLINE_BIT,
    PAPER_END_BITS,
    PAPER_STOP_BIT,
    PrinterStatus,
    read_status,
)
from drivers.printer.tokens import Command
from drivers.printer.url import PrinterUrl

if TYPE_CHECKING:
    from PIL import Image

log = logging.getLogger(__name__)

SimPaper = Literal["ok", "near_end", "out"]


@dataclass
class SimState:
    """What the virtual printer reports; change it to simulate paper out or a dead printer."""

    online: bool = True
    paper: SimPaper = "ok"
    cover_open: bool = False
    answers: bool = True

    def reply(self, n: int) -> int | None:
        """Return the byte a real printer would send for DLE EOT n, None when it keeps quiet."""
        if not self.answers:
            return None
        out = self.paper == "out"
        if n == 1:
            offline = not self.online or self.cover_open or out
            return FIXED_BITS | (OFFLINE_BIT if offline else 0)
        if n == 2:
            return (
                FIXED_BITS
                | (COVER_OPEN_BIT if self.cover_open else 0)
                | (PAPER_STOP_BIT if out else 0)
            )
        if n == 4:
            near = NEAR_END_BITS if self.paper != "ok" else 0
            return FIXED_BITS | near | (PAPER_END_BITS if out else 0)
        return FIXED_BITS


class SimPrinter(Printer):
    """Virtual printer; `output` holds every byte received, `images` the PNGs written."""

    def __init__(
        self,
        options: PrinterOptions | None = None,
        state: SimState | None = None,
        out_dir: str | Path | None = None,
        font_path: str | None = None,
    ) -> None:
        super().__init__(options or PrinterOptions())
        self.state = state or SimState()
        self.out_dir = Path(out_dir) if out_dir is not None else None
        self.font_path = font_path
        self.jobs: list[bytes] = []
        self.images: list[Path] = []
        self._output = bytearray()
        self._dots = profile_for(self.options.paper or 80).dots_per_line
        self._closed = False

    @property
    def output(self) -> bytes:
        """Return every byte written so far."""
        return bytes(self._output)

    def write(self, raw: bytes) -> None:
        with self.lock:
            if self._closed:
                raise PrinterOffline("sim printer is closed")
            self._output += raw

    def status(self) -> PrinterStatus:
        return read_status(self.state.reply)

    def close(self) -> None:
        self._closed = True

    def print_ticket(self, ticket: TicketPrint) -> None:
        with self.lock:
            start = len(self._output)
            self._dots = self.profile_for(ticket).dots_per_line
            super().print_ticket(ticket)
            self.jobs.append(bytes(self._output[start:]))
        if self.out_dir is not None:
            self.images.append(self.save_png(self._next_png(), self.jobs[-1]))

    def _next_png(self) -> Path:
        assert self.out_dir is not None
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        path = self.out_dir / f"ticket-{stamp}.png"
        suffix = 1
        while path.exists():  # several sim printers may share one folder
            path = self.out_dir / f"ticket-{stamp}-{suffix}.png"
            suffix += 1
        return path

    def decoded(self) -> list[Command]:
        """Return the commands decoded from everything received."""
        return decode(self.output)

    def render(self, data: bytes | None = None) -> Image.Image:
        """Return a picture of what `data` (default: all output) prints, from decoded bytes."""
        from drivers.printer.fonts import find_cjk_font
        from drivers.printer.render import render_commands

        commands = decode(self.output if data is None else data)
        return render_commands(commands, self._dots, find_cjk_font(self.font_path))

    def save_png(self, path: str | Path, data: bytes | None = None) -> Path:
        """Render `data` (default: all output) and write it as a PNG file."""
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        self.render(data).save(target, format="PNG")
        log.info("sim printer wrote %s", target)
        return target


_TRUE, _FALSE = ("1", "true", "yes"), ("0", "false", "no")


def _flag(url: PrinterUrl, key: str, default: str) -> bool:
    return url.choice(key, default, _TRUE + _FALSE) in _TRUE


def open_sim(url: PrinterUrl) -> SimPrinter:
    """Build a SimPrinter from sim://?dir=...&paper=58&paper_status=out&online=0&reply=0."""
    paper = url.choice("paper_status", "ok", ("ok", "near_end", "out"))
    state = SimState(
        online=_flag(url, "online", "1"),
        paper="out" if paper == "out" else "near_end" if paper == "near_end" else "ok",
        cover_open=url.choice("cover", "closed", ("closed", "open")) == "open",
        answers=_flag(url, "reply", "1"),
    )
    out_dir = url.text("dir", "") or None
    return SimPrinter(url.options(), state, out_dir, url.text("font", "") or None)
