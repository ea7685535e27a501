"""No full ID number, mobile number or name in the logs or in events to public rooms.

A real `onewindow --verbose serve` process (DEBUG: every access line with its query string)
runs a day in miniature over HTTP: a booking with ID and phone, a check-in by ID card, a
ticket tied to a person, call, finish with 受理 (a case), case look-up, a bad rating; plus
requests that put an ID and a phone number in a URL's path and query string. A wall display
(hall room) and the citizen's phone (ticket room) record every Socket.IO event. Then the
server's whole stderr/stdout and every event are searched for the personal data.
"""

from __future__ import annotations

import json
import logging
import threading
from typing import Any

import socketio

from server.domain.personal import id_check_char
from server.log_privacy import install_log_privacy, mask_personal
from tests.faults.conftest import WAIT, Hall, wait_until
from tests.scale.conftest import HALL

ID_NUMBER = "43010219900202456" + id_check_char("43010219900202456")
PHONE = "13912345678"
NAME = "欧阳明华"
SECRETS = (ID_NUMBER, ID_NUMBER[:17], ID_NUMBER[6:14] + ID_NUMBER[14:], PHONE, NAME, "明华")


class Recorder:
    """A python-socketio client that keeps every /live event it hears."""

    def __init__(self, base: str, auth: dict[str, str]) -> None:
        self.client = socketio.Client(reconnection=False)
        self.events: list[tuple[str, Any]] = []
        self.cond = threading.Condition()

        def any_event(event: str, *args: Any) -> None:
            with self.cond:
                self.events.append((event, args[0] if args else None))
                self.cond.notify_all()

        self.client.on("*", any_event, namespace="/live")
        self.client.connect(base, namespaces=["/live"], auth=auth, transports=["websocket"],
                            wait_timeout=WAIT)  # fmt: skip

    def heard(self, name: str) -> bool:
        with self.cond:
            return any(n == name for n, _ in self.events)


def test_a_day_leaves_no_personal_data_in_logs_or_public_events(verbose_hall: Hall):
    hall = verbose_hall
    base = hall.server.base
    display = Recorder(base, {"token": hall.accounts.display_token})
    kiosk, citizen = hall.kiosk(), hall.kiosk()
    citizen.session.headers.pop("Authorization")

    slots = citizen.get(f"/halls/{HALL}/appointments/slots?service=civil_affairs").json()
    day, start = next(
        (d["date"], s["start"]) for d in slots["days"] for s in d["slots"] if s["left"] > 0
    )
    booked = citizen.post(
        f"/halls/{HALL}/appointments",
        {"service": "civil_affairs", "date": day, "start": start, "name": NAME,
         "id_number": ID_NUMBER, "phone": PHONE},
    )  # fmt: skip
    assert booked.status_code == 201, booked.text
    checked = kiosk.post(f"/halls/{HALL}/appointments/check-in", {"id_number": ID_NUMBER},
                         headers={"Idempotency-Key": "privacy-1"})  # fmt: skip
    assert checked.status_code in (201, 404, 409, 422), checked.text  # answered, typed
    cancelled = citizen.post(
        f"/halls/{HALL}/appointments/{booked.json()['code']}/cancel", {"id_number": ID_NUMBER}
    )
    assert cancelled.status_code in (200, 409), cancelled.text

    issued = kiosk.post(f"/halls/{HALL}/tickets",
                        {"service": "civil_affairs", "id_number": ID_NUMBER, "name": NAME},
                        headers={"Idempotency-Key": "privacy-2"})  # fmt: skip
    assert issued.status_code == 201, issued.text
    token = issued.json()["token"]
    phone = Recorder(base, {"ticket": token})

    clerk = hall.clerk("clerk2", 2)
    window = hall.window_id(2)
    called = clerk.post(f"/windows/{window}/call-next")
    assert called.status_code == 200 and called.json()["id"] == issued.json()["id"], called.text
    done = clerk.post(f"/windows/{window}/finish", {"outcome": "accepted"})
    assert done.status_code == 200 and done.json()["case"], done.text
    number = done.json()["case"]["number"]
    found = citizen.post(f"/halls/{HALL}/cases/lookup",
                         {"case_number": number, "id_number": ID_NUMBER})  # fmt: skip
    assert found.status_code == 200 and found.json()["cases"], found.text
    assert citizen.post(f"/tickets/{token}/rating", {"level": 1}).status_code == 201

    # Personal data in a URL: a path and a query string (refused or ignored, but logged).
    citizen.get(f"/tickets/{ID_NUMBER}")
    citizen.get(f"/halls/{HALL}/appointments/slots?service=x&id_number={ID_NUMBER}&phone={PHONE}")
    bad = citizen.post(f"/halls/{HALL}/cases/lookup",
                       {"case_number": number, "id_number": ID_NUMBER[:-1] + "0"})  # fmt: skip
    assert bad.status_code in (404, 422)

    wait_until("the phone heard its ticket called", lambda: phone.heard("ticket.called"))
    wait_until("the display heard the call", lambda: display.heard("ticket.called"))
    for recorder in (display, phone):
        recorder.client.disconnect()
    hall.server.stop()  # everything flushed
    log = hall.server.log.read_text(encoding="utf-8", errors="replace")

    assert f"GET /api/v1/tickets/{ID_NUMBER[:3]}" in log, "access lines are in the log"
    assert "id_number=430***********" in log and "phone=139****5678" in log, "masked"
    events = json.dumps([display.events, phone.events], ensure_ascii=False)
    assert "欧*****华" in events or "欧**华" in events, "the masked name is shown"
    for secret in SECRETS:
        assert secret not in log, f"{secret!r} in the server log"
        assert secret not in events, f"{secret!r} in an event to a public room"


def test_masking_of_id_and_mobile_numbers_in_any_text():
    assert mask_personal(f"id={ID_NUMBER}&p=+86 {PHONE}") == (
        f"id={ID_NUMBER[:3]}***********{ID_NUMBER[-4:]}&p=+86 139****5678"
    )
    lower_x = "11010519491231002x"
    assert mask_personal(lower_x) == "110***********002x"
    untouched = "order 1234567890123456789 at 20261201 call A012 window 13 ts 1733040000123"
    assert mask_personal(untouched) == untouched


def test_every_record_is_masked_before_any_handler_sees_it(caplog):
    install_log_privacy()
    install_log_privacy()  # idempotent: one wrapper only
    caplog.set_level(logging.DEBUG)
    log = logging.getLogger("tests.privacy")
    log.debug("issued for %s, phone %s", ID_NUMBER, PHONE)
    try:
        raise ValueError(f"bad id {ID_NUMBER}")
    except ValueError:
        log.exception("failed for %s", PHONE)
    assert ID_NUMBER not in caplog.text and PHONE not in caplog.text
    assert "139****5678" in caplog.text and ID_NUMBER[-4:] in caplog.text
