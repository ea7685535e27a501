"""Rows to domain objects and back: the only place that knows both shapes."""

from __future__ import annotations

from dataclasses import asdict
from datetime import time
from typing import Any

from server.domain.catalogue import Service, Window, WindowKind, WindowState
from server.domain.hall import Hall, HallRules, OpeningHours, RoutingPolicy
from server.domain.ticket import Outcome, Priority, Ticket, TicketStatus


def hours_to_json(hours: OpeningHours) -> dict[str, Any]:
    return {
        "enforce": hours.enforce,
        "periods": {
            str(day): [[s.strftime("%H:%M"), e.strftime("%H:%M")] for s, e in spans]
            for day, spans in hours.periods.items()
        },
    }


def hours_from_json(data: dict[str, Any]) -> OpeningHours:
    periods = {
        int(day): tuple((time.fromisoformat(s), time.fromisoformat(e)) for s, e in spans)
        for day, spans in data.get("periods", {}).items()
    }
    return OpeningHours(periods=periods, enforce=bool(data.get("enforce", True)))


def rules_to_json(rules: HallRules) -> dict[str, Any]:
    return asdict(rules)


def rules_from_json(data: dict[str, Any]) -> HallRules:
    routing = RoutingPolicy(**data.get("routing", {}))
    return HallRules(**{**{k: v for k, v in data.items() if k != "routing"}, "routing": routing})


def hall_from_row(row: Any) -> Hall:
    return Hall(
        id=row.id,
        name_zh=row.name_zh,
        name_en=row.name_en,
        timezone=row.timezone,
        hours=hours_from_json(row.hours),
        rules=rules_from_json(row.rules),
        notice_zh=row.notice_zh,
        notice_en=row.notice_en,
    )


def service_from_row(row: Any) -> Service:
    return Service(
        code=row.code,
        name_zh=row.name_zh,
        name_en=row.name_en,
        prefix=row.prefix,
        window_kinds=frozenset(WindowKind(k) for k in row.window_kinds.split(",") if k),
        expected_minutes=row.expected_minutes,
        yellow_minutes=row.yellow_minutes,
        red_minutes=row.red_minutes,
        promised_days=row.promised_days,
        daily_cap=row.daily_cap,
        category=row.category,
        identity_check=bool(row.identity_check),
    )


def service_to_row(hall_id: str, s: Service) -> dict[str, Any]:
    return {
        "hall_id": hall_id,
        "code": s.code,
        "name_zh": s.name_zh,
        "name_en": s.name_en,
        "prefix": s.prefix,
        "window_kinds": ",".join(sorted(k.value for k in s.window_kinds)),
        "expected_minutes": s.expected_minutes,
        "yellow_minutes": s.yellow_minutes,
        "red_minutes": s.red_minutes,
        "promised_days": s.promised_days,
        "daily_cap": s.daily_cap,
        "category": s.category,
        "identity_check": s.identity_check,
        "active": True,
    }


def window_from_row(row: Any) -> Window:
    return Window(
        id=row.id,
        hall_id=row.hall_id,
        number=row.number,
        name_zh=row.name_zh,
        name_en=row.name_en,
        kind=WindowKind(row.kind),
        services=frozenset(s for s in row.services.split(",") if s),
        state=WindowState(row.state),
        state_since=row.state_since,
        pause_reason=row.pause_reason,
        clerk_id=row.clerk_id,
        last_called_at=row.last_called_at,
        version=row.version,
    )


def window_to_row(w: Window) -> dict[str, Any]:
    return {
        "hall_id": w.hall_id,
        "number": w.number,
        "name_zh": w.name_zh,
        "name_en": w.name_en,
        "kind": w.kind.value,
        "services": ",".join(sorted(w.services)),
        "state": w.state.value,
        "state_since": w.state_since,
        "pause_reason": w.pause_reason,
        "clerk_id": w.clerk_id,
        "last_called_at": w.last_called_at,
    }


TICKET_FIELDS = (
    "hall_id", "day", "number", "service_code", "token", "issued_at", "queue_at",
    "window_id", "target_window_id", "recall_count", "called_at", "serving_at",
    "finished_at", "no_show_at", "rejoined", "id_hash", "id_masked", "name_masked",
)  # fmt: skip


def ticket_from_row(row: Any) -> Ticket:
    m = row._mapping
    return Ticket(
        id=m["id"],
        status=TicketStatus(m["status"]),
        priority=Priority(m["priority"]),
        outcome=Outcome(m["outcome"]) if m["outcome"] else None,
        version=m["version"],
        **{f: m[f] for f in TICKET_FIELDS},
    )


def ticket_to_row(t: Ticket) -> dict[str, Any]:
    return {
        **{f: getattr(t, f) for f in TICKET_FIELDS},
        "status": t.status.value,
        "priority": t.priority.value,
        "outcome": t.outcome.value if t.outcome else None,
    }
