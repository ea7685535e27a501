"""Every line a serving process writes is masked, not only its log records (issue 13, class 6).

A real `onewindow --verbose serve` process (gevent's pywsgi) and a real `onewindow kiosk`
process (werkzeug's server) are sent, over a raw socket, malformed requests that carry an
ID number and a mobile number: request lines gevent and werkzeug refuse and print, a bad
Content-Length, a path and query string they answer. Each process's whole stdout and stderr
must show the masked forms and never the numbers. gevent's hub, which prints a failed
greenlet itself, is checked in this process through the stream the server gives it.
"""

from __future__ import annotations

import io
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import gevent
import pytest
import requests

from server.log_privacy import MaskedStream, mask_personal
from server.serving import free_port_range
from server.web.gevent_server import make_server
from tests.faults.conftest import WAIT, Hall, wait_until

ROOT = Path(__file__).resolve().parents[2]
ID_NUMBER, PHONE = "11010519491231002X", "13812345678"
MASKED_ID, MASKED_PHONE = "110***********002X", "138****5678"
PROBES = (
    f"GET /{ID_NUMBER} {PHONE} HTTP/1.1\r\n\r\n",  # four words: no request line
    f"GET /api/v1/tickets/{ID_NUMBER}?phone={PHONE} HTTP/1.1 x\r\n\r\n",
    f"BREW /{ID_NUMBER} HTTP/9.9\r\n\r\n",  # an HTTP version no one speaks
    f"POST /api/v1/x/{ID_NUMBER} HTTP/1.1\r\nHost: x\r\nContent-Length: {PHONE}x\r\n\r\n",
    f"GET /api/v1/tickets/{ID_NUMBER}?phone={PHONE} HTTP/1.1\r\nHost: x\r\n"
    "Connection: close\r\n\r\n",  # a well-formed request that is answered 404 and logged
)
# A request line that would rewrite the terminal (ESC) or forge a line of its own (CR).
FORGED = "G\x1b[2JT /\rERROR forged line HTTP/1.1\r\n\r\n"


def send_raw(port: int, request: str) -> bytes:
    """Send one request as bytes and return the start of the answer (b"" if none)."""
    with socket.create_connection(("127.0.0.1", port), timeout=WAIT) as s:
        s.sendall(request.encode("latin-1"))
        try:
            return s.recv(64)
        except OSError:
            return b""


def assert_masked(output: str) -> None:
    assert ID_NUMBER not in output and ID_NUMBER.lower() not in output, "an ID number leaked"
    assert PHONE not in output, "a mobile number leaked"
    assert MASKED_ID in output and MASKED_PHONE in output, "the lines are there, masked"


def test_the_gevent_server_writes_no_id_or_phone_number(verbose_hall: Hall) -> None:
    server = verbose_hall.server
    answers = [send_raw(server.port, probe) for probe in PROBES]
    assert all(a.startswith(b"HTTP/1.1 4") for a in answers), answers
    send_raw(server.port, FORGED)
    server.stop()  # everything flushed
    output = server.log.read_text(encoding="utf-8", errors="replace")
    assert_masked(output)
    assert "\x1b" not in output and "\rERROR forged" not in output, "control characters escaped"
    assert "\\x1b[2J" in output, "and still readable"
    refused = [line for line in output.splitlines() if "Invalid HTTP method" in line]
    assert refused and all(" ERROR onewindow.http: " in line for line in refused), (
        "gevent's error lines go through logging"
    )


class KioskProcess:
    """`onewindow kiosk` on simulated devices; its hall server is down (a kiosk must cope)."""

    def __init__(self, tmp: Path) -> None:
        self.port = free_port_range(2)  # the next port is the hall server that is not there
        (tmp / "kiosk.token").write_text("k" * 43, encoding="utf-8")
        (tmp / "camera").mkdir()
        cards = ROOT / "drivers" / "idcard" / "data" / "demo_cards.json"
        config = tmp / "kiosk.toml"
        config.write_text(
            f"""[kiosk]
name = "1号自助取号机"
hall = "dingcheng"
server_url = "http://127.0.0.1:{self.port + 1}"
token_file = "{tmp / "kiosk.token"}"
ui_port = {self.port}
request_timeout_seconds = 0.5
guides_file = "{ROOT / "config" / "guides.example.toml"}"
[devices]
printer = "sim://?dir={tmp / "printer"}&paper=80"
idcard = "sim://?cards={cards}"
camera = "sim://?dir={tmp / "camera"}"
voice = "none://"
""",
            encoding="utf-8",
        )
        self.log = tmp / "kiosk.log"
        command = [sys.executable, "-m", "onewindow", "kiosk", "--config", str(config)]
        env = {k: v for k, v in os.environ.items() if k != "ONEWINDOW_KIOSK_TOKEN"}
        env["PYTHONPATH"] = str(ROOT)
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(command, cwd=tmp, env=env, stdout=out, stderr=out)
        wait_until("the kiosk UI answers", self._up)

    def _up(self) -> bool:
        assert self.proc.poll() is None, self.output()
        try:
            return requests.get(f"http://127.0.0.1:{self.port}/", timeout=1).status_code > 0
        except requests.RequestException:
            return False

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        """SIGTERM, as systemd stops it: the kiosk closes its devices and ends."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(WAIT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(WAIT)


@pytest.fixture
def kiosk(tmp_path: Path) -> Iterator[KioskProcess]:
    started = KioskProcess(tmp_path)
    try:
        yield started
    finally:
        started.stop()


def test_the_kiosk_process_writes_no_id_or_phone_number(kiosk: KioskProcess) -> None:
    answers = [send_raw(kiosk.port, probe) for probe in PROBES]
    assert all(answers), "every request was answered (werkzeug answers some the HTTP/0.9 way)"
    assert answers[-1].startswith(b"HTTP/1.1 404"), answers
    kiosk.stop()
    assert_masked(kiosk.output())


def test_gevent_hub_prints_a_failed_greenlet_masked(capsys: pytest.CaptureFixture[str]) -> None:
    hub = gevent.get_hub()
    server = make_server(lambda environ, start: [], "127.0.0.1", 0)  # gives the hub its stream
    try:
        assert isinstance(hub.exception_stream, MaskedStream)

        def fail() -> None:
            raise LookupError(f"no ticket for {ID_NUMBER}, phone {PHONE}")

        gevent.spawn(fail).join()  # the hub prints the traceback and the greenlet
    finally:
        del hub.exception_stream  # back to gevent's default (sys.stderr)
        server.close()
    err = capsys.readouterr().err
    assert "LookupError" in err
    assert_masked(err)


def test_a_masked_stream_sees_a_number_written_in_pieces() -> None:
    out = io.StringIO()
    stream = MaskedStream(out)
    stream.write(f"phone {PHONE[:5]}")
    stream.write(f"{PHONE[5:]} id {ID_NUMBER}\nnext ")
    assert out.getvalue() == f"phone {MASKED_PHONE} id {MASKED_ID}\n"
    stream.flush()
    assert out.getvalue().endswith("\nnext ")


def test_a_number_glued_to_letters_or_after_a_percent_escape_is_masked() -> None:
    name = "%E5%BC%A0"  # 张, URL-encoded: its last hex digit touches the number
    text = f"{PHONE}x {name}{PHONE} id={ID_NUMBER}abc %20{ID_NUMBER} k{PHONE}"
    assert mask_personal(text) == (
        f"{MASKED_PHONE}x {name}{MASKED_PHONE} id={MASKED_ID}abc %20{MASKED_ID} k{MASKED_PHONE}"
    )
    longer = f"order 9{PHONE} ts 1{ID_NUMBER[:-1]}7"  # inside longer runs of digits
    assert mask_personal(longer) == longer
