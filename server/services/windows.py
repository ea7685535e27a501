"""Use cases of a window itself: sign in, sign out, pause, resume, open, close."""

from __future__ import annotations

from server.domain.catalogue import Window
from server.domain.errors import UnknownWindow, WindowBusy, WindowTaken
from server.services.commands import Pause, WindowCommand
from server.services.context import Context
from server.services.events import WindowChanged
from server.services.hall_state import HallState
from server.services.unit_of_work import UnitOfWork
from server.services.views import WindowView


def _load(cmd: WindowCommand, uow: UnitOfWork, ctx: Context) -> tuple[HallState, Window]:
    window = uow.windows.get(cmd.window_id)
    if cmd.actor.hall_id not in (None, window.hall_id):
        raise UnknownWindow(window=cmd.window_id)
    state = HallState.load(uow, window.hall_id, ctx.now)
    return state, state.adopt(window)


def _ensure_idle(state: HallState, window: Window) -> None:
    busy = state.current(window.id)
    if busy is not None:
        raise WindowBusy(window=window.number, number=busy.number)


def _changed(state: HallState, window: Window, uow: UnitOfWork) -> WindowView:
    uow.windows.save(window)
    view = state.window_view(window)
    uow.collect(WindowChanged(state.hall.id, view))
    uow.collect(state.lines_stale())
    return view


def sign_in(cmd: WindowCommand, uow: UnitOfWork, ctx: Context) -> WindowView:
    """Seat the clerk at this window (leaving any other window they held)."""
    state, window = _load(cmd, uow, ctx)
    user_id = cmd.actor.user_id
    assert user_id is not None
    if window.clerk_id not in (None, user_id):
        raise WindowTaken(window=window.number)
    other = uow.windows.of_clerk(user_id)
    if other is not None and other.id != window.id:
        other = state.adopt(other)
        _ensure_idle(state, other)
        other.sign_out(ctx.now)
        _changed(state, other, uow)
    window.sign_in(user_id, ctx.now)
    return _changed(state, window, uow)


def sign_out(cmd: WindowCommand, uow: UnitOfWork, ctx: Context) -> WindowView:
    state, window = _load(cmd, uow, ctx)
    window.ensure_operated_by(cmd.actor.user_id, cmd.actor.is_manager)
    _ensure_idle(state, window)
    window.sign_out(ctx.now)
    return _changed(state, window, uow)


def pause(cmd: Pause, uow: UnitOfWork, ctx: Context) -> WindowView:
    state, window = _load(cmd, uow, ctx)
    window.ensure_operated_by(cmd.actor.user_id, cmd.actor.is_manager)
    window.pause(cmd.reason, ctx.now)
    return _changed(state, window, uow)


def resume(cmd: WindowCommand, uow: UnitOfWork, ctx: Context) -> WindowView:
    state, window = _load(cmd, uow, ctx)
    window.ensure_operated_by(cmd.actor.user_id, cmd.actor.is_manager)
    window.resume(ctx.now)
    return _changed(state, window, uow)


def open_window(cmd: WindowCommand, uow: UnitOfWork, ctx: Context) -> WindowView:
    state, window = _load(cmd, uow, ctx)
    window.ensure_operated_by(cmd.actor.user_id, cmd.actor.is_manager)
    window.open(ctx.now)
    return _changed(state, window, uow)


def close_window(cmd: WindowCommand, uow: UnitOfWork, ctx: Context) -> WindowView:
    state, window = _load(cmd, uow, ctx)
    window.ensure_operated_by(cmd.actor.user_id, cmd.actor.is_manager)
    _ensure_idle(state, window)
    window.close(ctx.now)
    return _changed(state, window, uow)
