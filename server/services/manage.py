"""Live actions of the manager: move a clerk, change a window's services, re-route a
waiting ticket, set the display's notice, close a bad-rating follow-up."""

from __future__ import annotations

from typing import Any

from server.domain.catalogue import Window
from server.domain.errors import (
    FollowUpClosed,
    TicketNotWaiting,
    UnknownTicket,
    WindowBusy,
    invalid,
)
from server.domain.ticket import TicketStatus
from server.services.audit import Audit, ensure_hall
from server.services.board import board_window, clerk_names
from server.services.commands import (
    Actor,
    AssignClerk,
    CloseFollowUp,
    Reroute,
    SetNotice,
    SetWindowServices,
)
from server.services.context import Context
from server.services.events import FollowUpDone, NoticeChanged, TicketChanged, WindowClerk
from server.services.hall_state import HallState
from server.services.manage_results import BoardWindow, HallNotice, StaffRef
from server.services.records import FollowUpRecord, follow_up_record
from server.services.unit_of_work import UnitOfWork
from server.services.views import TicketView

CLERK_ROLES = ("clerk", "manager")


def load_window(
    window_id: int, actor: Actor, uow: UnitOfWork, ctx: Context
) -> tuple[HallState, Window]:
    window = uow.windows.get(window_id)
    ensure_hall(actor, window.hall_id)
    state = HallState.load(uow, window.hall_id, ctx.now)
    return state, state.adopt(window)


def _ensure_idle(state: HallState, window: Window) -> None:
    busy = state.current(window.id)
    if busy is not None:
        raise WindowBusy(window=window.number, number=busy.number)


def _seat(window: Window) -> dict[str, Any]:
    return {"window": window.number, "clerk_id": window.clerk_id, "state": window.state.value}


def _leave(state: HallState, window: Window, uow: UnitOfWork, ctx: Context) -> None:
    _ensure_idle(state, window)
    window.sign_out(ctx.now)
    uow.windows.save(window)
    uow.collect(state.window_changed(window))
    uow.collect(WindowClerk(state.hall.id, window.id, None))


def assign_clerk(cmd: AssignClerk, uow: UnitOfWork, ctx: Context) -> BoardWindow:
    """Seat a clerk at the window (they leave any other), or free it (user_id None).

    Refused while the window they leave, or the window itself, holds a current ticket.
    """
    state, window = load_window(cmd.window_id, cmd.actor, uow, ctx)
    names = clerk_names(uow, state.hall.id)
    if cmd.user_id == window.clerk_id:  # already so: nothing to do, nothing to audit
        return board_window(state, window, names)
    before = _seat(window)
    if cmd.user_id is None:
        _leave(state, window, uow, ctx)
    else:
        user = uow.staff.get(cmd.user_id)
        if user.hall_id != state.hall.id or not user.active or user.role not in CLERK_ROLES:
            raise invalid("user_id", "an active clerk of this hall", "须为本大厅在岗的工作人员")
        _ensure_idle(state, window)
        other = uow.windows.of_clerk(user.id)
        if other is not None:
            other = state.adopt(other)
            _leave(state, other, uow, ctx)
            Audit(uow, ctx, cmd.actor).write(
                state.hall.id,
                "window.unassign",
                f"window:{other.id}",
                {"clerk_id": user.id},
                {"clerk_id": None},
            )
        window.sign_in(user.id, ctx.now)
        uow.windows.save(window)
        uow.collect(state.window_changed(window))
        uow.collect(WindowClerk(state.hall.id, window.id, StaffRef(user.id, user.name)))
    uow.collect(state.lines_stale())
    Audit(uow, ctx, cmd.actor).write(
        state.hall.id, "window.assign", f"window:{window.id}", before, _seat(window)
    )
    return board_window(state, window, names)


def set_window_services(cmd: SetWindowServices, uow: UnitOfWork, ctx: Context) -> BoardWindow:
    """Change which services the window serves: its very next call-next follows it."""
    state, window = load_window(cmd.window_id, cmd.actor, uow, ctx)
    # a code the window already lists may stay (a service deactivated meanwhile)
    unknown = sorted(set(cmd.services) - set(state.services) - window.services)
    if unknown:
        raise invalid("services", f"unknown service {unknown[0]}", f"未知事项 {unknown[0]}")
    before = {"services": sorted(window.services)}
    window.services = frozenset(cmd.services)
    uow.windows.save(window)
    uow.catalogue_changed(state.hall.id)
    uow.collect(state.window_changed(window))
    uow.collect(state.lines_stale())
    Audit(uow, ctx, cmd.actor).write(
        state.hall.id,
        "window.services",
        f"window:{window.id}",
        before,
        {"services": sorted(window.services)},
    )
    return board_window(state, window, clerk_names(uow, state.hall.id))


def reroute(cmd: Reroute, uow: UnitOfWork, ctx: Context) -> TicketView:
    """Send a waiting ticket to another service or a named window; it keeps number and place."""
    ensure_hall(cmd.actor, cmd.hall_id)
    state = HallState.load(uow, cmd.hall_id, ctx.now)
    ticket = uow.tickets.get(cmd.ticket_id)
    if ticket.hall_id != state.hall.id:
        raise UnknownTicket(ticket=cmd.ticket_id)
    if ticket.status is not TicketStatus.WAITING:
        raise TicketNotWaiting(number=ticket.number, state=ticket.status.value)
    if cmd.service is None and cmd.window_id is None:
        raise invalid("service", "give a service or a window_id", "请指定事项或窗口")
    if cmd.service is not None and cmd.service not in state.services:
        raise invalid("service", f"unknown service {cmd.service}", f"未知事项 {cmd.service}")
    if cmd.window_id is not None and state.window(cmd.window_id) is None:
        raise invalid(
            "window_id",
            f"no window {cmd.window_id} in this hall",
            f"本大厅没有窗口 {cmd.window_id}",
        )
    before = {"service": ticket.service_code, "target_window_id": ticket.target_window_id}
    ticket.transfer(
        ctx.now,
        service_code=cmd.service,
        window_id=cmd.window_id,
        keep_place=True,
        actor_id=cmd.actor.user_id,
    )
    uow.tickets.save(ticket)
    view = state.ticket_view(ticket)
    uow.collect(TicketChanged("transferred", state.hall.id, view, None, ticket.token))
    uow.collect(state.lines_stale())
    after = {"service": ticket.service_code, "target_window_id": ticket.target_window_id}
    Audit(uow, ctx, cmd.actor).write(
        state.hall.id, "ticket.reroute", f"ticket:{ticket.number}", before, after
    )
    return view


def set_notice(cmd: SetNotice, uow: UnitOfWork, ctx: Context) -> HallNotice:
    """Change the line that scrolls on the wall display."""
    ensure_hall(cmd.actor, cmd.hall_id)
    hall = uow.halls.get(cmd.hall_id)
    before = HallNotice(hall.notice_zh, hall.notice_en)
    after = HallNotice(cmd.notice_zh.strip(), cmd.notice_en.strip())
    uow.admin.set_notice(hall.id, after.notice_zh, after.notice_en)
    uow.catalogue_changed(hall.id)
    uow.collect(NoticeChanged(hall.id, after.notice_zh, after.notice_en))
    Audit(uow, ctx, cmd.actor).write(hall.id, "hall.notice", f"hall:{hall.id}", before, after)
    return after


def close_follow_up(cmd: CloseFollowUp, uow: UnitOfWork, ctx: Context) -> FollowUpRecord:
    """Close a bad-rating follow-up (差评整改) with what was done about it."""
    found = follow_up_record(uow.followups.get(cmd.follow_up_id))
    ensure_hall(cmd.actor, found.hall_id)
    note = cmd.note.strip()
    if not note:
        raise invalid("note", "required", "必填")
    if found.closed_at is not None or not uow.followups.close(
        cmd.follow_up_id, cmd.actor.user_id, note, ctx.now
    ):
        raise FollowUpClosed(followup=cmd.follow_up_id)
    closed = follow_up_record(uow.followups.get(cmd.follow_up_id))
    uow.collect(FollowUpDone(closed.hall_id, closed))
    Audit(uow, ctx, cmd.actor).write(
        closed.hall_id,
        "followup.close",
        f"followup:{cmd.follow_up_id}",
        {"closed_at": None},
        {"note": note},
    )
    return closed
