"""Open a printer from its URL, the way pyserial's serial_for_url opens a port."""

from __future__ import annotations

from drivers.printer.base import Printer
from drivers.printer.url import parse_printer_url


def open_printer(url: str) -> Printer:
    """Open `url`: escpos+usb://VID:PID, escpos+tcp://host:9100, escpos+serial:///dev/ttyS0,
    escpos+file:///dev/usb/lp0 or sim://; hardware libraries are imported only here."""
    parsed = parse_printer_url(url)
    if parsed.kind == "sim":
        from drivers.printer.sim import open_sim

        return open_sim(parsed)
    from drivers.printer.transport import open_escpos

    return open_escpos(parsed)
