"""Parse printer URLs (escpos+usb/tcp/serial/file, sim) into checked, typed parts."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import parse_qsl, unquote, urlsplit

from drivers.printer.base import PrinterOptions
from drivers.printer.errors import InvalidPrinterUrl

Kind = Literal["usb", "tcp", "serial", "file", "sim"]

SCHEMES: dict[str, Kind] = {
    "escpos+usb": "usb",
    "escpos+tcp": "tcp",
    "escpos+serial": "serial",
    "escpos+file": "file",
    "sim": "sim",
}
_COMMON = {"paper", "qr", "cut", "status_timeout"}
ALLOWED_OPTIONS: dict[Kind, frozenset[str]] = {
    "usb": frozenset(_COMMON | {"timeout", "in_ep", "out_ep"}),
    "tcp": frozenset(_COMMON | {"timeout"}),
    "serial": frozenset(_COMMON | {"timeout", "baud"}),
    "file": frozenset(_COMMON - {"status_timeout"}),
    "sim": frozenset(_COMMON | {"dir", "font", "paper_status", "online", "cover", "reply"}),
}
_USB_IDS = re.compile(r"^([0-9a-fA-F]{1,4}):([0-9a-fA-F]{1,4})$")
DEFAULT_TCP_PORT = 9100


@dataclass(frozen=True)
class PrinterUrl:
    """A parsed printer URL: the transport kind, where it points, and its query options."""

    kind: Kind
    host: str = ""
    port: int = 0
    path: str = ""
    vendor_id: int = 0
    product_id: int = 0
    query: Mapping[str, str] = field(default_factory=dict)

    def text(self, key: str, default: str) -> str:
        """Return a query option as text."""
        return self.query.get(key, default)

    def number(self, key: str, default: float, *, low: float, high: float) -> float:
        """Return a query option as a number within [low, high], or raise InvalidPrinterUrl."""
        raw = self.query.get(key)
        if raw is None:
            return default
        try:
            value = float(int(raw, 0)) if raw.lower().startswith("0x") else float(raw)
        except ValueError:
            raise InvalidPrinterUrl(f"option {key}={raw!r} is not a number") from None
        if not low <= value <= high:
            raise InvalidPrinterUrl(f"option {key}={raw!r} is outside {low:g}..{high:g}")
        return value

    def choice(self, key: str, default: str, allowed: tuple[str, ...]) -> str:
        """Return a query option that must be one of `allowed`."""
        value = self.query.get(key, default)
        if value not in allowed:
            raise InvalidPrinterUrl(f"option {key}={value!r} must be one of {', '.join(allowed)}")
        return value

    def options(self) -> PrinterOptions:
        """Return the options every transport shares (paper, qr, cut, status_timeout)."""
        paper = self.choice("paper", "", ("", "58", "80"))
        return PrinterOptions(
            paper=58 if paper == "58" else 80 if paper == "80" else None,
            native_qr=self.choice("qr", "native", ("native", "raster")) == "native",
            partial_cut=self.choice("cut", "partial", ("partial", "full")) == "partial",
            status_timeout=self.number("status_timeout", 0.5, low=0.01, high=30),
        )


def _query(kind: Kind, raw: str) -> dict[str, str]:
    pairs = parse_qsl(raw, keep_blank_values=True, strict_parsing=False)
    query = dict(pairs)
    unknown = sorted(set(query) - ALLOWED_OPTIONS[kind])
    if unknown:
        allowed = ", ".join(sorted(ALLOWED_OPTIONS[kind]))
        raise InvalidPrinterUrl(f"unknown option {unknown[0]!r} for {kind} (allowed: {allowed})")
    return query


def _usb(netloc: str, query: dict[str, str]) -> PrinterUrl:
    match = _USB_IDS.match(netloc)
    if not match:
        raise InvalidPrinterUrl(f"USB printer needs VID:PID in hex, got {netloc!r}")
    vendor, product = (int(part, 16) for part in match.groups())
    return PrinterUrl("usb", vendor_id=vendor, product_id=product, query=query)


def _tcp(netloc: str, query: dict[str, str]) -> PrinterUrl:
    host, sep, port_text = netloc.rpartition(":")
    if not sep:
        host, port_text = netloc, str(DEFAULT_TCP_PORT)
    host = host.strip("[]")
    if not host or not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise InvalidPrinterUrl(f"TCP printer needs host[:port], got {netloc!r}")
    return PrinterUrl("tcp", host=host, port=int(port_text), query=query)


def parse_printer_url(url: str) -> PrinterUrl:
    """Parse and check a printer URL, raising InvalidPrinterUrl with the reason."""
    parts = urlsplit(url.strip())
    kind = SCHEMES.get(parts.scheme.lower())
    if kind is None:
        known = ", ".join(f"{scheme}://" for scheme in SCHEMES)
        raise InvalidPrinterUrl(f"unsupported scheme in {url!r} (known: {known})")
    query = _query(kind, parts.query)
    if kind == "usb":
        return _usb(parts.netloc, query)
    if kind == "tcp":
        return _tcp(parts.netloc, query)
    if kind == "sim":
        if parts.netloc or parts.path.strip("/"):
            raise InvalidPrinterUrl(f"sim:// takes only options, got {url!r}")
        return PrinterUrl("sim", query=query)
    path = unquote(parts.path)
    if parts.netloc or not path.startswith("/"):
        raise InvalidPrinterUrl(f"{kind} printer needs an absolute path (three slashes): {url!r}")
    return PrinterUrl(kind, path=path, query=query)
