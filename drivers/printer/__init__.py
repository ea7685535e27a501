"""Ticket printer: ESC/POS layout, decoder, python-escpos transports and a sim:// printer.

Importing this package needs only the standard library; python-escpos, qrcode and Pillow
are imported when a transport is opened, a QR raster is built or a PNG is drawn.
"""

from __future__ import annotations

from drivers.printer.base import Printer, PrinterOptions
from drivers.printer.decoder import decode, plain_text
from drivers.printer.errors import (
    CoverOpen,
    FontNotFound,
    InvalidPrinterUrl,
    PaperOut,
    PrinterError,
    PrinterNotFound,
    PrinterOffline,
)
from drivers.printer.factory import open_printer
from drivers.printer.layout import TicketPrint, render_ticket
from drivers.printer.profile import PrinterProfile, profile_for
from drivers.printer.status import PrinterStatus

__all__ = [
    "CoverOpen",
    "FontNotFound",
    "InvalidPrinterUrl",
    "PaperOut",
    "Printer",
    "PrinterError",
    "PrinterNotFound",
    "PrinterOffline",
    "PrinterOptions",
    "PrinterProfile",
    "PrinterStatus",
    "TicketPrint",
    "decode",
    "open_printer",
    "plain_text",
    "profile_for",
    "render_ticket",
]
