"""Parse DLE EOT real-time status replies bit by bit and decide whether a ticket can print."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from drivers.printer.errors import CoverOpen, PaperOut, PrinterOffline

log = logging.getLogger(__name__)

PaperState = Literal["ok", "near_end", "out", "unknown"]

# Every DLE EOT reply has bit 1 and bit 4 set and bits 0 and 7 clear (Epson ESC/POS
# reference); a byte that does not match is noise, not a status.
FIXED_MASK = 0x93
FIXED_BITS = 0x12
OFFLINE_BIT = 0x08  # n=1, bit 3
COVER_OPEN_BIT = 0x04  # n=2, bit 2
PAPER_STOP_BIT = 0x20  # n=2, bit 5: printing stopped at paper end
NEAR_END_BITS = 0x0C  # n=4, bits 2-3: roll paper near-end sensor
PAPER_END_BITS = 0x60  # n=4, bits 5-6: roll paper end sensor


@dataclass(frozen=True)
class PrinterStatus:
    """What the printer said about itself; None / "unknown" when it did not say."""

    online: bool | None
    paper: PaperState
    cover_open: bool | None


UNKNOWN_STATUS = PrinterStatus(online=None, paper="unknown", cover_open=None)


def is_status_byte(reply: int | None) -> bool:
    """Tell whether a reply byte has the fixed bits every DLE EOT answer carries."""
    return reply is not None and reply & FIXED_MASK == FIXED_BITS


def parse_online(reply: int | None) -> bool | None:
    """Read the DLE EOT 1 reply: bit 3 set means offline."""
    if reply is None or not is_status_byte(reply):
        return None
    return not reply & OFFLINE_BIT


def parse_cover_open(reply: int | None) -> bool | None:
    """Read the DLE EOT 2 reply: bit 2 set means the cover is open."""
    if reply is None or not is_status_byte(reply):
        return None
    return bool(reply & COVER_OPEN_BIT)


def parse_paper(reply: int | None) -> PaperState:
    """Read the DLE EOT 4 reply: bits 5-6 paper end, bits 2-3 near end.

    The spec defines both bits of a pair as set together; a single bit is read as the
    worse state, since printing into nothing is worse than a needless warning.
    """
    if reply is None or not is_status_byte(reply):
        return "unknown"
    if reply & PAPER_END_BITS:
        return "out"
    if reply & NEAR_END_BITS:
        return "near_end"
    return "ok"


def read_status(ask: Callable[[int], int | None]) -> PrinterStatus:
    """Query DLE EOT 1, 2 and 4 through `ask`; a printer that does not answer is unknown."""
    first = ask(1)
    if first is None:
        return UNKNOWN_STATUS
    cover = ask(2)
    paper = ask(4)
    return PrinterStatus(
        online=parse_online(first), paper=parse_paper(paper), cover_open=parse_cover_open(cover)
    )


def ensure_printable(status: PrinterStatus) -> None:
    """Raise the matching typed error when the status says a ticket would not come out."""
    if status.paper == "out":
        raise PaperOut()
    if status.cover_open:
        raise CoverOpen()
    if status.online is False:
        raise PrinterOffline()
    if status.paper == "near_end":
        log.warning("printer paper is near its end")
    elif status.paper == "unknown" or status.online is None:
        log.warning("printer status unknown (%s); printing anyway", status)
