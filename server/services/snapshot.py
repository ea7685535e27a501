"""Read-side use cases: the full picture a screen gets when it connects, and warnings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from server.domain.alerts import compute_alerts, diff_alerts
from server.domain.errors import UnknownWindow
from server.domain.ticket import TicketStatus
from server.services import cases, views
from server.services.alert_views import AnyAlertView, alert_view
from server.services.context import Context
from server.services.device_health import kiosk_alerts
from server.services.events import AlertCleared, AlertRaised
from server.services.hall_state import HallState
from server.services.unit_of_work import UnitOfWork

RECENT_CALLS = 8


@dataclass(frozen=True, slots=True)
class RecentCall:
    """A call (or recall) the wall display lists: which number went to which window, when."""

    kind: str
    at: str
    number: str
    service: str
    window: views.WindowRef


@dataclass(frozen=True, slots=True)
class HallSnapshot:
    """Everything a wall display or the manager console shows of the hall, as of now."""

    at: str
    hall: views.HallHeader
    windows: list[views.WindowView]
    lines: list[views.LineView]
    recent_calls: list[RecentCall]
    alerts: list[AnyAlertView]


@dataclass(frozen=True, slots=True)
class WindowSnapshot:
    """What a counter screen shows: its window, its lines, how many tickets were sent to it."""

    at: str
    window: views.WindowView
    lines: list[views.LineView]
    waiting_directed: int


@dataclass(frozen=True, slots=True)
class CatalogueService:
    """A service as kiosks and consoles offer it: its line's prefix, who serves it, its times
    (minutes) and limits."""

    code: str
    name_zh: str
    name_en: str
    prefix: str
    category: str
    window_kinds: list[str]
    expected_minutes: float
    yellow_minutes: float
    red_minutes: float
    instant: bool
    promised_days: int
    daily_cap: int | None
    identity_check: bool


@dataclass(frozen=True, slots=True)
class HallCatalogue:
    """The hall's services and windows, for kiosks and consoles."""

    hall: str
    services: list[CatalogueService]
    windows: list[views.WindowView]


@dataclass(frozen=True, slots=True)
class QueueLengths:
    """Each service's line now: who waits, how many windows serve it, the estimated wait."""

    at: str
    lines: list[views.LineView]


def _recent_call(row: dict[str, Any]) -> RecentCall:
    w = row["window"]
    window = views.WindowRef(w["id"], w["number"], w["name_zh"], w["name_en"])
    return RecentCall(row["kind"], row["at"], row["number"], row["service"], window)


def hall_snapshot(hall_id: str, uow: UnitOfWork, ctx: Context) -> HallSnapshot:
    """Everything a wall display or the manager console shows, as of now."""
    state = HallState.load(uow, hall_id, ctx.now)
    return HallSnapshot(
        at=ctx.now.isoformat(),
        hall=views.hall_header(state.hall, state.day),
        windows=_window_views(state),
        lines=state.lines(),
        recent_calls=[
            _recent_call(c) for c in uow.tickets.recent_calls(hall_id, state.day, RECENT_CALLS)
        ],
        alerts=[alert_view(a) for a in uow.alerts.active(hall_id)],
    )


def _window_views(state: HallState) -> list[views.WindowView]:
    state.load_every_current()
    return [state.window_view(w) for w in state.windows]


def window_snapshot(
    window_id: int, hall_id: str | None, uow: UnitOfWork, ctx: Context
) -> WindowSnapshot:
    """What a counter screen shows: its window, its lines, tickets sent to it."""
    window = uow.windows.get(window_id)
    if hall_id not in (None, window.hall_id):
        raise UnknownWindow(window=window_id)
    state = HallState.load(uow, window.hall_id, ctx.now)
    live = state.adopt(window)
    mine = [t for t in state.waiting_tickets if t.status is TicketStatus.WAITING]
    return WindowSnapshot(
        at=ctx.now.isoformat(),
        window=state.window_view(live),
        lines=[line for line in state.lines() if line.code in live.services],
        waiting_directed=sum(1 for t in mine if t.target_window_id == window_id),
    )


def refresh_alerts(hall_id: str, uow: UnitOfWork, ctx: Context) -> int:
    """Recompute red/yellow warnings, store the change, announce raised and cleared ones."""
    state = HallState.load(uow, hall_id, ctx.now)
    tickets = [*state.waiting_tickets, *state.load_every_current()]
    now_in_force = (
        compute_alerts(
            tickets, state.windows, state.services, state.hall.rules.max_pause_minutes, ctx.now
        )
        + cases.deadline_alerts(hall_id, uow, ctx)
        + kiosk_alerts(hall_id, uow, ctx)
    )
    raised, cleared = diff_alerts(uow.alerts.active(hall_id), now_in_force)
    if raised or cleared:
        uow.alerts.apply(hall_id, raised, cleared)
    for alert in raised:
        uow.collect(AlertRaised(hall_id, alert_view(alert)))
    for alert in cleared:
        uow.collect(AlertCleared(hall_id, alert_view(alert)))
    return len(raised) + len(cleared)


def catalogue(hall_id: str, uow: UnitOfWork, ctx: Context) -> HallCatalogue:
    """The hall's services and windows, for kiosks and consoles."""
    state = HallState.load(uow, hall_id, ctx.now)
    services = [
        CatalogueService(
            code=s.code,
            name_zh=s.name_zh,
            name_en=s.name_en,
            prefix=s.prefix,
            category=s.category,
            window_kinds=sorted(k.value for k in s.window_kinds),
            expected_minutes=s.expected_minutes,
            yellow_minutes=s.yellow_minutes,
            red_minutes=s.red_minutes,
            instant=s.instant,
            promised_days=s.promised_days,
            daily_cap=s.daily_cap,
            identity_check=s.identity_check,
        )
        for s in state.services.values()
    ]
    return HallCatalogue(state.hall.id, services, _window_views(state))


def queues(hall_id: str, uow: UnitOfWork, ctx: Context) -> QueueLengths:
    state = HallState.load(uow, hall_id, ctx.now)
    return QueueLengths(ctx.now.isoformat(), state.lines())
