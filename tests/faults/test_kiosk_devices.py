"""Kiosk device faults end to end: a real `onewindow serve` process on loopback, the kiosk
program (its devices, heartbeat and touch-UI API on loopback: tests/kiosk's ServedKiosk) on
simulated devices: the virtual printer, the pty ID-card emulator, an image-folder camera.

Each fault is injected into a device while citizens use the kiosk through its own HTTP API:
the printer dies in the middle of a ticket, the reader's cable is pulled in the middle of a
card read, the camera returns garbage, the kiosk itself goes silent. In each case the kiosk
recovers without a restart (the next citizen is served), no ticket is lost or doubled (the
kiosk's Idempotency-Key), and the server sees the fault and the recovery through the
heartbeat: in the device list, as a warning on the wall display, and as device.status.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import requests
import socketio
from sqlalchemy import select

from drivers.idcard.commands import Command
from drivers.idcard.simsam import Fault
from drivers.printer import PrinterOffline, decode, plain_text
from drivers.printer.tokens import QrStore
from kiosk.preview import ServedKiosk, sim_config
from server.adapters import tables
from server.adapters.database import make_engine
from server.adapters.hall_file import load_hall
from server.bootstrap import prepare_database, reset_demo_accounts
from tests.faults.conftest import WAIT, Hall, Server, wait_until
from tests.scale.conftest import HALL, HALL_FILES, Http, open_hall_file
from tests.server.request_keys import stored_key

LI = 1  # demo card 李秀英 (tests/kiosk/conftest.py)
OFFLINE_AFTER = 4  # the hall's kiosk_offline_after_seconds here: the kiosk beats every second


@pytest.fixture
def hall(tmp_path: Path) -> Iterator[Hall]:
    hall_file = open_hall_file(HALL_FILES[HALL], tmp_path / f"{HALL}.toml")
    text, n = re.subn(
        r"(?m)^kiosk_offline_after_seconds = [\d.]+",
        f"kiosk_offline_after_seconds = {OFFLINE_AFTER}",
        hall_file.read_text(encoding="utf-8"),
    )
    assert n == 1, "the example hall names kiosk_offline_after_seconds"
    hall_file.write_text(text, encoding="utf-8")
    database = f"sqlite:///{tmp_path / 'hall.db'}"
    engine = make_engine(database)
    prepare_database(engine, [load_hall(hall_file)])
    accounts = reset_demo_accounts(engine, HALL, clerks=2)
    passwords = {u: p for u, p, _ in accounts.users}
    made = Hall(Server(tmp_path, database, hall_file), engine, accounts, passwords)
    made.server.start()
    try:
        yield made
    finally:
        for display in made.displays:
            display.close()
        made.server.stop()
        engine.dispose()


class KioskRig:
    """The kiosk program on simulated devices, used through its touch UI's JSON API."""

    def __init__(self, hall: Hall, workdir: Path) -> None:
        self.hall, self.workdir = hall, workdir
        self.camera = workdir / "camera"
        self.cfg = sim_config(hall.server.base, workdir, request_timeout_seconds=5.0)
        self.served = ServedKiosk(self.cfg, hall.accounts.kiosk_token).start()

    @property
    def kiosk(self) -> Any:
        return self.served.kiosk

    @property
    def printer(self) -> Any:
        return self.served.printer

    def post(self, path: str, body: dict[str, Any]) -> requests.Response:
        return requests.post(
            self.served.url + path, json=body, headers={"X-Kiosk": "1"}, timeout=WAIT
        )

    def take(self, service: str = "social_security", key: str | None = None) -> dict[str, Any]:
        """A citizen confirms a service; the answer is what the ticket screen shows."""
        r = self.post("/api/tickets", {"service": service, "request_id": key or new_key()})
        assert r.status_code == 201, r.text
        result = r.json()
        assert result["qr"].startswith("data:image/"), "the number and QR show in any case"
        return dict(result)

    def state(self) -> dict[str, Any]:
        return dict(requests.get(self.served.url + "/api/state", timeout=WAIT).json())

    def stop(self) -> None:
        self.served.stop()


@pytest.fixture
def rig(hall: Hall, tmp_path: Path) -> Iterator[KioskRig]:
    made = KioskRig(hall, tmp_path)
    try:
        yield made
    finally:
        made.stop()


def new_key() -> str:
    return f"req-{uuid.uuid4().hex}"


def kiosk_seen(hall: Hall) -> dict[str, Any]:
    """The kiosk as the manager's device list shows it."""
    r = hall.manager().get(f"/halls/{HALL}/devices")
    assert r.status_code == 200, r.text
    return next(d for d in r.json() if d["kind"] == "kiosk")


def server_sees(hall: Hall, what: str, check: Any) -> dict[str, Any]:
    manager = hall.manager()

    def look() -> dict[str, Any] | None:
        found = manager.get(f"/halls/{HALL}/devices").json()
        kiosk = next(d for d in found if d["kind"] == "kiosk")
        return kiosk if check(kiosk) else None

    return dict(wait_until(what, look))


def healthy(kiosk: dict[str, Any]) -> bool:
    return bool(
        kiosk["online"]
        and kiosk["faults"] == []
        and (kiosk["printer"] or {}).get("paper") == "ok"
        and (kiosk["reader"] or {}).get("state") == "ok"
        and (kiosk["camera"] or {}).get("state") == "ok"
    )


def board_faults(hall: Hall) -> set[str]:
    """The kiosk faults among the hall's warnings (what the wall display's strip shows)."""
    alerts = hall.manager().get(f"/halls/{HALL}/board").json()["alerts"]
    return {a["fault"] for a in alerts if a["kind"] == "kiosk_fault"}


def tickets_of_day(hall: Hall) -> list[tuple[str, str | None]]:
    t = tables.tickets.c
    with hall.engine.connect() as conn:
        rows = conn.execute(select(t.number, t.request_key).order_by(t.id)).all()
    return [(r.number, r.request_key) for r in rows]


def printed_ticket(job: bytes) -> tuple[str, str]:
    """(plain text, ticket token from the QR's status URL) of one printed ticket."""
    commands = decode(job)
    qr = next(c for c in commands if isinstance(c, QrStore))
    return plain_text(commands), qr.data.decode("utf-8").rsplit("/", 1)[-1]


def server_ticket(hall: Hall, token: str) -> dict[str, Any]:
    r = Http(hall.server.base).get(f"/tickets/{token}")
    assert r.status_code == 200, r.text
    return dict(r.json())


def die_mid_ticket(printer: Any) -> None:
    """The virtual printer takes the first half of the next job, then stops (offline): what
    the kiosk's driver sees of a printer whose power or mechanism fails while printing."""

    def dying_write(raw: bytes) -> None:
        with printer.lock:
            printer._output += raw[: len(raw) // 2]
            printer.state.online = False
        raise PrinterOffline("the printer stopped in the middle of a ticket")

    printer.write = dying_write


def revive(printer: Any) -> None:
    del printer.write  # its own write again
    printer.state.online = True


def test_a_printer_dying_mid_ticket_loses_no_number_and_prints_again_when_back(hall, rig):
    server_sees(hall, "the kiosk's first heartbeat", healthy)
    printer = rig.printer
    die_mid_ticket(printer)
    first_key = new_key()
    first = rig.take("social_security", first_key)
    assert first["ticket"]["number"] == "A001" and first["printed"] is False
    assert first["print_fault"]["code"] == "printer_offline" and first["print_fault"]["zh"]
    assert printer.jobs == [] and len(printer.output) > 0, "half a ticket came out"

    seen = server_sees(hall, "the printer fault", lambda k: "printer_offline" in k["faults"])
    assert seen["printer"]["online"] is False and seen["online"] is True
    wait_until("the warning on the display strip", lambda: "printer_offline" in board_faults(hall))

    again = rig.take("social_security", first_key)  # the citizen taps confirm again
    assert again["ticket"]["number"] == "A001" and again["printed"] is False
    second = rig.take("household")  # the next citizen while the printer is dead
    assert second["ticket"]["number"] == "D001" and second["printed"] is False
    assert printer.jobs == []

    revive(printer)  # the printer is back: the heartbeat notices, printing is offered again
    wait_until("the kiosk offers printing", lambda: rig.state()["devices"]["printer"]["ok"])
    server_sees(hall, "the printer's recovery", healthy)
    wait_until("the warning cleared", lambda: not board_faults(hall))
    third = rig.take("social_security")
    assert third["ticket"]["number"] == "A002" and third["printed"] is True
    text, token = printed_ticket(printer.jobs[-1])
    assert len(printer.jobs) == 1 and "A002" in text.split()
    assert server_ticket(hall, token)["number"] == "A002"

    issued = tickets_of_day(hall)
    assert [n for n, _ in issued] == ["A001", "D001", "A002"], "none lost, none doubled"
    assert len({k for _, k in issued}) == 3
    assert issued[0][1] == stored_key(hall.engine, hall.accounts.kiosk_token, first_key)


def test_a_reader_unplugged_mid_read_is_reported_and_reads_again_after_replug(hall, rig):
    server_sees(hall, "the kiosk's first heartbeat", healthy)
    emulator = rig.served.emulator
    emulator.received.clear()
    # The reader sends the first half of the card's reply, then its cable is pulled (the
    # emulator runs one command at a time: the unplug follows that half reply).
    emulator.inject(Fault.HALF_FRAME, times=1, on=[Command.READ_TEXT_PHOTO])
    emulator.place(LI)
    wait_until("a card read started", lambda: Command.READ_TEXT_PHOTO in emulator.received)
    emulator.unplug()

    seen = server_sees(hall, "the reader fault", lambda k: "reader_missing" in k["faults"])
    assert seen["reader"]["reason"] in ("device_offline", "device_timeout", "device_not_found")
    wait_until("the warning on the display strip", lambda: "reader_missing" in board_faults(hall))
    assert rig.state()["person"] is None, "no half-read person"
    walk_in = rig.take("household")  # the next citizen, without a card, is served meanwhile
    assert walk_in["ticket"]["number"] == "D001" and walk_in["printed"] is True

    emulator.replug()  # plugged back: the kiosk reopens the port by itself; the card is read
    person = wait_until("the card read after the replug", lambda: rig.state()["person"])
    assert person["name"] == "李*英" and "李秀英" not in str(rig.state())
    server_sees(hall, "the reader's recovery", healthy)
    with_card = rig.take("social_security")
    assert with_card["ticket"]["number"] == "A001" and with_card["printed"] is True
    _, token = printed_ticket(rig.printer.jobs[-1])
    assert server_ticket(hall, token)["name_masked"] == "李*英"
    assert [n for n, _ in tickets_of_day(hall)] == ["D001", "A001"]
    wait_until("the warning cleared", lambda: not board_faults(hall))


def test_a_camera_returning_garbage_is_reported_and_reads_again(hall, rig):
    server_sees(hall, "the kiosk's first heartbeat", healthy)
    garbage = rig.camera / "0-frame.png"
    garbage.write_bytes(np.random.default_rng(7).integers(0, 256, 4096, np.uint8).tobytes())
    r = rig.post("/api/check-in", {"method": "qr", "request_id": new_key()})
    assert r.status_code >= 400 and r.json()["error"]["code"] == "camera_frame_error"
    assert r.json()["error"]["zh"], "the screen says what to do"
    seen = server_sees(hall, "the camera fault", lambda k: "camera_failed" in k["faults"])
    assert seen["camera"]["reason"] == "camera_frame_error"
    wait_until("the warning on the display strip", lambda: "camera_failed" in board_faults(hall))
    assert rig.take("household")["printed"] is True  # the next citizen is served meanwhile

    import cv2
    import qrcode

    noise = np.random.default_rng(8).integers(0, 256, (480, 640, 3), np.uint8)
    garbage.unlink()
    cv2.imwrite(str(rig.camera / "0-noise.png"), noise)  # a picture, just no code in it
    qrcode.make("BOOKING-20991231-0001").save(str(rig.camera / "1-booking.png"))
    r = rig.post("/api/check-in", {"method": "qr", "request_id": new_key()})
    error = r.json()["error"]  # the camera read the code: the server answers about the booking
    assert r.status_code >= 400 and not error["code"].startswith("camera"), error
    server_sees(hall, "the camera's recovery", healthy)
    wait_until("the warning cleared", lambda: not board_faults(hall))
    assert [n for n, _ in tickets_of_day(hall)] == ["D001"]


def manager_socket(hall: Hall) -> tuple[Any, list[tuple[str, Any]]]:
    """The manager console's live feed (session cookie), keeping every device.status."""
    manager = hall.manager()
    cookie = "; ".join(f"{c.name}={c.value}" for c in manager.session.cookies)
    heard: list[tuple[str, Any]] = []
    client = socketio.Client()
    client.on("device.status", lambda data: heard.append(("device.status", data)), "/live")
    client.connect(
        hall.server.base,
        namespaces=["/live"],
        headers={"Cookie": cookie},
        transports=["websocket"],
        wait_timeout=WAIT,
    )
    return client, heard


def test_a_kiosk_gone_silent_is_announced_offline_and_back_when_it_returns(hall, rig, tmp_path):
    server_sees(hall, "the kiosk's first heartbeat", healthy)
    display = hall.display()
    client, heard = manager_socket(hall)
    try:
        rig.stop()  # the kiosk PC loses power: no goodbye, its heartbeats just stop
        offline = server_sees(hall, "the kiosk marked offline", lambda k: k["offline_since"])
        assert offline["faults"] == ["offline"] and not offline["online"]
        went = wait_until(
            "device.status offline pushed to the manager",
            lambda: [d for _, d in heard if d["kind"] == "kiosk" and not d["online"]],
        )
        assert len(went) == 1, "announced once"
        raised = wait_until(
            "the offline warning on the display",
            lambda: [
                d for n, d in display.events
                if n == "warning.raised" and d.get("fault") == "offline"
            ],
        )  # fmt: skip
        assert raised[0]["name"] == "demo kiosk" and raised[0]["level"] == "red"

        rig.served = ServedKiosk(rig.cfg, hall.accounts.kiosk_token).start()  # powered up
        back = server_sees(hall, "the kiosk back", healthy)
        assert back["offline_since"] is None
        wait_until(
            "device.status online pushed",
            lambda: [d for _, d in heard if d["kind"] == "kiosk" and d["online"]],
        )
        wait_until(
            "the offline warning cleared",
            lambda: [
                d for n, d in display.events
                if n == "warning.cleared" and d.get("fault") == "offline"
            ],
        )  # fmt: skip
        assert rig.take("household")["ticket"]["number"] == "D001"
        statuses = [d["online"] for _, d in heard if d["kind"] == "kiosk"]
        assert statuses.count(False) == 1, statuses
    finally:
        client.disconnect()
