"""A window's state (open, paused, closed), its clerk, and the guards use cases call."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from server.domain.catalogue import (
    Service,
    Window,
    WindowKind,
    WindowState,
    window_may_serve,
    with_services,
)
from server.domain.errors import IllegalMove, Kind, NotYourWindow, WindowNotOpen

OPEN, PAUSED, CLOSED = WindowState.OPEN, WindowState.PAUSED, WindowState.CLOSED
EARLIER = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
NOW = EARLIER + timedelta(minutes=30)
CLERK = 5


def window_in(state: WindowState, clerk_id: int | None = CLERK, reason: str = "") -> Window:
    return Window(
        id=3,
        hall_id="dingcheng",
        number=3,
        name_zh="综合受理",
        name_en="General service",
        kind=WindowKind.GENERAL,
        services=frozenset({"social_security"}),
        state=state,
        state_since=EARLIER,
        pause_reason=reason,
        clerk_id=clerk_id,
    )


MOVES: dict[str, Callable[[Window], None]] = {
    "pause": lambda w: w.pause("lunch", NOW),
    "resume": lambda w: w.resume(NOW),
    "open": lambda w: w.open(NOW),
    "close": lambda w: w.close(NOW),
}
ALLOWED = [
    ("pause", OPEN, PAUSED),
    ("resume", PAUSED, OPEN),
    ("open", PAUSED, OPEN),
    ("open", CLOSED, OPEN),
    ("close", OPEN, CLOSED),
    ("close", PAUSED, CLOSED),
]
REFUSED = [
    (action, state)
    for action in MOVES
    for state in WindowState
    if not any(a == action and s is state for a, s, _ in ALLOWED)
]


@pytest.mark.parametrize(("action", "before", "after"), ALLOWED)
def test_an_allowed_window_move_sets_the_state_and_its_time(
    action: str, before: WindowState, after: WindowState
) -> None:
    window = window_in(before)

    MOVES[action](window)

    assert (window.state, window.state_since) == (after, NOW)
    assert window.changes == [after.value]


@pytest.mark.parametrize(("action", "state"), REFUSED)
def test_an_illegal_window_move_is_refused_and_changes_nothing(
    action: str, state: WindowState
) -> None:
    window = window_in(state, reason="lunch" if state is PAUSED else "")

    with pytest.raises(IllegalMove) as refused:
        MOVES[action](window)

    assert refused.value.params == {"action": action, "state": state.value}
    assert (window.state, window.state_since, window.changes) == (state, EARLIER, [])


def test_the_refused_window_moves_are_the_obvious_ones() -> None:
    assert sorted(REFUSED) == sorted(
        [("pause", PAUSED), ("pause", CLOSED), ("resume", OPEN), ("resume", CLOSED)]
        + [("open", OPEN), ("close", CLOSED)]
    )


def test_pause_keeps_the_reason_and_leaving_the_pause_clears_it() -> None:
    for leave in ("resume", "open", "close"):
        window = window_in(OPEN)
        window.pause("去取材料", NOW)
        assert window.pause_reason == "去取材料"

        MOVES[leave](window)

        assert window.pause_reason == ""


def test_sign_in_seats_the_clerk_and_opens_a_closed_window() -> None:
    window = window_in(CLOSED, clerk_id=None)

    window.sign_in(CLERK, NOW)

    assert (window.clerk_id, window.state, window.state_since) == (CLERK, OPEN, NOW)
    assert window.changes == ["open", "signed_in"]


def test_sign_in_on_a_paused_window_keeps_it_paused() -> None:
    window = window_in(PAUSED, clerk_id=None, reason="lunch")

    window.sign_in(CLERK, NOW)

    assert (window.clerk_id, window.state, window.state_since) == (CLERK, PAUSED, EARLIER)
    assert window.changes == ["signed_in"]


def test_sign_out_closes_the_window_and_frees_it() -> None:
    for state in WindowState:
        window = window_in(state)

        window.sign_out(NOW)

        assert (window.clerk_id, window.state, window.state_since) == (None, CLOSED, NOW)
        assert window.changes == ["closed", "signed_out"]


def test_the_clerk_signed_in_may_operate_the_window() -> None:
    window_in(OPEN).ensure_operated_by(CLERK, is_manager=False)


@pytest.mark.parametrize(
    ("clerk_on_window", "user"),
    [(CLERK, CLERK + 1), (CLERK, None), (None, CLERK), (None, None)],
)
def test_anyone_else_who_is_not_a_manager_is_refused(
    clerk_on_window: int | None, user: int | None
) -> None:
    with pytest.raises(NotYourWindow) as refused:
        window_in(OPEN, clerk_id=clerk_on_window).ensure_operated_by(user, is_manager=False)

    assert refused.value.params == {"window": 3}
    assert refused.value.kind is Kind.NOT_ALLOWED


def test_a_manager_may_operate_any_window() -> None:
    window_in(OPEN, clerk_id=CLERK).ensure_operated_by(CLERK + 1, is_manager=True)
    window_in(OPEN, clerk_id=None).ensure_operated_by(None, is_manager=True)


def test_ensure_open_passes_only_an_open_window() -> None:
    window_in(OPEN).ensure_open()
    for state in (PAUSED, CLOSED):
        with pytest.raises(WindowNotOpen) as refused:
            window_in(state).ensure_open()
        assert refused.value.params == {"window": 3, "state": state.value}


def test_window_may_serve_only_its_own_services() -> None:
    def service(code: str, kinds: set[WindowKind]) -> Service:
        return Service(code, code, code, "A", frozenset(kinds), 8, 20, 40)

    window = window_in(OPEN)

    assert window_may_serve(window, service("social_security", {WindowKind.GENERAL}))
    assert not window_may_serve(window, service("medical_insurance", {WindowKind.GENERAL}))


def test_with_services_returns_a_new_window_and_leaves_the_old_one() -> None:
    window = window_in(OPEN)

    widened = with_services(window, frozenset({"social_security", "household"}))

    assert widened.services == {"social_security", "household"}
    assert window.services == {"social_security"}
    assert (widened.id, widened.state) == (window.id, window.state)


def test_a_service_without_promised_days_is_instant() -> None:
    instant = Service("a", "a", "a", "A", frozenset({WindowKind.GENERAL}), 8, 20, 40)
    promised = Service("b", "b", "b", "B", frozenset({WindowKind.GENERAL}), 8, 20, 40, 5)

    assert instant.instant
    assert not promised.instant
