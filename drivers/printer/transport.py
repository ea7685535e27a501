"""Real printers through python-escpos (USB, TCP, serial, device file), imported on first use."""

from __future__ import annotations

import logging
import socket
from typing import Any, Protocol

from drivers.printer.base import Printer, PrinterOptions
from drivers.printer.commands import status_query
from drivers.printer.errors import PrinterNotFound, PrinterOffline
from drivers.printer.status import UNKNOWN_STATUS, PrinterStatus, read_status
from drivers.printer.url import PrinterUrl

log = logging.getLogger(__name__)


class Channel(Protocol):
    """The read side of a transport, used for DLE EOT replies."""

    def drain(self) -> None:
        """Discard bytes that arrived unasked (a late reply must not answer the next query)."""

    def receive(self, timeout: float) -> bytes:
        """Return the bytes that arrive within `timeout` seconds, b"" if none."""


class SocketChannel:
    """Read replies from the TCP socket python-escpos' Network printer holds."""

    def __init__(self, device: Any, io_timeout: float) -> None:
        self._device = device
        self._io_timeout = io_timeout

    def drain(self) -> None:
        sock = self._device.device
        sock.setblocking(False)
        try:
            while sock.recv(64):
                pass
        except BlockingIOError:
            pass
        finally:
            sock.settimeout(self._io_timeout)

    def receive(self, timeout: float) -> bytes:
        sock = self._device.device
        sock.settimeout(timeout)
        try:
            return bytes(sock.recv(16))
        except TimeoutError:
            return b""
        finally:
            sock.settimeout(self._io_timeout)


class SerialChannel:
    """Read replies from the pyserial port python-escpos' Serial printer holds."""

    def __init__(self, device: Any) -> None:
        self._device = device

    def drain(self) -> None:
        self._device.device.reset_input_buffer()

    def receive(self, timeout: float) -> bytes:
        port = self._device.device
        saved, port.timeout = port.timeout, timeout
        try:
            return bytes(port.read(1))  # one byte: do not wait out the timeout for 16
        finally:
            port.timeout = saved


class UsbChannel:
    """Read replies from the bulk IN endpoint of python-escpos' Usb printer."""

    def __init__(self, device: Any) -> None:
        self._device = device

    def drain(self) -> None:
        """Leave the endpoint alone: a USB read always blocks for its timeout when idle."""

    def receive(self, timeout: float) -> bytes:
        import usb.core

        try:
            data = self._device.device.read(self._device.in_ep, 16, max(1, int(timeout * 1000)))
        except usb.core.USBTimeoutError:
            return b""
        return bytes(data)


class EscposPrinter(Printer):
    """A printer behind a python-escpos transport; bytes go out through its `_raw`."""

    def __init__(
        self, device: Any, channel: Channel | None, options: PrinterOptions, label: str
    ) -> None:
        super().__init__(options)
        self._device = device
        self._channel = channel
        self.reads_status = channel is not None
        self.label = label
        self._closed = False

    def write(self, raw: bytes) -> None:
        with self.lock:
            if self._closed:
                raise PrinterOffline(f"{self.label} is closed")
            try:
                self._device._raw(raw)
            except OSError as exc:
                raise PrinterOffline(f"{self.label}: {exc}") from exc

    def _ask(self, n: int) -> int | None:
        if self._channel is None or self._closed:
            return None
        try:
            self._channel.drain()
            self._device._raw(status_query(n))
            reply = self._channel.receive(self.options.status_timeout)
        except OSError as exc:
            log.warning("status query DLE EOT %d to %s failed: %s", n, self.label, exc)
            return None
        if not reply:
            log.info("no reply to DLE EOT %d from %s", n, self.label)
            return None
        return reply[0]

    def status(self) -> PrinterStatus:
        if self._channel is None:
            return UNKNOWN_STATUS
        with self.lock:
            return read_status(self._ask)

    def close(self) -> None:
        with self.lock:
            if self._closed:
                return
            self._closed = True
            try:
                self._device.close()
            except OSError as exc:
                log.warning("closing %s: %s", self.label, exc)


def _build(escpos_printer: Any, url: PrinterUrl) -> tuple[Any, str]:
    timeout = url.number("timeout", 5.0, low=0.1, high=300)
    if url.kind == "usb":
        device = escpos_printer.Usb(
            url.vendor_id,
            url.product_id,
            timeout=int(timeout * 1000),
            in_ep=int(url.number("in_ep", 0x82, low=0x81, high=0x8F)),
            out_ep=int(url.number("out_ep", 0x01, low=0x01, high=0x0F)),
        )
        return device, f"USB printer {url.vendor_id:04x}:{url.product_id:04x}"
    if url.kind == "tcp":
        device = escpos_printer.Network(url.host, url.port, timeout=timeout)
        return device, f"TCP printer {url.host}:{url.port}"
    if url.kind == "serial":
        baud = int(url.number("baud", 9600, low=300, high=921600))
        device = escpos_printer.Serial(url.path, baudrate=baud, timeout=timeout)
        return device, f"serial printer {url.path}"
    return escpos_printer.File(url.path), f"file printer {url.path}"


def _channel(url: PrinterUrl, device: Any) -> Channel | None:
    if url.kind == "tcp":
        return SocketChannel(device, url.number("timeout", 5.0, low=0.1, high=300))
    if url.kind == "serial":
        return SerialChannel(device)
    if url.kind == "usb":
        return UsbChannel(device)
    return None  # python-escpos opens device files write-only


def _open(device: Any, url: PrinterUrl) -> None:
    if url.kind != "tcp":
        device.open()
        return
    # python-escpos' Network.open is IPv4-only and leaks its socket when the connection
    # is refused, so connect here and hand the socket over.
    timeout = url.number("timeout", 5.0, low=0.1, high=300)
    device.device = socket.create_connection((url.host, url.port), timeout=timeout)


def open_escpos(url: PrinterUrl) -> EscposPrinter:
    """Open a python-escpos transport for `url`, raising PrinterNotFound when it is not there."""
    try:
        from escpos import printer as escpos_printer
        from escpos.exceptions import DeviceNotFoundError
    except ImportError as exc:
        raise PrinterNotFound("python-escpos is not installed") from exc
    options = url.options()
    try:
        device, label = _build(escpos_printer, url)
        _open(device, url)
    except (DeviceNotFoundError, OSError, ValueError, RuntimeError) as exc:
        # ValueError: pyusb without a libusb backend; RuntimeError: pyusb/pyserial missing.
        raise PrinterNotFound(str(exc).strip()) from exc
    log.info("opened %s", label)
    return EscposPrinter(device, _channel(url, device), options, label)
