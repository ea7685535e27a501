"""The bodies and query of the manager console's routes (server/web/manage_api.py).

On an edit, a field left out stays as it is (the views pass only the fields given); a field
given may not be null unless its type says so (daily_cap null: no cap; user_id null frees the
window). Roles, device and window kinds are listed as the use cases accept them; the use
cases refuse other values in their own words.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from server.domain.catalogue import MIN_DAILY_CAP, WindowKind
from server.services.records import DEVICE_KINDS, ROLES
from server.web.schema import (
    GIVEN,
    AuditLimit,
    Body,
    Int,
    Number,
    Query,
    ServiceCode,
    WithJsonSchemaBound,
    one_of,
)

Code = Annotated[str, Field(max_length=40)]


WindowKindText = Annotated[str, Field(max_length=20, json_schema_extra=one_of(WindowKind))]


def _bound(**bound: float) -> WithJsonSchemaBound:
    return WithJsonSchemaBound(bound)


ABOVE_ZERO = _bound(exclusiveMinimum=0)


class AuditQuery(Query):
    limit: AuditLimit = 100


class ServiceBody(Body):
    name_zh: Annotated[str | None, Field(max_length=100), *GIVEN] = None
    name_en: Annotated[str | None, Field(max_length=100), *GIVEN] = None
    prefix: Annotated[str | None, Field(max_length=2), *GIVEN] = None
    category: Annotated[str | None, Field(max_length=60), *GIVEN] = None
    # The bounds below are the domain's rules (check_service), stated for the document only.
    expected_minutes: Annotated[Number | None, *GIVEN, ABOVE_ZERO] = None
    yellow_minutes: Annotated[Number | None, *GIVEN, ABOVE_ZERO] = None
    red_minutes: Annotated[Number | None, *GIVEN] = None
    promised_days: Annotated[Int | None, *GIVEN, _bound(minimum=0)] = None
    daily_cap: Int | None = Field(
        None,
        description="null: no daily cap",
        json_schema_extra={"minimum": MIN_DAILY_CAP},  # the domain's rule (check_service) says it
    )
    window_kinds: Annotated[list[WindowKindText] | None, *GIVEN] = None
    active: Annotated[bool | None, *GIVEN] = None


class NewServiceBody(ServiceBody):
    code: ServiceCode


class WindowEditBody(Body):
    number: Annotated[Int | None, *GIVEN] = None
    name_zh: Annotated[str | None, Field(max_length=100), *GIVEN] = None
    name_en: Annotated[str | None, Field(max_length=100), *GIVEN] = None
    kind: Annotated[WindowKindText | None, *GIVEN] = None
    services: Annotated[list[Code] | None, *GIVEN] = None


class AssignBody(Body):
    user_id: Int | None = Field(description="null frees the window")


class WindowServicesBody(Body):
    services: list[Code]


class RerouteBody(Body):
    service: ServiceCode | None = None
    window_id: Int | None = None


class NoticeBody(Body):
    notice_zh: str = Field(max_length=500)
    notice_en: str | None = Field(None, max_length=500)


class CloseFollowUpBody(Body):
    note: str = Field(max_length=1000)


class UserBody(Body):
    username: str = Field(max_length=60)
    password: str = Field(max_length=200)
    role: str = Field(max_length=20, json_schema_extra=one_of(ROLES))
    name: str | None = Field(None, max_length=60)


class UserEditBody(Body):
    role: str | None = Field(None, max_length=20, json_schema_extra=one_of(ROLES))
    name: str | None = Field(None, max_length=60)
    active: bool | None = None
    password: str | None = Field(None, max_length=200)


class DeviceBody(Body):
    kind: str = Field(max_length=20, json_schema_extra=one_of(DEVICE_KINDS))
    name: str = Field(max_length=100)
    window_id: Int | None = None


class EmptyBody(Body):
    """No fields."""
