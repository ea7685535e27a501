"""What screens and answers show of domain objects (personal data masked): frozen dataclasses
whose fields are the wire's keys. The web layer and the publisher make them JSON."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from server.domain.catalogue import Service, Window
from server.domain.estimate import Estimate, LineSummary
from server.domain.hall import Hall
from server.domain.ticket import Ticket


def iso(at: datetime | None) -> str | None:
    return at.isoformat() if at else None


@dataclass(frozen=True, slots=True)
class HallHeader:
    """The hall as every screen's header shows it: names, the notice line, the service day."""

    id: str
    name_zh: str
    name_en: str
    notice_zh: str
    notice_en: str
    day: str


@dataclass(frozen=True, slots=True)
class WindowRef:
    """A window as a ticket or a call names it."""

    id: int
    number: int
    name_zh: str
    name_en: str


@dataclass(frozen=True, slots=True)
class ServiceRef:
    """A service as a ticket names it (its code when the service is gone)."""

    code: str
    name_zh: str
    name_en: str


@dataclass(frozen=True, slots=True)
class TicketView:
    """What screens may show of a ticket: never the ID number, only masked forms."""

    id: int | None
    number: str
    service: ServiceRef
    status: str
    priority: str
    issued_at: str | None
    called_at: str | None
    window: WindowRef | None
    target_window_id: int | None
    recall_count: int
    name_masked: str | None
    id_masked: str | None


@dataclass(frozen=True, slots=True)
class WaitingTicketView(TicketView):
    """A ticket with its place in line: how many are ahead, and the estimated wait."""

    ahead: int
    estimated_minutes: float | None


@dataclass(frozen=True, slots=True)
class IssuedTicket(TicketView):
    """A ticket just taken, with the token of its status page (the printed QR). A retry of
    the request answers the same ticket: no place in line (null) once it has been called."""

    ahead: int | None
    estimated_minutes: float | None
    token: str


# A ticket's view as an answer gives it: with its place in line while it waits.
AnyTicketView = WaitingTicketView | TicketView


@dataclass(frozen=True, slots=True)
class CurrentTicket:
    """The ticket a window is calling or serving."""

    id: int | None
    number: str
    status: str
    service: ServiceRef
    since: str | None


@dataclass(frozen=True, slots=True)
class WindowView:
    """A window's state as the hall's screens and the counter show it."""

    id: int
    number: int
    name_zh: str
    name_en: str
    kind: str
    state: str
    state_since: str | None
    pause_reason: str | None
    services: list[str]
    staffed: bool
    current: CurrentTicket | None


@dataclass(frozen=True, slots=True)
class LineView:
    """One service's line: who waits, how many windows serve it, the estimated wait."""

    code: str
    name_zh: str
    name_en: str
    prefix: str
    waiting: int
    ahead: int
    open_windows: int
    estimated_minutes: float | None


def hall_header(hall: Hall, day: date) -> HallHeader:
    return HallHeader(hall.id, hall.name_zh, hall.name_en, hall.notice_zh, hall.notice_en,
                      day.isoformat())  # fmt: skip


def window_ref(w: Window) -> WindowRef:
    return WindowRef(w.id, w.number, w.name_zh, w.name_en)


def service_ref(s: Service | None, code: str) -> ServiceRef:
    if s is None:
        return ServiceRef(code, code, code)
    return ServiceRef(s.code, s.name_zh, s.name_en)


def _ticket_fields(t: Ticket, service: Service | None, window: Window | None) -> dict[str, Any]:
    return {
        "id": t.id,
        "number": t.number,
        "service": service_ref(service, t.service_code),
        "status": t.status.value,
        "priority": t.priority.value,
        "issued_at": iso(t.issued_at),
        "called_at": iso(t.called_at),
        "window": None if window is None else window_ref(window),
        "target_window_id": t.target_window_id,
        "recall_count": t.recall_count,
        "name_masked": t.name_masked,
        "id_masked": t.id_masked,
    }


def ticket_view(t: Ticket, service: Service | None, window: Window | None = None) -> TicketView:
    """What screens may show of a ticket: never the ID number, only masked forms."""
    return TicketView(**_ticket_fields(t, service, window))


def waiting_ticket_view(
    t: Ticket, service: Service | None, window: Window | None, estimate: Estimate
) -> WaitingTicketView:
    minutes = None if estimate.minutes is None else round(estimate.minutes, 1)
    return WaitingTicketView(**_ticket_fields(t, service, window), ahead=estimate.ahead,
                             estimated_minutes=minutes)  # fmt: skip


def ticket_fields(view: TicketView) -> dict[str, Any]:
    """The fields of a ticket's view (not copied), to build a view that adds to them."""
    return {name: getattr(view, name) for name in _TICKET_FIELDS}


def issued_ticket(view: TicketView, token: str) -> IssuedTicket:
    waiting = view if isinstance(view, WaitingTicketView) else None
    return IssuedTicket(
        **ticket_fields(view),
        ahead=waiting.ahead if waiting else None,
        estimated_minutes=waiting.estimated_minutes if waiting else None,
        token=token,
    )


_TICKET_FIELDS = tuple(TicketView.__dataclass_fields__)


def current_ticket(t: Ticket, service: Service | None) -> CurrentTicket:
    return CurrentTicket(t.id, t.number, t.status.value, service_ref(service, t.service_code),
                         iso(t.serving_at or t.called_at))  # fmt: skip


def window_view(w: Window, current: Ticket | None, service: Service | None) -> WindowView:
    return WindowView(
        id=w.id,
        number=w.number,
        name_zh=w.name_zh,
        name_en=w.name_en,
        kind=w.kind.value,
        state=w.state.value,
        state_since=iso(w.state_since),
        pause_reason=w.pause_reason,
        services=sorted(w.services),
        staffed=w.clerk_id is not None,
        current=None if current is None else current_ticket(current, service),
    )


def line_view(line: LineSummary, service: Service) -> LineView:
    minutes = line.estimate.minutes
    return LineView(
        code=service.code,
        name_zh=service.name_zh,
        name_en=service.name_en,
        prefix=service.prefix,
        waiting=line.waiting,
        ahead=line.estimate.ahead,
        open_windows=line.estimate.open_windows,
        estimated_minutes=None if minutes is None else round(minutes, 1),
    )
