"""Use cases of supervision (监督考核): the period report and the CSV/XLSX exports."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from server.domain.errors import invalid
from server.domain.supervision import (
    CaseFact,
    RatingFact,
    TicketFact,
    case_figures,
    rating_figures,
    ticket_figures,
)
from server.services.context import Context
from server.services.unit_of_work import UnitOfWork

MAX_DAYS = 366
DEFAULT_TARGET = 20.0  # minutes, for a ticket of a service since removed
COLUMNS = {
    "tickets": ("day", "number", "service_code", "status", "priority", "issued_at", "called_at",
                "finished_at", "outcome", "window", "name_masked", "id_masked"),
    "ratings": ("day", "number", "service_code", "level", "at", "window", "clerk"),
    "cases": ("number", "service_code", "status", "accepted_at", "accepted_on", "promised_days",
              "deadline", "name_masked", "id_masked", "delivery", "tracking"),
}  # fmt: skip


def check_period(first: date, last: date) -> None:
    if last < first:
        raise invalid("to", "before from", "结束日期早于开始日期")
    if (last - first).days >= MAX_DAYS:
        raise invalid("to", f"at most {MAX_DAYS} days", f"最多 {MAX_DAYS} 天")


def report(hall_id: str, first: date, last: date, uow: UnitOfWork, ctx: Context) -> dict[str, Any]:
    """The measures halls report upward for the service days [first, last]."""
    check_period(first, last)
    hall = uow.halls.get(hall_id)
    services = uow.halls.services(hall_id)
    tickets = uow.supervision.tickets(hall_id, first, last)
    facts = [
        TicketFact(r["service_code"], r["status"], r["issued_at"], r["called_at"],
                   services[r["service_code"]].yellow_minutes
                   if r["service_code"] in services else DEFAULT_TARGET)
        for r in tickets
    ]  # fmt: skip
    figures = ticket_figures(facts)
    ratings = [
        RatingFact(r["level"], str(r["window"] or "-"), r["clerk"] or "-", r["service_code"])
        for r in uow.supervision.ratings(hall_id, first, last)
    ]
    decisions = uow.supervision.decisions(hall_id, first, last, hall.timezone)
    return {
        "hall": {"id": hall.id, "name_zh": hall.name_zh, "name_en": hall.name_en},
        "from": first.isoformat(),
        "to": last.isoformat(),
        "at": ctx.now.isoformat(),
        "tickets": figures,
        "cases": case_figures(CaseFact(deadline, on) for deadline, on in decisions),
        "ratings": rating_figures(ratings, int(str(figures["finished"]))),
        "appointments": _appointment_figures(hall_id, first, last, uow, ctx),
    }


def _appointment_figures(
    hall_id: str, first: date, last: date, uow: UnitOfWork, ctx: Context
) -> dict[str, Any]:
    policy = uow.appointments.policy(hall_id)
    booked = checked_in = missed = 0
    day = first
    while day <= last:
        for a in uow.appointments.on_day(hall_id, day):
            if a.status == "cancelled":
                continue
            booked += 1
            checked_in += a.status == "checked_in"
            missed += a.missed(ctx.now, policy)
        day += timedelta(days=1)
    due = checked_in + missed
    return {"booked": booked, "checked_in": checked_in, "no_shows": missed,
            "no_show_rate": None if due == 0 else round(missed / due, 4)}  # fmt: skip


def export(
    hall_id: str, kind: str, first: date, last: date, uow: UnitOfWork, ctx: Context
) -> tuple[tuple[str, ...], list[list[Any]]]:
    """(columns, rows) of tickets, cases or ratings of the period; masked, times as ISO text."""
    check_period(first, last)
    if kind not in COLUMNS:
        raise invalid("kind", "tickets, cases or ratings", "导出类型应为 tickets、cases 或 ratings")
    uow.halls.get(hall_id)
    read = {"tickets": uow.supervision.tickets, "cases": uow.supervision.cases,
            "ratings": uow.supervision.ratings}[kind]  # fmt: skip
    columns = COLUMNS[kind]
    return columns, [[_text(row.get(c)) for c in columns] for row in read(hall_id, first, last)]


def _text(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value
