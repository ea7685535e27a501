"""Which counter buttons apply now, and why not: a pure function over the window and its ticket.

The console page renders these verdicts; it never works out a rule itself. A verdict is
{"enabled": bool, "reason": code | None}; the codes are worded by the page's catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass

from server.domain.catalogue import Window, WindowState
from server.domain.ticket import Ticket, TicketStatus

# The window actions of /api/v1/windows/<id>/<action>, in the order the page shows them.
ACTIONS = ("call-next", "recall", "start", "finish", "no-show", "transfer", "pause", "resume")


@dataclass(frozen=True, slots=True)
class ButtonVerdict:
    """Whether a counter button applies now, and why not (a code the page words)."""

    enabled: bool
    reason: str | None


def _verdict(reason: str | None) -> ButtonVerdict:
    return ButtonVerdict(reason is None, reason)


def _state_reason(window: Window) -> str | None:
    if window.state is WindowState.CLOSED:
        return "closed"
    if window.state is WindowState.PAUSED:
        return "paused"
    return None


def _call_next(window: Window, current: Ticket | None, has_next: bool) -> str | None:
    if (blocked := _state_reason(window)) is not None:
        return blocked
    if current is not None:
        return "window_busy"
    return None if has_next else "queue_empty"


def _on_ticket(action: str, current: Ticket | None, recall_limit: int) -> str | None:
    """Recall, start, finish, no-show and transfer act on the ticket at the window."""
    if current is None:
        return "no_ticket"
    called = current.status is TicketStatus.CALLED
    if action == "recall" and not called:
        return "already_serving"
    if action == "recall" and current.recall_count >= recall_limit:
        return "recall_limit_reached"
    if action in ("start", "no-show") and not called:
        return "already_serving"
    return None


def buttons(
    window: Window, current: Ticket | None, has_next: bool, recall_limit: int
) -> dict[str, ButtonVerdict]:
    """Every action's verdict for this window now, by the action's name in its URL
    (call-next, no-show, sign-out...: not names a class's fields could have)."""
    verdicts = {
        "call-next": _call_next(window, current, has_next),
        "pause": _state_reason(window),
        "resume": None if window.state is WindowState.PAUSED else "not_paused",
    }
    for action in ("recall", "start", "finish", "no-show", "transfer"):
        verdicts[action] = _on_ticket(action, current, recall_limit)
    verdicts["sign-out"] = None if current is None else "window_busy"
    return {action: _verdict(verdicts[action]) for action in (*ACTIONS, "sign-out")}
