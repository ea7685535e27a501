"""Plain-dict views of domain objects for events and API responses (personal data masked)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from server.domain.alerts import Alert
from server.domain.catalogue import Service, Window
from server.domain.estimate import Estimate, LineSummary
from server.domain.hall import Hall
from server.domain.ticket import Ticket


def iso(at: datetime | None) -> str | None:
    return at.isoformat() if at else None


def hall_header(hall: Hall, day: date) -> dict[str, Any]:
    """The hall as every screen's header shows it: names, the notice line, the service day."""
    return {
        "id": hall.id,
        "name_zh": hall.name_zh,
        "name_en": hall.name_en,
        "notice_zh": hall.notice_zh,
        "notice_en": hall.notice_en,
        "day": day.isoformat(),
    }


def window_ref(w: Window | None) -> dict[str, Any] | None:
    if w is None:
        return None
    return {"id": w.id, "number": w.number, "name_zh": w.name_zh, "name_en": w.name_en}


def service_ref(s: Service | None, code: str) -> dict[str, Any]:
    if s is None:
        return {"code": code, "name_zh": code, "name_en": code}
    return {"code": s.code, "name_zh": s.name_zh, "name_en": s.name_en}


def ticket_view(
    t: Ticket,
    service: Service | None,
    window: Window | None = None,
    estimate: Estimate | None = None,
) -> dict[str, Any]:
    """What screens may show of a ticket: never the ID number, only masked forms."""
    view: dict[str, Any] = {
        "id": t.id,
        "number": t.number,
        "service": service_ref(service, t.service_code),
        "status": t.status.value,
        "priority": t.priority.value,
        "issued_at": iso(t.issued_at),
        "called_at": iso(t.called_at),
        "window": window_ref(window),
        "target_window_id": t.target_window_id,
        "recall_count": t.recall_count,
        "name_masked": t.name_masked,
        "id_masked": t.id_masked,
    }
    if estimate is not None:
        view["ahead"] = estimate.ahead
        view["estimated_minutes"] = None if estimate.minutes is None else round(estimate.minutes, 1)
    return view


def window_view(w: Window, current: Ticket | None, service: Service | None) -> dict[str, Any]:
    return {
        **(window_ref(w) or {}),
        "kind": w.kind.value,
        "state": w.state.value,
        "state_since": iso(w.state_since),
        "pause_reason": w.pause_reason,
        "services": sorted(w.services),
        "staffed": w.clerk_id is not None,
        "current": None
        if current is None
        else {
            "id": current.id,
            "number": current.number,
            "status": current.status.value,
            "service": service_ref(service, current.service_code),
            "since": iso(current.serving_at or current.called_at),
        },
    }


def line_view(line: LineSummary, service: Service) -> dict[str, Any]:
    minutes = line.estimate.minutes
    return {
        **service_ref(service, service.code),
        "prefix": service.prefix,
        "waiting": line.waiting,
        "ahead": line.estimate.ahead,
        "open_windows": line.estimate.open_windows,
        "estimated_minutes": None if minutes is None else round(minutes, 1),
    }


def alert_view(a: Alert) -> dict[str, Any]:
    return {
        "kind": a.kind,
        "subject": a.subject,
        "level": a.level.value,
        "since": iso(a.since),
        **{k: v for k, v in a.data.items() if k not in {"kind", "subject", "level", "since"}},
    }
