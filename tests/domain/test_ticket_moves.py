"""The ticket's table of moves: every allowed move, every refused one, and the rules on top."""

from __future__ import annotations

import copy
import random
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest

from server.domain.errors import IllegalMove, RecallLimitReached, RejoinNotAllowed
from server.domain.ticket import MOVES, Outcome, Priority, Ticket, TicketStatus

W, C, S = TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.SERVING
D, N, X = TicketStatus.DONE, TicketStatus.NO_SHOW, TicketStatus.CANCELLED

ISSUED = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai
NOW = ISSUED + timedelta(minutes=20)
NO_SHOW_AT = ISSUED + timedelta(minutes=15)
WINDOW = 7
RECALL_LIMIT = 3
REJOIN_MINUTES = 30.0


def ticket_in(status: TicketStatus, **fields: object) -> Ticket:
    """A ticket already in `status`, with the fields that status implies, and no history."""
    ticket = Ticket(
        id=42,
        hall_id="dingcheng",
        day=date(2026, 11, 23),
        number="A042",
        service_code="social_security",
        token="tok-42",
        issued_at=ISSUED,
        queue_at=ISSUED,
        status=status,
    )
    if status in (C, S, D, N):
        ticket.window_id = WINDOW
        ticket.called_at = ISSUED + timedelta(minutes=10)
    if status in (S, D):
        ticket.serving_at = ISSUED + timedelta(minutes=11)
    if status is D:
        ticket.finished_at = ISSUED + timedelta(minutes=15)
        ticket.outcome = Outcome.DONE
    if status is N:
        ticket.no_show_at = NO_SHOW_AT
    for name, value in fields.items():
        setattr(ticket, name, value)
    return ticket


ACTIONS: dict[str, Callable[[Ticket, datetime], None]] = {
    "call": lambda t, now: t.call(WINDOW, now, actor_id=5),
    "recall": lambda t, now: t.recall(RECALL_LIMIT, now, actor_id=5),
    "start": lambda t, now: t.start(now, actor_id=5),
    "finish": lambda t, now: t.finish(Outcome.DONE, now, actor_id=5),
    "no_show": lambda t, now: t.mark_no_show(now, actor_id=5),
    "rejoin": lambda t, now: t.rejoin(REJOIN_MINUTES, NOW, now),
    "transfer": lambda t, now: t.transfer(
        now, service_code="medical_insurance", window_id=None, keep_place=True, actor_id=5
    ),
    "cancel": lambda t, now: t.cancel(now, actor_id=5),
}

ALLOWED = [
    pytest.param(action, before, after, id=f"{action}:{before}->{after}")
    for action, table in MOVES.items()
    for before, after in table.items()
]
REFUSED = [
    pytest.param(action, status, id=f"{action}:{status}")
    for action in MOVES
    for status in TicketStatus
    if status not in MOVES[action]
]


def test_the_table_of_moves_is_the_one_the_issue_describes() -> None:
    assert MOVES == {
        "call": {W: C},
        "recall": {C: C},
        "start": {C: S},
        "finish": {C: D, S: D},
        "no_show": {C: N},
        "rejoin": {N: W},
        "transfer": {W: W, C: W, S: W},
        "cancel": {W: X, N: X},
    }


def test_every_action_of_the_table_has_a_method() -> None:
    assert set(ACTIONS) == set(MOVES)


def test_done_and_cancelled_are_final() -> None:
    for status in (D, X):
        assert not [action for action, table in MOVES.items() if status in table]


@pytest.mark.parametrize(("action", "before", "after"), ALLOWED)
def test_an_allowed_move_changes_the_status_and_records_one_event(
    action: str, before: TicketStatus, after: TicketStatus
) -> None:
    ticket = ticket_in(before)

    ACTIONS[action](ticket, NOW)

    assert ticket.status is after
    assert len(ticket.history) == 1
    event = ticket.history[0]
    assert (event.kind, event.at, event.from_status, event.to_status) == (
        action,
        NOW,
        before,
        after,
    )


@pytest.mark.parametrize(("action", "status"), REFUSED)
def test_a_move_outside_the_table_is_refused_and_changes_nothing(
    action: str, status: TicketStatus
) -> None:
    ticket = ticket_in(status)
    before = copy.deepcopy(ticket)

    with pytest.raises(IllegalMove) as refused:
        ACTIONS[action](ticket, NOW)

    assert refused.value.params == {"action": action, "state": status.value, "number": "A042"}
    assert ticket == before
    assert ticket.history == []


def test_record_issue_opens_the_history_with_no_previous_status() -> None:
    ticket = ticket_in(W)

    ticket.record_issue(actor_id=9)

    [event] = ticket.history
    assert (event.kind, event.at, event.from_status, event.to_status, event.actor_id) == (
        "issued",
        ISSUED,
        None,
        W,
        9,
    )


def test_call_seats_the_ticket_at_the_window_and_clears_its_direction() -> None:
    ticket = ticket_in(W, target_window_id=WINDOW, recall_count=2)

    ticket.call(WINDOW, NOW, actor_id=5)

    assert (ticket.window_id, ticket.target_window_id, ticket.called_at) == (WINDOW, None, NOW)
    assert ticket.recall_count == 0
    assert (ticket.history[0].window_id, ticket.history[0].actor_id) == (WINDOW, 5)


def test_start_records_when_service_began() -> None:
    ticket = ticket_in(C)

    ticket.start(NOW)

    assert ticket.serving_at == NOW
    assert ticket.history[0].window_id == WINDOW


def test_finish_from_serving_sets_the_outcome_and_keeps_the_start_of_service() -> None:
    ticket = ticket_in(S)
    started = ticket.serving_at

    ticket.finish(Outcome.ACCEPTED, NOW)

    assert (ticket.outcome, ticket.finished_at, ticket.serving_at) == (
        Outcome.ACCEPTED,
        NOW,
        started,
    )
    assert ticket.history[0].data == {"outcome": "accepted"}


def test_finish_straight_from_called_counts_service_from_the_call() -> None:
    ticket = ticket_in(C)

    ticket.finish(Outcome.CONSULTED, NOW)

    assert ticket.outcome is Outcome.CONSULTED
    assert ticket.serving_at == ticket.called_at
    assert ticket.finished_at == NOW


def test_no_show_records_when_it_was_marked() -> None:
    ticket = ticket_in(C)

    ticket.mark_no_show(NOW)

    assert ticket.no_show_at == NOW
    assert ticket.history[0].window_id == WINDOW


def test_is_priority_for_every_green_channel_kind_but_not_normal() -> None:
    assert not ticket_in(W).is_priority
    for kind in Priority:
        if kind is not Priority.NORMAL:
            assert ticket_in(W, priority=kind).is_priority


# Recall


def test_recall_keeps_the_ticket_called_and_counts() -> None:
    ticket = ticket_in(C)

    ticket.recall(RECALL_LIMIT, NOW)
    ticket.recall(RECALL_LIMIT, NOW)

    assert ticket.status is C
    assert ticket.recall_count == 2
    assert [e.kind for e in ticket.history] == ["recall", "recall"]


def test_recall_up_to_the_limit_is_allowed_and_one_more_is_refused() -> None:
    ticket = ticket_in(C)
    for _ in range(RECALL_LIMIT):
        ticket.recall(RECALL_LIMIT, NOW)
    before = copy.deepcopy(ticket)

    with pytest.raises(RecallLimitReached) as refused:
        ticket.recall(RECALL_LIMIT, NOW)

    assert refused.value.params == {"number": "A042", "limit": RECALL_LIMIT}
    assert ticket == before
    assert len(ticket.history) == RECALL_LIMIT


def test_a_recall_limit_of_zero_refuses_the_first_recall() -> None:
    with pytest.raises(RecallLimitReached):
        ticket_in(C).recall(0, NOW)


def test_a_new_call_restarts_the_recall_count() -> None:
    ticket = ticket_in(C, recall_count=RECALL_LIMIT)
    ticket.transfer(NOW, service_code=None, window_id=WINDOW + 1, keep_place=True)

    ticket.call(WINDOW + 1, NOW)
    ticket.recall(RECALL_LIMIT, NOW)

    assert ticket.recall_count == 1


# No-show and rejoin


def test_rejoin_within_the_window_of_minutes_puts_the_ticket_back_in_line() -> None:
    ticket = ticket_in(N)
    behind = ISSUED + timedelta(minutes=18)

    ticket.rejoin(REJOIN_MINUTES, behind, NO_SHOW_AT + timedelta(minutes=5))

    assert ticket.status is W
    assert ticket.rejoined
    assert ticket.window_id is None
    assert ticket.queue_at == behind
    assert ticket.history[0].window_id is None


def test_rejoin_exactly_at_the_end_of_the_window_is_allowed() -> None:
    ticket = ticket_in(N)

    ticket.rejoin(REJOIN_MINUTES, NOW, NO_SHOW_AT + timedelta(minutes=REJOIN_MINUTES))

    assert ticket.status is W


def test_rejoin_after_the_window_of_minutes_is_refused_and_changes_nothing() -> None:
    ticket = ticket_in(N)
    before = copy.deepcopy(ticket)
    late = NO_SHOW_AT + timedelta(minutes=REJOIN_MINUTES, seconds=1)

    with pytest.raises(RejoinNotAllowed) as refused:
        ticket.rejoin(REJOIN_MINUTES, NOW, late)

    assert refused.value.params == {"number": "A042", "already": False}
    assert ticket == before


def test_rejoin_without_a_no_show_time_is_refused() -> None:
    ticket = ticket_in(N, no_show_at=None)

    with pytest.raises(RejoinNotAllowed):
        ticket.rejoin(REJOIN_MINUTES, NOW, NOW)


def test_rejoin_is_allowed_only_once_per_ticket() -> None:
    ticket = ticket_in(N)
    ticket.rejoin(REJOIN_MINUTES, NOW, NOW)
    ticket.call(WINDOW, NOW + timedelta(minutes=1))
    ticket.mark_no_show(NOW + timedelta(minutes=2))
    before = copy.deepcopy(ticket)

    with pytest.raises(RejoinNotAllowed) as refused:
        ticket.rejoin(REJOIN_MINUTES, NOW, NOW + timedelta(minutes=3))

    assert refused.value.params["already"] is True
    assert ticket == before


def test_rejoin_places_the_ticket_behind_the_given_time_never_ahead_of_its_own_place() -> None:
    later = ticket_in(N)
    later.rejoin(REJOIN_MINUTES, ISSUED + timedelta(minutes=12), NOW)
    earlier = ticket_in(N, queue_at=ISSUED + timedelta(minutes=5))
    earlier.rejoin(REJOIN_MINUTES, ISSUED + timedelta(minutes=1), NOW)

    assert later.queue_at == ISSUED + timedelta(minutes=12)
    assert earlier.queue_at == ISSUED + timedelta(minutes=5)


# Transfer


@pytest.mark.parametrize("status", [W, C, S])
def test_transfer_that_keeps_its_place_keeps_queue_at(status: TicketStatus) -> None:
    ticket = ticket_in(status)

    ticket.transfer(NOW, service_code="medical_insurance", window_id=None, keep_place=True)

    assert ticket.queue_at == ISSUED
    assert ticket.service_code == "medical_insurance"
    assert ticket.number == "A042"


@pytest.mark.parametrize("status", [W, C, S])
def test_transfer_that_loses_its_place_goes_to_the_back_of_the_line(
    status: TicketStatus,
) -> None:
    ticket = ticket_in(status)

    ticket.transfer(NOW, service_code="medical_insurance", window_id=None, keep_place=False)

    assert ticket.queue_at == NOW


def test_transfer_to_a_window_directs_the_ticket_there_and_keeps_its_service() -> None:
    ticket = ticket_in(S)

    ticket.transfer(NOW, service_code=None, window_id=11, keep_place=True, actor_id=5)

    assert ticket.status is W
    assert (ticket.target_window_id, ticket.window_id) == (11, None)
    assert ticket.service_code == "social_security"
    assert (ticket.called_at, ticket.serving_at) == (None, None)
    event = ticket.history[0]
    assert event.window_id == WINDOW
    assert event.data == {"service": None, "window": 11, "from_window": WINDOW}


def test_transfer_to_a_service_only_clears_an_earlier_direction() -> None:
    ticket = ticket_in(W, target_window_id=11)

    ticket.transfer(NOW, service_code="medical_insurance", window_id=None, keep_place=True)

    assert ticket.target_window_id is None
    assert ticket.history[0].data == {
        "service": "medical_insurance",
        "window": None,
        "from_window": None,
    }


# A whole day of moves


def test_a_full_life_records_one_event_per_move_in_order() -> None:
    ticket = ticket_in(W)
    ticket.record_issue()
    minute = timedelta(minutes=1)

    ticket.call(WINDOW, NOW)
    ticket.recall(RECALL_LIMIT, NOW + minute)
    ticket.mark_no_show(NOW + 2 * minute)
    ticket.rejoin(REJOIN_MINUTES, NOW, NOW + 3 * minute)
    ticket.call(WINDOW, NOW + 4 * minute)
    ticket.start(NOW + 5 * minute)
    ticket.transfer(NOW + 6 * minute, service_code=None, window_id=11, keep_place=True)
    ticket.call(11, NOW + 7 * minute)
    ticket.finish(Outcome.DONE, NOW + 8 * minute)

    assert [e.kind for e in ticket.history] == [
        "issued",
        "call",
        "recall",
        "no_show",
        "rejoin",
        "call",
        "start",
        "transfer",
        "call",
        "finish",
    ]
    assert [e.to_status for e in ticket.history][-1] is D
    assert ticket.window_id == 11


@pytest.mark.parametrize("seed", range(20))
def test_any_sequence_of_actions_leaves_a_consistent_history(seed: int) -> None:
    rng = random.Random(seed)
    ticket = ticket_in(W)
    ticket.record_issue()
    now = NOW
    for _ in range(40):
        now += timedelta(minutes=rng.choice([0, 1, 5]))
        action = rng.choice(list(ACTIONS))
        status = ticket.status
        try:
            ACTIONS[action](ticket, now)
        except (RecallLimitReached, RejoinNotAllowed):
            assert ticket.status is status
        except IllegalMove:
            assert status not in MOVES[action]
            assert ticket.status is status
        else:
            assert ticket.status is MOVES[action][status]

    for previous, event in zip(ticket.history, ticket.history[1:], strict=False):
        assert event.from_status is previous.to_status
        assert event.to_status is MOVES[event.kind][event.from_status]
        assert event.at >= previous.at
    assert ticket.history[-1].to_status is ticket.status


def test_a_transfer_keeps_the_clerks_note_in_its_history_and_a_blank_one_is_not_kept() -> None:
    noted, blank = ticket_in(S), ticket_in(S)

    noted.transfer(NOW, service_code=None, window_id=11, keep_place=True, note=" 缺户口本复印件 ")
    blank.transfer(NOW, service_code=None, window_id=11, keep_place=True, note="   ")

    assert noted.history[-1].kind == "transfer"
    assert noted.history[-1].data["note"] == "缺户口本复印件"
    assert "note" not in blank.history[-1].data
