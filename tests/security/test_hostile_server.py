"""Hostile requests to a real serving process (`onewindow serve`: gevent's pywsgi), over a raw
socket so the bytes arrive exactly as an attacker's probe sends them (issue 13, class 2).

gevent hands the app the path's percent-decoded bytes (PEP 3333), so %ED%A0%80 arrives as the
bytes of an encoded lone surrogate; the test client cannot send that. Each request must be a
typed 400 in zh and en, nothing may be stored, and the process's output holds no traceback.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from server.adapters import tables
from tests.faults.conftest import WAIT, Hall, make_hall
from tests.server.postgres import postgres_url

HALL = "dingcheng"
DEEP = b"[" * 5000 + b"]" * 5000


def _exchange(port: int, request: bytes) -> tuple[int, dict[str, Any]]:
    """Send one request as bytes; the answer's status and JSON body."""
    with socket.create_connection(("127.0.0.1", port), timeout=WAIT) as s:
        s.sendall(request)
        answer = b""
        while chunk := s.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(body)


def _get(path: bytes, token: str = "") -> bytes:
    auth = f"Authorization: Bearer {token}\r\n".encode() if token else b""
    return b"GET " + path + b" HTTP/1.1\r\nHost: x\r\n" + auth + b"Connection: close\r\n\r\n"


def _post(path: bytes, body: bytes, token: str) -> bytes:
    head = (f"POST {path.decode()} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
            "Connection: close\r\n\r\n")  # fmt: skip
    return head.encode() + body


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def served(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Hall]:
    url = f"sqlite:///{tmp_path / 'hall.db'}" if request.param == "sqlite" else None
    hall = make_hall(tmp_path, url or postgres_url(request))
    hall.server.start()
    try:
        yield hall
    finally:
        hall.server.stop()
        hall.engine.dispose()


def test_a_real_server_refuses_hostile_bytes_with_typed_answers(served: Hall) -> None:
    token = served.accounts.kiosk_token
    tickets = f"/api/v1/halls/{HALL}/tickets".encode()
    probes = {
        "path": _get(b"/api/v1/tickets/%ED%A0%80"),
        "path ": _get(b"/api/v1/tickets/a%00b", token),
        "service": _get(f"/api/v1/halls/{HALL}/appointments/slots?service=%00".encode()),
        "window_id": _get(b"/api/v1/windows/%D9%A3/snapshot", token),
        "name": _post(tickets, b'{"service": "household", "name": "\\ud800"}', token),
        "name ": _post(tickets, b'{"service": "household", "name": "a\\u0000b"}', token),
        "body": _post(tickets, DEEP, token),
    }
    for place, request in probes.items():
        status, body = _exchange(served.server.port, request)
        error = body["error"]
        assert status == 400 and error["code"] == "invalid_value", (place, status, body)
        assert error["params"]["field"] == place.strip(), (place, error)
        assert error["message"]["zh"] and error["message"]["en"]
    with served.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(tables.tickets)).scalar_one() == 0
    served.server.stop()  # everything flushed
    output = served.server.log.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in output and " ERROR " not in output, output[-3000:]
