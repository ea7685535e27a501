"""What the case use cases answer (server/services/cases.py): frozen dataclasses whose fields
are the wire's keys; personal data masked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from pydantic import ConfigDict, Field, with_config

from server.services.supervision_results import FollowUpCard
from server.services.views import ServiceRef


@dataclass(frozen=True, slots=True)
class CaseView:
    """A case as staff see it: its state, deadline card (红黄牌) and working days left or
    over (null once decided), materials owed; masked."""

    number: str
    service: ServiceRef
    department: str
    status: str
    accepted_at: str
    accepted_on: str
    promised_days: int
    deadline: str
    days_left: int | None
    days_over: int | None
    card: str | None
    card_since: str | None
    name_masked: str | None
    id_masked: str | None
    window_id: int | None
    materials: list[str]
    missing: list[str]
    promise_date: str | None
    material_overdue: bool
    reason: str
    remedy: str
    delivery: str | None
    tracking: str


@dataclass(frozen=True, slots=True)
class PublicCaseView:
    """What the applicant sees of their case: state, deadline, what is owed; masked, no
    internal ids."""

    number: str
    service: ServiceRef
    status: str
    accepted_on: str
    deadline: str
    days_left: int | None
    card: str | None
    name_masked: str | None
    id_masked: str | None
    missing: list[str]
    promise_date: str | None
    material_overdue: bool
    reason: str
    remedy: str
    delivery: str | None
    tracking: str


# "from" is a Python keyword: the states carry their keys as aliases, written by alias.
@with_config(ConfigDict(serialize_by_alias=True))
@dataclass(frozen=True, slots=True)
class CaseStepView:
    """A timed step of a case: who took it (display name), at which window, the state it
    left and reached, and its own data (null where the step has none)."""

    action: str
    at: str
    from_status: Annotated[str | None, Field(alias="from")]
    to_status: Annotated[str, Field(alias="to")]
    actor_id: int | None
    actor_name: str | None
    window: int | None
    reason: str | None
    remedy: str | None
    method: str | None
    tracking: str | None
    received: list[str] | None
    missing: list[str] | None
    promise_date: str | None


@dataclass(frozen=True, slots=True)
class CaseDetail(CaseView):
    """A case with every timed step, for staff."""

    steps: list[CaseStepView]


@dataclass(frozen=True, slots=True)
class CasePage:
    """A page of the hall's cases, newest first, out of `total`."""

    at: str
    total: int
    page: int
    page_size: int
    cases: list[CaseView]


@dataclass(frozen=True, slots=True)
class ApplicantCases:
    """The applicant's own cases, masked."""

    cases: list[PublicCaseView]


@dataclass(frozen=True, slots=True)
class LateCases:
    """督办: running cases with a card or a material overdue (red first), and the open
    bad-rating follow-ups with a card."""

    at: str
    cases: list[CaseView]
    followups: list[FollowUpCard]
