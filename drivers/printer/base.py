"""The printer interface every transport implements, and the options read from its URL."""

from __future__ import annotations

import logging
import threading
from abc import ABC, abstractmethod
from dataclasses import dataclass
from types import TracebackType

from drivers.printer.layout import TicketPrint, render_ticket
from drivers.printer.profile import PaperWidth, PrinterProfile, profile_for
from drivers.printer.status import PrinterStatus, ensure_printable

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PrinterOptions:
    """Options common to every printer URL; `paper` None means the ticket's own width."""

    paper: PaperWidth | None = None
    native_qr: bool = True
    partial_cut: bool = True
    status_timeout: float = 0.5


class Printer(ABC):
    """A ticket printer: print tickets, send raw ESC/POS bytes, report status."""

    #: False for transports that cannot read replies (a plain device file).
    reads_status = True

    def __init__(self, options: PrinterOptions) -> None:
        self.options = options
        # One job or status exchange at a time: a status poll from another thread must not
        # read its reply in the middle of a ticket.
        self.lock = threading.RLock()

    def profile_for(self, ticket: TicketPrint) -> PrinterProfile:
        """Return the profile to lay `ticket` out with on this printer."""
        paper = self.options.paper or ticket.paper_mm
        if paper != ticket.paper_mm:
            log.warning("ticket laid out for %s mm printed on %s mm paper", ticket.paper_mm, paper)
        return profile_for(
            paper, native_qr=self.options.native_qr, partial_cut=self.options.partial_cut
        )

    def print_ticket(self, ticket: TicketPrint) -> None:
        """Print one ticket, refusing (PaperOut, CoverOpen, PrinterOffline) when it cannot."""
        data = render_ticket(ticket, self.profile_for(ticket))
        with self.lock:
            if self.reads_status:
                ensure_printable(self.status())
            self.write(data)
        log.info("printed ticket %s (%d bytes)", ticket.number, len(data))

    @abstractmethod
    def write(self, raw: bytes) -> None:
        """Send raw ESC/POS bytes."""

    @abstractmethod
    def status(self) -> PrinterStatus:
        """Ask the printer for its status; unknown parts stay None / "unknown"."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection; closing twice is harmless."""

    def __enter__(self) -> Printer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
