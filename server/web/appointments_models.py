"""The bodies and queries of appointments, cases, face check-in, kiosk help and supervision
(server/web/appointments_api.py, faces_api.py, supervision_api.py).

Values the use cases judge in their own words (a case's action and state, a help reason, a
proof's nonce, an embedding's numbers) are listed in the document and checked there.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from server.adapters.face_engine import MAX_PHOTO_BYTES
from server.domain.cases import CaseStatus, Delivery
from server.services.cases import ACTIONS
from server.services.face_check_in import DIMENSIONS, HELP_REASONS
from server.web.schema import Body, ClockTime, Day, Page, Query, ServiceCode, one_of

IdNumber = Annotated[str, Field(max_length=18)]
Item = Annotated[str, Field(min_length=1, max_length=100)]
Items = Annotated[list[Item], Field(max_length=30)]
CASE_STATES = one_of(["all", "running", *CaseStatus])


# -- appointments (public: the citizen's phone)
class SlotsQuery(Query):
    service: str = Field(min_length=1, max_length=40)


class Proof(Body):
    challenge: str = Field(max_length=100)
    nonce: str = Field(max_length=20, json_schema_extra={"pattern": "^[0-9]{1,20}$"})


class BookBody(Body):
    service: ServiceCode
    date: Day
    start: ClockTime
    name: str = Field(max_length=30)
    id_number: IdNumber
    phone: str = Field(max_length=20)
    proof: Proof | None = None
    phone_code: str | None = Field(None, max_length=10)


class PhoneCodeBody(Body):
    phone: str = Field(max_length=20)


class CancelBody(Body):
    id_number: IdNumber


class ChangeBody(CancelBody):
    date: Day
    start: ClockTime


class CheckInBody(Body):
    booking_code: str | None = Field(None, max_length=80)
    id_number: IdNumber | None = None


# -- cases
class LookupBody(Body):
    case_number: str | None = Field(None, max_length=20)
    id_number: IdNumber | None = None


class CaseMoveBody(Body):
    action: str = Field(max_length=20, json_schema_extra=one_of(ACTIONS))
    reason: str | None = Field(None, max_length=500)
    remedy: str | None = Field(None, max_length=500)
    method: Delivery | None = Field(None, strict=False)
    tracking: str | None = Field(None, max_length=60)
    received: Items | None = None
    missing: Items | None = None
    promise_date: Day | None = None


class CasesQuery(Query):
    state: str = Field("all", max_length=20, json_schema_extra=CASE_STATES)
    department: str = Field("", max_length=100)
    first: Day | None = Field(None, alias="from")
    last: Day | None = Field(None, alias="to")
    page: Page = 1


# -- supervision
class PeriodQuery(Query):
    first: Day = Field(alias="from")
    last: Day | None = Field(None, alias="to")


class ExportQuery(PeriodQuery):
    format: Literal["csv", "xlsx"] = "csv"


# -- faces and kiosk help
class FaceWithdrawBody(Body):
    id_number: IdNumber


class FaceEnrolBody(FaceWithdrawBody):
    consent: bool | None = None
    photo: str = Field(
        max_length=MAX_PHOTO_BYTES * 4 // 3 + 100,
        description="base64 JPEG or PNG (a data: URL is fine)",
    )


class FaceCheckInBody(Body):
    embedding: list[Any] = Field(
        json_schema_extra={"items": {"type": "number"}, "minItems": DIMENSIONS,
                           "maxItems": DIMENSIONS},
    )  # fmt: skip


class KioskHelpBody(Body):
    reason: str = Field(max_length=30, json_schema_extra=one_of(HELP_REASONS))
    service: ServiceCode | None = None
    ticket_token: str | None = Field(None, max_length=40)
