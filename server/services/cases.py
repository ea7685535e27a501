"""Use cases of cases (办件): opened when a promised matter is accepted at a window, moved
by the back office, looked up by the applicant, listed by state or for 督办 when running late
(with the bad-rating follow-ups near or past their due day)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from server.domain import personal
from server.domain.alerts import Alert, case_deadline_alerts
from server.domain.cases import CardPolicy, Case, CaseStatus, CaseStep, Delivery
from server.domain.deadline_cards import Card, urgency
from server.domain.errors import CaseNumberRequired, IdNumberRequired, UnknownCase, invalid
from server.domain.hall import Hall
from server.domain.ticket import Outcome, Ticket
from server.i18n import both
from server.services import supervision, views
from server.services.case_results import (
    ApplicantCases,
    CaseDetail,
    CasePage,
    CaseStepView,
    CaseView,
    LateCases,
    PublicCaseView,
)
from server.services.commands import Actor
from server.services.context import Context
from server.services.events import CaseChanged
from server.services.hall_state import HallState
from server.services.unit_of_work import UnitOfWork

ACTIONS = ("review", "approve", "reject", "ready", "deliver", "materials")
STATES = ("all", "running", *(s.value for s in CaseStatus))  # running: accepted or in review
PAGE_SIZE = 50


@dataclass(frozen=True)
class ListCases:
    """All cases of a hall by state, department (service category) and accepted day."""

    hall_id: str
    state: str = "all"
    department: str = ""
    first: date | None = None
    last: date | None = None
    page: int = 1


@dataclass(frozen=True)
class MoveCase:
    hall_id: str
    number: str
    action: str
    actor: Actor
    reason: str = ""
    remedy: str = ""
    method: Delivery | None = None
    tracking: str = ""
    received: tuple[str, ...] = field(default_factory=tuple)
    missing: tuple[str, ...] = field(default_factory=tuple)
    promise_date: date | None = None


@dataclass(frozen=True)
class LookUpCases:
    """By ID number; from the open internet (not a kiosk reading the card) the case number
    is required too, so knowing someone's ID number is not enough to list their cases."""

    hall_id: str
    case_number: str | None = None
    id_number: str | None = None
    need_number: bool = False


def open_case_for(
    ticket: Ticket, state: HallState, uow: UnitOfWork, ctx: Context, actor_id: int | None = None
) -> dict[str, Any] | None:
    """A promised matter (承诺件) finished with 受理 becomes a case; anything else does not."""
    service = state.services.get(ticket.service_code)
    if ticket.outcome is not Outcome.ACCEPTED or service is None or service.promised_days < 1:
        return None
    day = state.day
    sequence = uow.counters.increment(state.hall.id, day, "case")
    case = Case.accept(
        calendar=uow.calendar, on=day, at=ctx.now, promised_days=service.promised_days,
        actor_id=actor_id, hall_id=state.hall.id, number=f"{day:%Y%m%d}-{sequence:04d}",
        service_code=service.code, ticket_id=ticket.id, window_id=ticket.window_id,
        id_hash=ticket.id_hash, id_masked=ticket.id_masked, name_masked=ticket.name_masked,
    )  # fmt: skip
    uow.cases.add(case)
    view = case_view(case, state.hall, uow, ctx)
    uow.collect(CaseChanged("opened", state.hall.id, view))
    return {"number": case.number, "deadline": view.deadline, "status": view.status}


def move_case(cmd: MoveCase, uow: UnitOfWork, ctx: Context) -> CaseView:
    """One step of the back office (or the pick-up window), timed and attributed."""
    hall = uow.halls.get(cmd.hall_id)
    case = uow.cases.by_number(hall.id, cmd.number)
    who, now = cmd.actor.user_id, ctx.now
    match cmd.action:
        case "review":
            case.review(now, who)
        case "approve":
            case.approve(now, who)
        case "reject":
            case.reject(cmd.reason, cmd.remedy, now, who)
        case "ready":
            case.ready(now, who)
        case "deliver":
            if cmd.method is None:
                raise invalid("method", "window, post or cabinet", "请选择送达方式")
            case.deliver(cmd.method, cmd.tracking, now, who)
        case "materials":
            case.record_materials(cmd.received, cmd.missing, cmd.promise_date, now, who)
        case _:
            raise invalid("action", f"one of {', '.join(ACTIONS)}", "未知的办件操作")
    _stamp_window(case, uow, who)
    uow.cases.save(case)
    view = case_view(case, hall, uow, ctx)
    uow.collect(CaseChanged(cmd.action, hall.id, view))
    return view


def _stamp_window(case: Case, uow: UnitOfWork, user_id: int | None) -> None:
    """A step taken by a clerk signed in at a window names that window."""
    window = uow.windows.of_clerk(user_id) if user_id is not None else None
    if window is not None and case.history:
        s = case.history[-1]
        data = {**s.data, "window": window.number}
        case.history[-1] = CaseStep(s.action, s.at, s.from_status, s.to_status, s.actor_id, data)


def case_detail(hall_id: str, number: str, uow: UnitOfWork, ctx: Context) -> CaseDetail:
    """A case with every timed step (who by display name, at which window), for staff."""
    hall = uow.halls.get(hall_id)
    case = uow.cases.by_number(hall_id, number)
    assert case.id is not None
    view = case_view(case, hall, uow, ctx)
    steps = [_step_view(s) for s in uow.cases.steps(case.id)]
    return CaseDetail(**{f: getattr(view, f) for f in _CASE_FIELDS}, steps=steps)


def _step_view(row: dict[str, Any]) -> CaseStepView:
    """A step row of the store (its own data spread in it) as the answer shows it."""
    return CaseStepView(
        action=row["action"], at=row["at"], from_status=row["from"], to_status=row["to"],
        actor_id=row["actor_id"], actor_name=row["actor_name"], window=row["window"],
        reason=row.get("reason"), remedy=row.get("remedy"), method=row.get("method"),
        tracking=row.get("tracking"), received=row.get("received"), missing=row.get("missing"),
        promise_date=row.get("promise_date"),
    )  # fmt: skip


def list_cases(cmd: ListCases, uow: UnitOfWork, ctx: Context) -> CasePage:
    """A page of the hall's cases, newest first, masked, each with its card and working days
    left or over."""
    if cmd.state not in STATES:
        raise invalid("state", f"one of {', '.join(STATES)}", "办件状态无效")
    if cmd.first and cmd.last:
        supervision.check_period(cmd.first, cmd.last)
    if not 1 <= cmd.page <= 100_000:
        raise invalid("page", "from 1 to 100000", "页码应在 1 到 100000 之间")
    hall = uow.halls.get(cmd.hall_id)
    services = uow.halls.services(hall.id)
    codes = None
    if cmd.department:
        codes = [c for c, s in services.items() if s.category == cmd.department] or [""]
    statuses = {"all": None, "running": [CaseStatus.ACCEPTED.value, CaseStatus.IN_REVIEW.value]
                }.get(cmd.state, [cmd.state])  # fmt: skip
    total, found = uow.cases.listing(
        hall.id, statuses, codes, cmd.first, cmd.last, (cmd.page - 1) * PAGE_SIZE, PAGE_SIZE
    )
    cards = uow.cases.card_policy(hall.id)
    return CasePage(ctx.now.isoformat(), total, cmd.page, PAGE_SIZE,
                    [case_view(c, hall, uow, ctx, cards) for c in found])  # fmt: skip


def look_up(cmd: LookUpCases, uow: UnitOfWork, ctx: Context) -> ApplicantCases:
    """The applicant's own cases (by ID number, optionally one case number); masked."""
    if not cmd.id_number:
        raise IdNumberRequired()
    if cmd.need_number and not cmd.case_number:
        raise CaseNumberRequired()
    hall = uow.halls.get(cmd.hall_id)
    id_hash = ctx.hash_id(personal.normalise_id_number(cmd.id_number))
    found = uow.cases.of_person(hall.id, id_hash)
    if cmd.case_number:
        found = [c for c in found if c.number == cmd.case_number.strip()]
        if not found:
            raise UnknownCase()
    return ApplicantCases([public_view(c, hall, uow, ctx) for c in reversed(found)])


def late_cases(hall_id: str, uow: UnitOfWork, ctx: Context) -> LateCases:
    """督办: running cases with a yellow or red card or a missing material overdue; red
    first, then yellow, then the rest; nearest deadline first."""
    hall = uow.halls.get(hall_id)
    cards = uow.cases.card_policy(hall_id)
    today = hall.service_day(ctx.now)
    carded = [
        (c, card)
        for c in uow.cases.running(hall_id)
        if (card := _card(c, hall, uow, ctx, cards)) or c.material_overdue(today)
    ]
    carded.sort(key=lambda x: urgency(x[1].level if x[1] else None, x[0].deadline))
    views_ = [case_view(c, hall, uow, ctx, cards) for c, _ in carded]
    followups = supervision.followup_card_views(hall_id, uow.followups.open(hall_id), uow, ctx)
    return LateCases(ctx.now.isoformat(), views_, [f for f in followups if f.card])


def deadline_alerts(hall_id: str, uow: UnitOfWork, ctx: Context) -> list[Alert]:
    """The cards of running cases as warnings: counts per department (service category);
    and the open bad-rating follow-ups near or past their due day, counted per level."""
    hall = uow.halls.get(hall_id)
    services = uow.halls.services(hall_id)
    policy = uow.cases.card_policy(hall_id)
    cards = []
    for case in uow.cases.running(hall_id):
        card = _card(case, hall, uow, ctx, policy)
        if card is not None:
            service = services.get(case.service_code)
            department = (service.category if service else "") or case.service_code
            cards.append((department[:40], card.level, _midnight(card.since, hall)))
    return [_worded(a) for a in case_deadline_alerts(cards)] + supervision.followup_alerts(
        hall_id, uow, ctx
    )


def _worded(alert: Alert) -> Alert:
    """The wall display shows a kind it has no words of by kind_zh/en and title_zh/en."""
    kind = both("warning.case_deadline.kind")
    title = both("warning.case_deadline.title", **alert.data)
    words = {"kind_zh": kind["zh"], "kind_en": kind["en"],
             "title_zh": title["zh"], "title_en": title["en"]}  # fmt: skip
    return replace(alert, data={**alert.data, **words})


def _card(
    case: Case, hall: Hall, uow: UnitOfWork, ctx: Context, cards: CardPolicy | None = None
) -> Card | None:
    """The case's card today under the hall file's [cases] settings."""
    policy = cards or uow.cases.card_policy(hall.id)
    return case.card(uow.calendar, hall.service_day(ctx.now), policy)


def _midnight(day: date, hall: Hall) -> datetime:
    return datetime.combine(day, time(0), ZoneInfo(hall.timezone)).astimezone(UTC)


def public_view(case: Case, hall: Hall, uow: UnitOfWork, ctx: Context) -> PublicCaseView:
    """What the applicant sees: state, deadline, what is owed; masked, no internal ids."""
    full = case_view(case, hall, uow, ctx)
    return PublicCaseView(**{f: getattr(full, f) for f in _PUBLIC_FIELDS})


_CASE_FIELDS = tuple(CaseView.__dataclass_fields__)
_PUBLIC_FIELDS = tuple(PublicCaseView.__dataclass_fields__)


def case_view(
    case: Case, hall: Hall, uow: UnitOfWork, ctx: Context, cards: CardPolicy | None = None
) -> CaseView:
    today = hall.service_day(ctx.now)
    standing = case.countdown(uow.calendar, today, cards or uow.cases.card_policy(hall.id))
    card = standing.card if standing else None
    service = uow.halls.services(hall.id).get(case.service_code)
    return CaseView(
        number=case.number,
        service=views.service_ref(service, case.service_code),
        department=service.category if service else "",
        status=case.status.value,
        accepted_at=case.accepted_at.isoformat(),
        accepted_on=case.accepted_on.isoformat(),
        promised_days=case.promised_days,
        deadline=case.deadline.isoformat(),
        days_left=standing.days_left if standing else None,
        days_over=standing.days_over if standing else None,  # working days past it
        card=card.level.value if card else None,
        card_since=card.since.isoformat() if card else None,
        name_masked=case.name_masked,
        id_masked=case.id_masked,
        window_id=case.window_id,
        materials=list(case.materials),
        missing=list(case.missing),
        promise_date=case.promise_date.isoformat() if case.promise_date else None,
        material_overdue=case.material_overdue(today),
        reason=case.reason,
        remedy=case.remedy,
        delivery=case.delivery.value if case.delivery else None,
        tracking=case.tracking,
    )
