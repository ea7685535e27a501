"""What the booking page's guards need from storage and from an SMS gateway (the ports the
adapters implement: server/adapters/limits_store.py, appointment_store.py, sms.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from server.domain.limits import Window
from server.services.limits import LimitStore


@dataclass(frozen=True)
class PhoneCode:
    id: int
    code_hash: str
    attempts: int


class GuardCounts(LimitStore, Protocol):
    def refund(self, scope: str, subject: str, window: Window) -> None: ...


class PhoneCodeRepository(Protocol):
    def add(self, hall_id: str, phone_hash: str, code_hash: str, now: datetime,
            expires_at: datetime) -> None: ...  # fmt: skip
    def live(self, hall_id: str, phone_hash: str, now: datetime) -> PhoneCode | None: ...
    def tried(self, code_id: int) -> None: ...
    def used(self, code_id: int, now: datetime) -> None: ...
    def forget_before(self, hall_id: str, before: datetime) -> int: ...


class SmsSender(Protocol):
    """Sends a booking's phone code. A gateway fills its own approved template with these
    values; on failure it raises SmsUnavailable."""

    def send_code(self, phone: str, code: str, minutes: int, hall_name: str) -> None: ...


SenderOf = Callable[[str], SmsSender]  # the hall's sms_url -> its sender
