"""What a hall offers: services (matters, 事项) and the windows that serve them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from server.domain.errors import (
    IllegalMove,
    NotYourWindow,
    PrefixTaken,
    WindowNotOpen,
    WindowNumberTaken,
    invalid,
)

SERVICE_CODE = re.compile(r"[a-z][a-z0-9_]{0,39}")
PREFIX = re.compile(r"[A-Z]")
# A cap of 0 would give no number at all, not even to a booked citizen checking in: a hall
# that stops a service deactivates it; no cap at all is None.
MIN_DAILY_CAP = 1


class WindowKind(StrEnum):
    CONSULT = "consult"
    GENERAL = "general"
    SPECIAL = "special"


class WindowState(StrEnum):
    OPEN = "open"
    PAUSED = "paused"
    CLOSED = "closed"


@dataclass(frozen=True)
class Service:
    """A matter citizens queue for; `prefix` letters its numbers (A001)."""

    code: str
    name_zh: str
    name_en: str
    prefix: str
    window_kinds: frozenset[WindowKind]
    expected_minutes: float
    yellow_minutes: float
    red_minutes: float
    promised_days: int = 0
    daily_cap: int | None = None
    category: str = ""
    identity_check: bool = False  # the kiosk checks the live face against the ID photo

    @property
    def instant(self) -> bool:
        return self.promised_days == 0


@dataclass
class Window:
    """A counter: its kind, the services it serves as its own, its state and clerk."""

    id: int
    hall_id: str
    number: int
    name_zh: str
    name_en: str
    kind: WindowKind
    services: frozenset[str]
    state: WindowState = WindowState.CLOSED
    state_since: datetime | None = None
    pause_reason: str = ""
    clerk_id: int | None = None
    last_called_at: datetime | None = None
    version: int = 0
    changes: list[str] = field(default_factory=list)

    def ensure_operated_by(self, user_id: int | None, is_manager: bool) -> None:
        """Refuse a clerk acting on a window they are not signed in to."""
        if not is_manager and (user_id is None or self.clerk_id != user_id):
            raise NotYourWindow(window=self.number)

    def ensure_open(self) -> None:
        if self.state is not WindowState.OPEN:
            raise WindowNotOpen(window=self.number, state=self.state.value)

    def sign_in(self, user_id: int, now: datetime) -> None:
        """Seat a clerk at this window and open it."""
        self.clerk_id = user_id
        if self.state is WindowState.CLOSED:
            self._set_state(WindowState.OPEN, now)
        self.changes.append("signed_in")

    def sign_out(self, now: datetime) -> None:
        self.clerk_id = None
        self._set_state(WindowState.CLOSED, now)
        self.changes.append("signed_out")

    def pause(self, reason: str, now: datetime) -> None:
        if self.state is not WindowState.OPEN:
            raise IllegalMove(action="pause", state=self.state.value)
        self.pause_reason = reason
        self._set_state(WindowState.PAUSED, now)

    def resume(self, now: datetime) -> None:
        if self.state is not WindowState.PAUSED:
            raise IllegalMove(action="resume", state=self.state.value)
        self.pause_reason = ""
        self._set_state(WindowState.OPEN, now)

    def open(self, now: datetime) -> None:
        if self.state is WindowState.OPEN:
            raise IllegalMove(action="open", state=self.state.value)
        self.pause_reason = ""
        self._set_state(WindowState.OPEN, now)

    def close(self, now: datetime) -> None:
        if self.state is WindowState.CLOSED:
            raise IllegalMove(action="close", state=self.state.value)
        self.pause_reason = ""
        self._set_state(WindowState.CLOSED, now)

    def _set_state(self, state: WindowState, now: datetime) -> None:
        self.state = state
        self.state_since = now
        self.changes.append(state.value)


def window_may_serve(window: Window, service: Service) -> bool:
    """Whether the service is one of the window's own (not counting help)."""
    return service.code in window.services


def with_services(window: Window, services: frozenset[str]) -> Window:
    return replace(window, services=services)


def check_service(service: Service, others: Iterable[Service]) -> None:
    """Refuse a service a hall cannot run: bad code, names, prefix, thresholds or cap.

    `others` are the hall's other active services: prefixes are unique among them.
    """
    if not SERVICE_CODE.fullmatch(service.code):
        raise invalid(
            "code", "a-z, 0-9, _ (starts with a letter)", "只能用小写字母、数字和下划线，以字母开头"
        )
    _names(service.name_zh, service.name_en)
    if not PREFIX.fullmatch(service.prefix):
        raise invalid("prefix", "one capital letter A-Z", "必须是一个大写字母 A-Z")
    if not service.window_kinds:
        raise invalid("window_kinds", "at least one window kind", "至少指定一种窗口类型")
    if not service.expected_minutes > 0:
        raise invalid("expected_minutes", "> 0", "须大于 0")
    if not service.yellow_minutes > 0:
        raise invalid("yellow_minutes", "> 0", "须大于 0")
    if not service.red_minutes > service.yellow_minutes:
        raise invalid("red_minutes", "> yellow_minutes", "红牌时限须大于黄牌时限")
    if service.promised_days < 0:
        raise invalid("promised_days", ">= 0", "不能为负数")
    if service.daily_cap is not None and service.daily_cap < MIN_DAILY_CAP:
        raise invalid("daily_cap", ">= 1 (empty: no cap)", "不能小于 1（留空为不限量）")
    clash = next((o for o in others if o.code != service.code and o.prefix == service.prefix), None)
    if clash is not None:
        raise PrefixTaken(prefix=service.prefix, service=clash.code)


def check_window(window: Window, others: Iterable[Window], services: Iterable[str]) -> None:
    """Refuse a window with a used number, no Chinese name or a service the hall lacks."""
    if window.number < 1:
        raise invalid("number", ">= 1", "须大于等于 1")
    _names(window.name_zh, window.name_en)
    known = set(services)
    unknown = sorted(window.services - known)
    if unknown:
        raise invalid("services", f"unknown service {unknown[0]}", f"未知事项 {unknown[0]}")
    if any(o.id != window.id and o.number == window.number for o in others):
        raise WindowNumberTaken(number=window.number)


def _names(name_zh: str, name_en: str) -> None:
    if not name_zh.strip():
        raise invalid("name_zh", "required", "必填")
    if len(name_zh) > 100:
        raise invalid("name_zh", "at most 100 characters", "最多 100 个字符")
    if len(name_en) > 100:
        raise invalid("name_en", "at most 100 characters", "最多 100 个字符")
