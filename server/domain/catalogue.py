"""What a hall offers: services (matters, 事项) and the windows that serve them."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from server.domain.errors import IllegalMove, NotYourWindow, WindowNotOpen


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
