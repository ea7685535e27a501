"""SMS senders of the booking page's phone code, chosen by URL like the device drivers:

- `none://`: no SMS step (the default); nothing is ever sent.
- `log://`: the code goes to the server log (the phone number masked by the log filter), for
  trying the step out without a gateway. Never in production: anyone reading logs books.
- `record://<name>`: keeps every message in memory under <name> (`recorded(name)`), for tests.
- a gateway: a plug-in package registers an entry point in the group `onewindow.sms` named by
  its scheme (`aliyun = "pkg.module:factory"`); factory(url) returns an object with
  `send_code(phone, code, minutes, hall_name)`. Keep credentials out of the URL (the hall file
  is stored in the database): read them from the environment. Its failures become
  SmsUnavailable (503, nothing kept).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Any

from server.domain.booking_guard import SMS_PLUGIN_GROUP
from server.domain.errors import SmsUnavailable
from server.services.booking_stores import SmsSender

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SentCode:
    phone: str
    code: str
    minutes: int
    hall_name: str


class LogSender:
    def send_code(self, phone: str, code: str, minutes: int, hall_name: str) -> None:
        log.warning("SMS (log://, not sent) to %s: %s booking code %s, valid %d min",
                    phone, hall_name, code, minutes)  # fmt: skip


class RecordingSender:
    """Keeps what it was asked to send, newest last."""

    def __init__(self) -> None:
        self.sent: list[SentCode] = []
        self._lock = threading.Lock()

    def send_code(self, phone: str, code: str, minutes: int, hall_name: str) -> None:
        with self._lock:
            self.sent.append(SentCode(phone, code, minutes, hall_name))

    def last_to(self, phone: str) -> SentCode | None:
        with self._lock:
            return next((s for s in reversed(self.sent) if s.phone == phone), None)


_recorders: dict[str, RecordingSender] = {}
_recorders_lock = threading.Lock()


def recorded(name: str) -> RecordingSender:
    """The recording sender of `record://<name>` (made on first use)."""
    with _recorders_lock:
        return _recorders.setdefault(name, RecordingSender())


class _Guarded:
    """A plug-in's sender whose failures become the typed SmsUnavailable."""

    def __init__(self, sender: Any, scheme: str) -> None:
        self.sender, self.scheme = sender, scheme

    def send_code(self, phone: str, code: str, minutes: int, hall_name: str) -> None:
        try:
            self.sender.send_code(phone, code, minutes, hall_name)
        except SmsUnavailable:
            raise
        except Exception:
            log.exception("SMS gateway %s:// failed", self.scheme)
            raise SmsUnavailable() from None


def open_sender(url: str) -> SmsSender:
    """The sender of an `sms_url` (config/hall.py has checked its scheme)."""
    scheme, _, rest = url.partition("://")
    if scheme == "log":
        return LogSender()
    if scheme == "record":
        return recorded(rest.strip("/") or "default")
    if scheme == "none":
        raise SmsUnavailable()  # the use case never sends when the step is off
    found = [e for e in entry_points(group=SMS_PLUGIN_GROUP) if e.name == scheme]
    if not found:
        log.error("no SMS sender for %s:// is installed", scheme)
        raise SmsUnavailable()
    try:
        return _Guarded(found[0].load()(url), scheme)
    except Exception:
        log.exception("SMS sender %s:// cannot be made", scheme)
        raise SmsUnavailable() from None
