"""What screens show of a red or yellow warning (红黄牌预警): each kind's own fields, flat, as
the wall display, the manager console and the counter console read them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from server.domain.alerts import Alert
from server.domain.device_health import FAULT_KIND


@dataclass(frozen=True, slots=True)
class AlertView:
    """A red or yellow warning: its kind, what it is about, how severe, since when (a kind
    this server knows no fields of, or a stored one without them: these fields only)."""

    kind: str
    subject: str
    level: str
    since: str


@dataclass(frozen=True, slots=True)
class TicketAlertView(AlertView):
    """A ticket waiting too long (ticket_waiting) or served too long (service_overrun)."""

    number: str
    service: str
    window_id: int | None


@dataclass(frozen=True, slots=True)
class PausedWindowAlertView(AlertView):
    """A window paused past the hall's allowance (window_paused), with the clerk's reason."""

    window: int
    reason: str | None


@dataclass(frozen=True, slots=True)
class CaseDeadlineAlertView(AlertView):
    """A department's cases near or past their promised deadline (case_deadline): how many,
    in the words the wall display shows."""

    department: str
    count: int
    kind_zh: str
    kind_en: str
    title_zh: str
    title_en: str


@dataclass(frozen=True, slots=True)
class FollowUpDeadlineAlertView(AlertView):
    """Bad-rating follow-ups near or past their due day (followup_deadline): how many, in the
    words the wall display shows."""

    count: int
    kind_zh: str
    kind_en: str
    title_zh: str
    title_en: str


@dataclass(frozen=True, slots=True)
class KioskFaultAlertView(AlertView):
    """A kiosk's fault (kiosk_fault): the kiosk's given name and the fault's code."""

    name: str
    fault: str


# A warning as answers and events carry it: its kind's class (the base for other kinds). A
# field typed with the base class alone would drop the kind's fields from the JSON.
AnyAlertView = (
    TicketAlertView
    | PausedWindowAlertView
    | CaseDeadlineAlertView
    | FollowUpDeadlineAlertView
    | KioskFaultAlertView
    | AlertView
)

WORDS = ("kind_zh", "kind_en", "title_zh", "title_en")


def alert_view(a: Alert) -> AnyAlertView:
    """The warning with its kind's fields (server/domain/alerts.py, device_health.py)."""
    head = AlertView(a.kind, a.subject, a.level.value, a.since.isoformat())
    try:
        return _of_kind(head, a.data)
    except KeyError:  # a stored warning without its kind's fields: the common ones
        return head


def _of_kind(head: AlertView, d: dict[str, Any]) -> AnyAlertView:
    common = (head.kind, head.subject, head.level, head.since)
    match head.kind:
        case "ticket_waiting" | "service_overrun":
            return TicketAlertView(*common, d["number"], d["service"], d.get("window_id"))
        case "window_paused":
            return PausedWindowAlertView(*common, d["window"], d.get("reason"))
        case "case_deadline":
            words = [d[k] for k in WORDS]
            return CaseDeadlineAlertView(*common, d["department"], d["count"], *words)
        case "followup_deadline":
            return FollowUpDeadlineAlertView(*common, d["count"], *[d[k] for k in WORDS])
        case kind if kind == FAULT_KIND:
            return KioskFaultAlertView(*common, d["name"], d["fault"])
    return head
