"""Read-side use cases of the manager console: the live board and the lists it edits."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import fields
from datetime import datetime

from server.domain.catalogue import Service, Window
from server.domain.rating import RatingLevel
from server.domain.ticket import TicketStatus
from server.services import supervision, views
from server.services.alert_views import alert_view
from server.services.context import Context
from server.services.device_health import device_state
from server.services.hall_state import HallState
from server.services.manage_results import (
    Board,
    BoardLine,
    BoardTicket,
    BoardWindow,
    HallStaffMember,
    QueuedTicket,
    RatingsToday,
    ServiceSettings,
    StaffRef,
)
from server.services.records import AuditRecord, DeviceView, audit_record
from server.services.unit_of_work import UnitOfWork

AUDIT_LIMIT_MAX = 500


def _seconds(since: datetime | None, now: datetime) -> int | None:
    return None if since is None else max(0, round((now - since).total_seconds()))


def service_view(service: Service, active: bool = True) -> ServiceSettings:
    return ServiceSettings(
        code=service.code,
        name_zh=service.name_zh,
        name_en=service.name_en,
        prefix=service.prefix,
        category=service.category,
        window_kinds=sorted(k.value for k in service.window_kinds),
        expected_minutes=service.expected_minutes,
        yellow_minutes=service.yellow_minutes,
        red_minutes=service.red_minutes,
        promised_days=service.promised_days,
        daily_cap=service.daily_cap,
        active=active,
    )


def board_window(state: HallState, w: Window, names: dict[int, str]) -> BoardWindow:
    """A window with its clerk, since when it is in its state, and its ticket's time."""
    view = state.window_view(w)
    current = None
    ticket = state.current(w.id)
    if ticket is not None and view.current is not None:
        seen = views.ticket_view(ticket, state.services.get(ticket.service_code))
        current = BoardTicket(
            **views.ticket_fields(seen),
            since=view.current.since,
            seconds=_seconds(ticket.serving_at or ticket.called_at, state.now),
        )
    clerk = w.clerk_id
    return BoardWindow(
        id=view.id,
        number=view.number,
        name_zh=view.name_zh,
        name_en=view.name_en,
        kind=view.kind,
        state=view.state,
        state_since=view.state_since,
        pause_reason=view.pause_reason,
        services=view.services,
        staffed=view.staffed,
        current=current,
        clerk=None if clerk is None else StaffRef(clerk, names.get(clerk, "")),
        since=views.iso(w.state_since),
    )


def board_windows(state: HallState, names: dict[int, str]) -> list[BoardWindow]:
    state.load_every_current()
    return [board_window(state, w, names) for w in state.windows]


def clerk_names(uow: UnitOfWork, hall_id: str) -> dict[int, str]:
    return {u.id: u.name for u in uow.staff.of_hall(hall_id)}


def _lines(state: HallState) -> list[BoardLine]:
    oldest: dict[str, datetime] = {}
    for t in state.waiting_tickets:
        if t.status is TicketStatus.WAITING:
            first = oldest.get(t.service_code)
            oldest[t.service_code] = t.issued_at if first is None else min(first, t.issued_at)
    return [
        BoardLine(
            **{f.name: getattr(line, f.name) for f in fields(line)},
            longest_wait_seconds=_seconds(oldest.get(line.code), state.now) or 0,
        )
        for line in state.lines()
    ]


def _ratings(uow: UnitOfWork, state: HallState) -> RatingsToday:
    counts = uow.followups.ratings_of_day(state.hall.id, state.day)
    by_level = {str(int(level)): counts.get(int(level), 0) for level in RatingLevel}
    bad = sum(n for level, n in counts.items() if RatingLevel(level).is_bad)
    total = sum(counts.values())
    good = sum(n for level, n in counts.items() if level >= RatingLevel.SATISFIED)
    return RatingsToday(total=total, by_level=by_level, bad=bad, satisfied=good)


def _devices(hall_id: str, uow: UnitOfWork, ctx: Context) -> list[DeviceView]:
    return [device_state(uow, d, ctx) for d in uow.devices.of_hall(hall_id)]


def board(hall_id: str, uow: UnitOfWork, ctx: Context) -> Board:
    """Everything the manager watches: windows, lines, warnings, ratings, devices, follow-ups."""
    state = HallState.load(uow, hall_id, ctx.now)
    return Board(
        at=ctx.now.isoformat(),
        hall=views.hall_header(state.hall, state.day),
        windows=board_windows(state, clerk_names(uow, hall_id)),
        lines=_lines(state),
        alerts=[alert_view(a) for a in uow.alerts.active(hall_id)],
        ratings_today=_ratings(uow, state),
        devices=_devices(hall_id, uow, ctx),
        followups=supervision.followup_card_views(hall_id, uow.followups.open(hall_id), uow, ctx),
    )


def waiting(hall_id: str, uow: UnitOfWork, ctx: Context) -> list[QueuedTicket]:
    """The waiting tickets, oldest place in line first, for re-routing."""
    state = HallState.load(uow, hall_id, ctx.now)
    line = [t for t in state.waiting_tickets if t.status is TicketStatus.WAITING]
    line.sort(key=lambda t: (t.queue_at, t.id or 0))
    return [
        QueuedTicket(
            id=t.id,
            number=t.number,
            service=views.service_ref(state.services.get(t.service_code), t.service_code),
            priority=t.priority.value,
            issued_at=views.iso(t.issued_at),
            waited_seconds=_seconds(t.issued_at, ctx.now),
            target_window_id=t.target_window_id,
        )
        for t in line
    ]


def services(hall_id: str, uow: UnitOfWork, ctx: Context) -> list[ServiceSettings]:
    uow.halls.get(hall_id)  # an unknown hall is a 404, not an empty list
    return [service_view(s, active) for s, active in uow.admin.services(hall_id)]


def windows(hall_id: str, uow: UnitOfWork, ctx: Context) -> list[BoardWindow]:
    state = HallState.load(uow, hall_id, ctx.now)
    return board_windows(state, clerk_names(uow, hall_id))


def users(hall_id: str, uow: UnitOfWork, ctx: Context) -> list[HallStaffMember]:
    uow.halls.get(hall_id)
    seated: dict[int, list[int]] = defaultdict(list)
    for w in uow.windows.list(hall_id):
        if w.clerk_id is not None:
            seated[w.clerk_id].append(w.id)
    return [
        HallStaffMember(
            u.id,
            u.username,
            u.role,
            u.hall_id,
            u.name,
            u.active,
            window_id=next(iter(seated.get(u.id, [])), None),
        )  # fmt: skip
        for u in uow.staff.of_hall(hall_id)
    ]


def devices(hall_id: str, uow: UnitOfWork, ctx: Context) -> list[DeviceView]:
    uow.halls.get(hall_id)
    return _devices(hall_id, uow, ctx)


def audit(hall_id: str, limit: int, uow: UnitOfWork, ctx: Context) -> list[AuditRecord]:
    """The hall's latest changes, newest first."""
    uow.halls.get(hall_id)
    return [
        audit_record(row) for row in uow.audit.recent(hall_id, max(1, min(limit, AUDIT_LIMIT_MAX)))
    ]
