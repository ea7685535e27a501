"""The server client against a real hall server on loopback: idempotent issue, the server's
own words on refusals, typed errors when the server is away, 404 as "not available yet"."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from display.preview import LiveServer
from kiosk.errors import NotAvailableYet, ServerRefused, ServerUnreachable
from kiosk.hall_client import HallClient
from tests.server.conftest import HALL, build_hall


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Any, HallClient]]:
    hall = build_hall(f"sqlite:///{tmp_path / 'hall.sqlite3'}")
    server = LiveServer(hall.app).start()
    client = HallClient(server.url, HALL, hall.accounts.kiosk_token, timeout=3)
    yield hall, client
    client.close()
    server.stop()
    hall.engine.dispose()


def test_catalogue_and_queues_come_back(served):
    _, client = served
    catalogue = client.catalogue()
    codes = {s["code"] for s in catalogue["services"]}
    assert {"social_security", "real_estate"} <= codes
    assert all("category" in s for s in catalogue["services"])
    assert {line["code"] for line in client.queues()["lines"]} == codes


def test_the_same_request_key_never_makes_a_second_ticket(served):
    _, client = served
    first = client.issue_ticket("social_security", "key-0001")
    again = client.issue_ticket("social_security", "key-0001")
    other = client.issue_ticket("social_security", "key-0002")
    assert first["number"] == again["number"] == "A001" and first["token"] == again["token"]
    assert other["number"] == "A002"


def test_a_refusal_carries_the_servers_own_words(served):
    _, client = served
    client.issue_ticket("household", "k-1", id_number="110101198503121239", name="王小明")
    with pytest.raises(ServerRefused) as refused:
        client.issue_ticket("household", "k-2", id_number="110101198503121239", name="王小明")
    assert refused.value.code == "already_waiting" and refused.value.status == 409
    assert refused.value.zh == "您已取过该事项的号码，请勿重复取号"
    assert refused.value.en and refused.value.en != refused.value.zh


def test_a_booking_checks_in_to_a_priority_ticket_and_refusals_come_in_the_servers_words(served):
    hall, client = served  # Monday 10:00 in the hall: a 10:30 slot is inside the check-in window
    booking = hall.anonymous().post(
        f"/halls/{HALL}/appointments",
        {"service": "social_security", "date": "2026-11-23", "start": "10:30", "name": "李秀英",
         "id_number": "430102195207082041", "phone": "13812345678"},
    )  # fmt: skip
    assert booking.status_code == 201, booking.json
    ticket = client.check_in("k-1", booking_code=booking.json["code"])
    assert ticket["priority"] == "appointment" and ticket["number"].startswith("A")
    again = client.check_in("k-1", booking_code=booking.json["code"])  # a retried touch
    assert again["number"] == ticket["number"]
    with pytest.raises(ServerRefused) as unknown:
        client.check_in("k-2", booking_code="NOPE-0000")
    assert unknown.value.code == "unknown_booking"
    assert not isinstance(unknown.value, NotAvailableYet)
    with pytest.raises(ServerRefused) as bare:  # from a kiosk a case is looked up by the card
        client.look_up_cases(case_number="20261123-0001")
    assert bare.value.code == "id_number_required"
    assert client.look_up_cases(id_number="430102195207082041") == {"cases": []}


def test_the_heartbeat_body_is_what_the_server_takes(served):
    _, client = served
    device = client.send_status({"printer": {"online": False, "paper": "out"}})
    assert device["printer"]["paper"] == "out"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_no_server_is_unreachable_never_a_number():
    client = HallClient(f"http://127.0.0.1:{_free_port()}", HALL, "t", timeout=1)
    with pytest.raises(ServerUnreachable) as down:
        client.issue_ticket("social_security", "k-1")
    assert "无法连接服务器" in down.value.zh


def test_a_broken_server_is_unreachable_too():
    app = Flask("broken")

    @app.post("/api/v1/halls/<hall>/tickets")
    def crash(hall: str) -> Any:
        return "<html>proxy error</html>", 502

    @app.get("/api/v1/halls/<hall>/catalogue")
    def not_json(hall: str) -> Any:
        return "hello", 200

    server = LiveServer(app).start()
    try:
        client = HallClient(server.url, HALL, "t", timeout=1)
        with pytest.raises(ServerUnreachable):
            client.issue_ticket("social_security", "k-1")
        with pytest.raises(ServerUnreachable):
            client.catalogue()
    finally:
        server.stop()
