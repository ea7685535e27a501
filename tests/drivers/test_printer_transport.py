"""python-escpos transports against real endpoints: a TCP server, a file, a pseudo-terminal."""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from drivers.errors import DeviceError, UnsupportedDeviceUrl
from drivers.printer import (
    InvalidPrinterUrl,
    PaperOut,
    PrinterNotFound,
    PrinterStatus,
    TicketPrint,
    open_printer,
    profile_for,
    render_ticket,
)
from drivers.printer.commands import status_query
from drivers.printer.url import parse_printer_url

DATA = Path(__file__).parent / "data" / "printer" / "ticket.json"
QUERIES = status_query(1) + status_query(2) + status_query(4)


def load_ticket(**changes: Any) -> TicketPrint:
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    raw["issued_at"] = datetime.fromisoformat(raw["issued_at"])
    raw.update(changes)
    return TicketPrint(**raw)


class FakePrinterServer:
    """A TCP printer on 127.0.0.1: records every byte, answers DLE EOT n from `replies`."""

    def __init__(self, replies: dict[int, int] | None) -> None:
        self.replies = replies
        self.late: list[tuple[float, int]] = []  # (delay, byte) for the next queries
        self.received = bytearray()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        conn, _ = self.listener.accept()
        with conn:
            while chunk := conn.recv(65536):
                self.received += chunk
                # The driver sends each query alone and waits, so a query ends the chunk.
                if chunk[-3:-1] != b"\x10\x04" or self.replies is None:
                    continue
                if self.late:
                    delay, byte = self.late.pop(0)
                    time.sleep(delay)
                    conn.sendall(bytes([byte]))
                else:
                    conn.sendall(bytes([self.replies[chunk[-1]]]))
        self.done.set()

    def close(self) -> None:
        self.listener.close()


@pytest.fixture
def server(request: pytest.FixtureRequest) -> Iterator[FakePrinterServer]:
    fake = FakePrinterServer(getattr(request, "param", {1: 0x12, 2: 0x12, 4: 0x12}))
    yield fake
    fake.close()


def test_tcp_prints_exact_bytes_after_reading_status(server: FakePrinterServer) -> None:
    ticket = load_ticket()
    printer = open_printer(f"escpos+tcp://127.0.0.1:{server.port}?status_timeout=2")
    assert printer.status() == PrinterStatus(online=True, paper="ok", cover_open=False)
    printer.print_ticket(ticket)
    printer.close()
    assert server.done.wait(5)
    assert bytes(server.received) == QUERIES + QUERIES + render_ticket(ticket)


@pytest.mark.parametrize("server", [{1: 0x1A, 2: 0x32, 4: 0x7E}], indirect=True)
def test_tcp_paper_out_refuses_to_print(server: FakePrinterServer) -> None:
    printer = open_printer(f"escpos+tcp://127.0.0.1:{server.port}?status_timeout=2")
    with pytest.raises(PaperOut):
        printer.print_ticket(load_ticket())
    assert printer.status() == PrinterStatus(online=False, paper="out", cover_open=False)
    printer.close()
    assert server.done.wait(5)
    assert bytes(server.received) == QUERIES + QUERIES  # no ticket printed into nothing


@pytest.mark.parametrize("server", [{1: 0x12, 2: 0x12, 4: 0x1E}], indirect=True)
def test_tcp_near_end_still_prints(server: FakePrinterServer) -> None:
    ticket = load_ticket(paper_mm=58)
    with open_printer(f"escpos+tcp://127.0.0.1:{server.port}?status_timeout=2") as printer:
        assert printer.status().paper == "near_end"
        printer.print_ticket(ticket)
    assert server.done.wait(5)
    assert bytes(server.received).endswith(render_ticket(ticket))


@pytest.mark.parametrize("server", [None], indirect=True)
def test_tcp_silent_printer_is_unknown(server: FakePrinterServer) -> None:
    printer = open_printer(f"escpos+tcp://127.0.0.1:{server.port}?status_timeout=0.2")
    assert printer.status() == PrinterStatus(online=None, paper="unknown", cover_open=None)
    printer.close()
    assert server.done.wait(5)
    assert bytes(server.received) == status_query(1)


def test_tcp_late_reply_does_not_answer_the_next_query(server: FakePrinterServer) -> None:
    server.late = [(0.4, 0x1A)]  # "offline", sent after the driver has given up waiting
    printer = open_printer(f"escpos+tcp://127.0.0.1:{server.port}?status_timeout=0.2")
    assert printer.status().online is None
    time.sleep(0.6)  # the stale byte is now waiting in the socket buffer
    assert printer.status() == PrinterStatus(online=True, paper="ok", cover_open=False)
    printer.close()


def test_tcp_nothing_listening_is_not_found() -> None:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    with pytest.raises(PrinterNotFound) as raised:
        open_printer(f"escpos+tcp://127.0.0.1:{port}?timeout=1")
    assert raised.value.zh == "未找到打印机"


def test_file_transport_writes_the_ticket(tmp_path: Path) -> None:
    target = tmp_path / "lp0"
    ticket = load_ticket()
    printer = open_printer(f"escpos+file://{target}?qr=raster&paper=80")
    assert printer.reads_status is False
    assert printer.status() == PrinterStatus(online=None, paper="unknown", cover_open=None)
    printer.print_ticket(ticket)
    printer.close()
    assert target.read_bytes() == render_ticket(ticket, profile_for(80, native_qr=False))


def test_file_in_missing_folder_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(PrinterNotFound):
        open_printer(f"escpos+file://{tmp_path}/missing/lp0")


def test_serial_over_a_pseudo_terminal() -> None:
    master, slave = os.openpty()
    received = bytearray()

    def printer_side() -> None:
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                return
            received.extend(chunk)
            if chunk[-3:] == status_query(4):
                os.write(master, b"\x72")
            elif chunk[-3:-1] == b"\x10\x04":
                os.write(master, b"\x12")

    threading.Thread(target=printer_side, daemon=True).start()
    try:
        printer = open_printer(f"escpos+serial://{os.ttyname(slave)}?baud=115200")
        assert printer.status() == PrinterStatus(online=True, paper="out", cover_open=False)
        with pytest.raises(PaperOut):
            printer.print_ticket(load_ticket())
        printer.write(b"raw\n")
        printer.close()
    finally:
        os.close(slave)
    assert bytes(received).startswith(QUERIES + QUERIES)


def test_usb_without_the_device_is_not_found() -> None:
    with pytest.raises(PrinterNotFound):
        open_printer("escpos+usb://0fe6:811e")


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("lpt://1", "unsupported scheme"),
        ("escpos+usb://04b8", "VID:PID"),
        ("escpos+usb://zzzz:0202", "VID:PID"),
        ("escpos+tcp://:9100", "host[:port]"),
        ("escpos+tcp://printer:http", "host[:port]"),
        ("escpos+tcp://printer:70000", "host[:port]"),
        ("escpos+serial://ttyS0", "absolute path"),
        ("escpos+file:dev/usb/lp0", "absolute path"),
        ("escpos+serial:///dev/ttyS0?baud=fast", "baud"),
        ("escpos+serial:///dev/ttyS0?speed=9600", "unknown option 'speed'"),
        ("escpos+tcp://10.0.0.5?paper=76", "paper"),
        ("escpos+tcp://10.0.0.5?qr=maybe", "qr"),
        ("sim://printer", "only options"),
        ("sim://?paper_status=empty", "paper_status"),
        ("escpos+file:///dev/usb/lp0?status_timeout=1", "unknown option"),
    ],
)
def test_bad_urls_raise_typed_errors(url: str, fragment: str) -> None:
    with pytest.raises(InvalidPrinterUrl) as raised:
        open_printer(url)
    assert isinstance(raised.value, UnsupportedDeviceUrl)
    assert isinstance(raised.value, DeviceError)
    assert fragment in str(raised.value)
    assert raised.value.zh == "打印机地址配置错误"


def test_good_urls_parse() -> None:
    usb = parse_printer_url("escpos+usb://04b8:0E15?in_ep=0x81")
    assert (usb.kind, usb.vendor_id, usb.product_id) == ("usb", 0x04B8, 0x0E15)
    assert usb.number("in_ep", 0x82, low=0x81, high=0x8F) == 0x81
    tcp = parse_printer_url("escpos+tcp://192.168.1.50")
    assert (tcp.kind, tcp.host, tcp.port) == ("tcp", "192.168.1.50", 9100)
    serial = parse_printer_url("escpos+serial:///dev/ttyS0?baud=9600&paper=58&qr=raster")
    assert (serial.kind, serial.path, serial.query["baud"]) == ("serial", "/dev/ttyS0", "9600")
    options = serial.options()
    assert (options.paper, options.native_qr, options.partial_cut) == (58, False, True)
    assert parse_printer_url("escpos+file:///dev/usb/lp0").path == "/dev/usb/lp0"
    assert parse_printer_url("sim://?dir=var/printer").query == {"dir": "var/printer"}
