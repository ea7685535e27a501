"""The bodies of signing in, tickets, window actions and the rating pad (server/web/api.py,
counter_api.py): each field's type, bounds and whether it may be left out; and the answers
the web layer makes itself (signing in, the CSRF token)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from pydantic import Field

from server.domain.rating import RatingLevel
from server.domain.ticket import Outcome, Priority
from server.web.schema import Body, Int, ServiceCode

Reason = Annotated[str, Field(max_length=60)]


class Login(Body):
    username: str = Field(max_length=60)
    password: str = Field(max_length=200)


@dataclass(frozen=True, slots=True)
class SignedIn:
    """A user just signed in: who, in which role and hall, and the session's CSRF token."""

    user_id: int
    role: str
    hall: str | None
    csrf_token: str


@dataclass(frozen=True, slots=True)
class CsrfToken:
    """The session's CSRF token, for the X-CSRF-Token header of every change."""

    csrf_token: str


class IssueBody(Body):
    service: ServiceCode
    priority: Priority | None = Field(None, strict=False, description="absent or null: normal")
    id_number: str | None = Field(None, max_length=18)
    name: str | None = Field(None, max_length=60)


class RateBody(Body):
    level: RatingLevel = Field(strict=False)
    reasons: list[Reason] | None = Field(None, max_length=10)


class PadRatingBody(RateBody):
    ticket_id: Int


class WindowBody(Body):
    ticket_id: Int | None = None


class FinishBody(WindowBody):
    outcome: Outcome | None = Field(None, strict=False, description="absent or null: done")


class PauseBody(WindowBody):
    reason: str | None = Field(None, max_length=100)


class TransferBody(WindowBody):
    service: ServiceCode | None = None
    window_id: Int | None = None
    keep_place: bool | None = None
    note: str | None = Field(None, max_length=200)
