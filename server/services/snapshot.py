"""Read-side use cases: the full picture a screen gets when it connects, and warnings."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from server.domain.alerts import compute_alerts, diff_alerts
from server.domain.errors import UnknownWindow
from server.domain.ticket import TicketStatus
from server.services import cases, views
from server.services.context import Context
from server.services.device_health import kiosk_alerts
from server.services.events import AlertCleared, AlertRaised
from server.services.hall_state import HallState
from server.services.unit_of_work import UnitOfWork

RECENT_CALLS = 8


def hall_snapshot(hall_id: str, uow: UnitOfWork, ctx: Context) -> dict[str, Any]:
    """Everything a wall display or the manager console shows, as of now."""
    state = HallState.load(uow, hall_id, ctx.now)
    return {
        "at": ctx.now.isoformat(),
        "hall": asdict(views.hall_header(state.hall, state.day)),
        "windows": _window_views(state),
        "lines": [asdict(line) for line in state.lines()],
        "recent_calls": uow.tickets.recent_calls(hall_id, state.day, RECENT_CALLS),
        "alerts": [views.alert_view(a) for a in uow.alerts.active(hall_id)],
    }


def _window_views(state: HallState) -> list[dict[str, Any]]:
    state.load_every_current()
    return [asdict(state.window_view(w)) for w in state.windows]


def window_snapshot(
    window_id: int, hall_id: str | None, uow: UnitOfWork, ctx: Context
) -> dict[str, Any]:
    """What a counter screen shows: its window, its lines, tickets sent to it."""
    window = uow.windows.get(window_id)
    if hall_id not in (None, window.hall_id):
        raise UnknownWindow(window=window_id)
    state = HallState.load(uow, window.hall_id, ctx.now)
    live = state.adopt(window)
    mine = [t for t in state.waiting_tickets if t.status is TicketStatus.WAITING]
    return {
        "at": ctx.now.isoformat(),
        "window": asdict(state.window_view(live)),
        "lines": [asdict(line) for line in state.lines() if line.code in live.services],
        "waiting_directed": sum(1 for t in mine if t.target_window_id == window_id),
    }


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
        uow.collect(AlertRaised(hall_id, views.alert_view(alert)))
    for alert in cleared:
        uow.collect(AlertCleared(hall_id, views.alert_view(alert)))
    return len(raised) + len(cleared)


def catalogue(hall_id: str, uow: UnitOfWork, ctx: Context) -> dict[str, Any]:
    """The hall's services and windows, for kiosks and consoles."""
    state = HallState.load(uow, hall_id, ctx.now)
    services = [
        {
            **asdict(views.service_ref(s, s.code)),
            "prefix": s.prefix,
            "category": s.category,
            "window_kinds": sorted(k.value for k in s.window_kinds),
            "expected_minutes": s.expected_minutes,
            "yellow_minutes": s.yellow_minutes,
            "red_minutes": s.red_minutes,
            "instant": s.instant,
            "promised_days": s.promised_days,
            "daily_cap": s.daily_cap,
            "identity_check": s.identity_check,
        }
        for s in state.services.values()
    ]
    return {"hall": state.hall.id, "services": services, "windows": _window_views(state)}


def queues(hall_id: str, uow: UnitOfWork, ctx: Context) -> dict[str, Any]:
    state = HallState.load(uow, hall_id, ctx.now)
    return {"at": ctx.now.isoformat(), "lines": [asdict(line) for line in state.lines()]}
