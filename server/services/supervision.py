"""Use cases of supervision (监督考核): the period report (and the charts of its printable
page), the CSV/XLSX exports, and the due days of bad-rating follow-ups (差评回访)."""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

from server.domain.alerts import Alert, Level, followup_deadline_alerts
from server.domain.deadline_cards import Countdown, urgency
from server.domain.errors import invalid
from server.domain.rating import due_day, end_of_day, follow_up_countdown, follow_up_due_on
from server.domain.supervision import (
    CaseFact,
    RatingFact,
    TicketFact,
    case_figures,
    rating_figures,
    ticket_figures,
    tickets_per_slot,
    typical_target,
    wait_histogram,
)
from server.i18n import both
from server.services.booking_results import HallName
from server.services.context import Context
from server.services.supervision_results import (
    AppointmentFigures,
    CaseFigures,
    FollowUpCard,
    RatingFigures,
    SupervisionReport,
    TicketFigures,
)
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
    if first.year < 2000 or last.year > 2999:  # far dates overflow the time zone arithmetic
        raise invalid("from", "a day of the years 2000 to 2999", "日期应在 2000 至 2999 年之间")
    if last < first:
        raise invalid("to", "before from", "结束日期早于开始日期")
    if (last - first).days >= MAX_DAYS:
        raise invalid("to", f"at most {MAX_DAYS} days", f"最多 {MAX_DAYS} 天")


def _ticket_facts(rows: list[dict[str, Any]], hall_id: str, uow: UnitOfWork) -> list[TicketFact]:
    services = uow.halls.services(hall_id)
    return [
        TicketFact(r["service_code"], r["status"], r["issued_at"], r["called_at"],
                   services[r["service_code"]].yellow_minutes
                   if r["service_code"] in services else DEFAULT_TARGET)
        for r in rows
    ]  # fmt: skip


def report(
    hall_id: str, first: date, last: date, uow: UnitOfWork, ctx: Context
) -> SupervisionReport:
    """The measures halls report upward for the service days [first, last]."""
    check_period(first, last)
    hall = uow.halls.get(hall_id)
    facts = _ticket_facts(uow.supervision.tickets(hall_id, first, last), hall_id, uow)
    figures = TicketFigures(**_fields(ticket_figures(facts)))
    ratings = [
        RatingFact(r["level"], str(r["window"] or "-"), r["clerk"] or "-", r["service_code"])
        for r in uow.supervision.ratings(hall_id, first, last)
    ]
    decisions = uow.supervision.decisions(hall_id, first, last, hall.timezone)
    return SupervisionReport(
        hall=HallName(hall.id, hall.name_zh, hall.name_en),
        first=first.isoformat(),
        last=last.isoformat(),
        at=ctx.now.isoformat(),
        tickets=figures,
        cases=CaseFigures(**_fields(case_figures(CaseFact(d, on) for d, on in decisions))),
        ratings=RatingFigures(**_fields(rating_figures(ratings, figures.finished))),
        appointments=_appointment_figures(hall_id, first, last, uow, ctx),
    )


def _fields(figures: dict[str, object]) -> dict[str, Any]:
    """The domain's figures (server/domain/supervision.py) as a result type's fields."""
    return cast(dict[str, Any], figures)


def _appointment_figures(
    hall_id: str, first: date, last: date, uow: UnitOfWork, ctx: Context
) -> AppointmentFigures:
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
    return AppointmentFigures(booked, checked_in, missed,
                              None if due == 0 else round(missed / due, 4))  # fmt: skip


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


def report_with_series(
    hall_id: str, first: date, last: date, uow: UnitOfWork, ctx: Context
) -> dict[str, Any]:
    """The report plus what its printable page draws: tickets per hour (one day) or per day
    (longer), the waits in 5-minute bins with the typical target. A dict: the console's
    Reports.figures (console/base.py) takes one."""
    figures = asdict(report(hall_id, first, last, uow, ctx))
    zone = ZoneInfo(uow.halls.get(hall_id).timezone)
    rows = uow.supervision.tickets(hall_id, first, last)
    facts = _ticket_facts(rows, hall_id, uow)
    waits = [(t.called_at - t.issued_at).total_seconds() / 60 for t in facts if t.called_at]
    issued = [r["issued_at"].astimezone(zone).replace(tzinfo=None) for r in rows]
    return {
        **figures,
        "series": {
            "by": "hour" if first == last else "day",
            "tickets": tickets_per_slot(issued, first, last, by_hour=first == last),
            "waits": wait_histogram(waits),
            "target_minutes": typical_target(facts),
        },
    }


def followup_due_at(hall_id: str, now: datetime, uow: UnitOfWork) -> datetime:
    """When a follow-up opened now is overdue: the end of the hall's local day that is the
    [cases] followup_working_days-th working day after today."""
    hall = uow.halls.get(hall_id)
    days = uow.cases.card_policy(hall_id).followup_working_days
    due_on = follow_up_due_on(uow.calendar, hall.service_day(now), days)
    return end_of_day(due_on, hall.timezone).astimezone(UTC)


def _followup_countdowns(
    hall_id: str, rows: list[dict[str, Any]], uow: UnitOfWork, ctx: Context
) -> list[tuple[dict[str, Any], date | None, Countdown | None]]:
    """Each follow-up row with its due day and, while open, where its deadline stands."""
    hall = uow.halls.get(hall_id)
    today = hall.service_day(ctx.now)
    out = []
    for row in rows:
        due = row.get("due_at")
        due_on = due_day(datetime.fromisoformat(due), hall.timezone) if due else None
        standing = None
        if due_on is not None and not row.get("closed_at"):
            opened = row.get("opened_at")
            opened_on = hall.service_day(datetime.fromisoformat(opened)) if opened else None
            standing = follow_up_countdown(uow.calendar, today, due_on, opened_on)
        out.append((row, due_on, standing))
    return out


def followup_card_views(
    hall_id: str, rows: list[dict[str, Any]], uow: UnitOfWork, ctx: Context
) -> list[FollowUpCard]:
    """Open follow-ups with their due day, card (red overdue, yellow on the last working day)
    and working days over; most urgent first (red, yellow, the rest; nearest due day)."""
    found = _followup_countdowns(hall_id, rows, uow, ctx)
    found.sort(key=lambda x: urgency(_level(x[2]), x[1]))
    return [
        FollowUpCard(**{f: row[f] for f in _ROW_FIELDS},
                     due_on=due_on.isoformat() if due_on else None,
                     card=level.value if (level := _level(standing)) else None,
                     days_over=standing.days_over if standing else None)
        for row, due_on, standing in found
    ]  # fmt: skip


_ROW_FIELDS = tuple(f for f in FollowUpCard.__dataclass_fields__
                    if f not in ("due_on", "card", "days_over"))  # fmt: skip


def followup_alerts(hall_id: str, uow: UnitOfWork, ctx: Context) -> list[Alert]:
    """Open follow-ups near or past their due day as warnings: one count per level."""
    zone = ZoneInfo(uow.halls.get(hall_id).timezone)
    cards = [
        (card.level, datetime.combine(card.since, time(0), zone).astimezone(UTC))
        for _, _, standing in _followup_countdowns(hall_id, uow.followups.open(hall_id), uow, ctx)
        if standing is not None and (card := standing.card) is not None
    ]
    return [_worded(a) for a in followup_deadline_alerts(cards)]


def _level(standing: Countdown | None) -> Level | None:
    return standing.card.level if standing and standing.card else None


def _worded(alert: Alert) -> Alert:
    """The wall display shows this kind by kind_zh/en and title_zh/en (like case_deadline)."""
    kind = both("warning.followup_deadline.kind")
    title = both(f"warning.followup_deadline.title.{alert.level.value}", **alert.data)
    words = {"kind_zh": kind["zh"], "kind_en": kind["en"],
             "title_zh": title["zh"], "title_en": title["en"]}  # fmt: skip
    return replace(alert, data={**alert.data, **words})


def hall_now(hall_id: str, uow: UnitOfWork, ctx: Context) -> datetime:
    """The hall's local time now (the printable report's default day and month, its stamp)."""
    return uow.halls.get(hall_id).local(ctx.now)
