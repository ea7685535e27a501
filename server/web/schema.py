"""The edges of /api/v1 as pydantic v2 models, validated and documented by spectree.

`spec` checks every request body, query and header a view declares and generates the OpenAPI
document (server/web/openapi.py serves it) from the same models. A refusal is our typed error,
worded as before: 400 `bad_request` whose detail names the field ("name is too long"), or
400 `invalid_value` naming the field with zh/en reasons for the types that carry them (whole
numbers in a query). Shared field types are written once here; the service-code pattern is
the domain's (server/domain/catalogue.py).

spectree's own documentation pages load JavaScript from a CDN: they are off (no templates).
spectree adds a route only to the bare app that builds the document (server/web/openapi.py);
the hall server serves the document at /api/v1/openapi.json.

Refusals are made in the plugin's request step rather than spectree's before-hook: there the
place (body, query, header) is known, and the body read is the one the request guard parsed
(server/web/request_guard.py), so a value is parsed and judged once.
"""

from __future__ import annotations

import re
from datetime import date, time
from typing import Annotated, Any

from flask import Request
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
)
from pydantic.config import JsonDict
from pydantic_core import PydanticCustomError
from spectree import SecurityScheme, SecuritySchemeData, SpecTree
from spectree.models import InType, SecureType
from spectree.plugins.base import Context
from spectree.plugins.flask_plugin import FlaskPlugin

from server.domain.catalogue import SERVICE_CODE
from server.domain.idempotency import MAX_KEY_LENGTH
from server.web.api_error import ApiError
from server.web.parsing import INT_MAX, json_body
from server.web.request_guard import NOT_ASCII
from server.web.responses import Error

HH_MM = re.compile("^[0-9]{2}:[0-9]{2}$")


# -- models: a body refuses unknown fields and wrong JSON types; a query or headers are text
class Body(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


class Query(BaseModel):
    model_config = ConfigDict(extra="ignore")  # an undocumented parameter is ignored


class Headers(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)


# -- shared field types
def one_of(values: Any) -> JsonDict:
    """The documented values of a text field whose use case refuses others in its words."""
    return {"enum": [str(v) for v in values]}


Int = Annotated[int, Field(ge=-INT_MAX, le=INT_MAX)]
Number = Annotated[float, Field(ge=-1e9, le=1e9)]
SERVICE_CODE_PATTERN = f"^{SERVICE_CODE.pattern}$"  # the domain's invariant, anchored
ServiceCode = Annotated[str, Field(pattern=SERVICE_CODE_PATTERN, max_length=40)]


def _bad(why: str) -> PydanticCustomError:
    return PydanticCustomError("onewindow_bad", "{why}", {"why": why})


def _iso_day(value: Any) -> date:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.isascii():
        raise _bad("must be YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _bad("must be YYYY-MM-DD") from None


def _hh_mm(value: Any) -> time:
    if not isinstance(value, str) or not HH_MM.fullmatch(value):
        raise _bad("must be HH:MM")
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise _bad("must be HH:MM") from None


def _given(value: Any) -> Any:
    if value is None:
        raise _bad("is required")
    return value


def _not_null(schema: dict[str, Any]) -> None:
    """The document of a field that may be left out but is never null."""
    kinds = [k for k in schema.pop("anyOf", []) if k.get("type") != "null"]
    if kinds:
        schema.update(kinds[0])
    schema.pop("default", None)


class WithJsonSchemaBound:
    """A bound the domain enforces, stated in the document (applied after the field's own
    schema, so it composes with GIVEN)."""

    def __init__(self, bound: dict[str, float]) -> None:
        self.bound = bound

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> dict[str, Any]:
        schema: dict[str, Any] = handler(core_schema)
        schema.update(self.bound)
        return schema


# An edit's field: left out, it stays as it is; sent, it may not be null ("x is required").
GIVEN = (AfterValidator(_given), Field(json_schema_extra=_not_null))

Day = Annotated[date, BeforeValidator(_iso_day)]
ClockTime = Annotated[
    time, BeforeValidator(_hh_mm), WithJsonSchema({"type": "string", "pattern": HH_MM.pattern})
]


def _whole(low: int, high: int) -> Any:
    """A query number written in ASCII digits from low to high, or invalid_value (zh/en)."""

    def check(value: Any, info: ValidationInfo) -> int:
        text = str(value)
        if text.isascii() and text.isdigit() and len(text) <= 10 and low <= int(text) <= high:
            return int(text)
        raise PydanticCustomError(
            "onewindow_invalid",
            "{reason}",
            {"reason": f"must be a whole number from {low} to {high}; {NOT_ASCII[0]}",
             "reason_zh": f"须为 {low} 至 {high} 的整数，{NOT_ASCII[1]}"},
        )  # fmt: skip

    return BeforeValidator(check)


AuditLimit = Annotated[
    int, _whole(1, 500), WithJsonSchema({"type": "integer", "minimum": 1, "maximum": 500})
]
Page = Annotated[
    int, _whole(1, 100_000), WithJsonSchema({"type": "integer", "minimum": 1, "maximum": 100_000})
]


def _key(value: Any) -> str:
    if not isinstance(value, str) or not 1 <= len(value) <= MAX_KEY_LENGTH:
        raise _bad(f"must be 1-{MAX_KEY_LENGTH} characters")
    return value


class IdempotencyHeaders(Headers):
    idempotency_key: Annotated[str | None, BeforeValidator(_key)] = Field(
        None,
        alias="Idempotency-Key",
        description=(
            "Makes a retry safe: the same key from the same caller (device token, else "
            "signed-in user, else client address) returns the first answer instead of a "
            "second ticket. Another caller's same key is another request. The same key with "
            "a different request is refused: 422 idempotency_key_reused."
        ),
        json_schema_extra={"minLength": 1, "maxLength": MAX_KEY_LENGTH},
    )


class CsrfHeaders(Headers):
    x_csrf_token: str | None = Field(None, alias="X-CSRF-Token", max_length=100)


# -- refusals
def _place(loc: tuple[int | str, ...]) -> str:
    name = ""
    for part in loc:
        name = f"{name}[{part}]" if isinstance(part, int) else f"{name}.{part}" if name else part
    return name


def _detail(error: Any, name: str) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "onewindow_bad":
        return f"{name} {ctx['why']}"
    if kind == "missing":
        return f"{name} is required"
    if kind == "extra_forbidden":
        return f"unknown field {name}"
    if kind in ("string_too_long", "too_long", "too_short", "string_too_short"):
        return f"{name} is too long" if "long" in kind else f"{name} is too short"
    if kind.startswith(("greater_than", "less_than")):
        return f"{name} is out of range"
    if kind in ("enum", "literal_error"):
        return f"{name} must be one of {ctx.get('expected', '')}"
    return f"{name} has the wrong type"


# A value of the wrong form, in the words of the invariant its pattern is (by pattern).
FORMS = {
    SERVICE_CODE_PATTERN: ("a-z, 0-9, _ (starts with a letter)",
                           "只能用小写字母、数字和下划线，以字母开头"),
}  # fmt: skip


def refusal_of(error: ValidationError, place: str) -> ApiError:
    """The first problem of a validation error as our typed refusal, naming the field."""
    first = error.errors()[0]
    name = _place(first["loc"]) or place
    ctx = first.get("ctx") or {}
    if first["type"] == "onewindow_invalid":
        return ApiError(400, "invalid_value", field=name, reason=ctx["reason"],
                        reason_zh=ctx["reason_zh"])  # fmt: skip
    if first["type"] == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        en, zh = FORMS.get(pattern, (f"must match {pattern}", f"须符合格式 {pattern}"))
        return ApiError(400, "invalid_value", field=name, reason=en, reason_zh=zh)
    if not first["loc"] and place == "body":
        return ApiError(400, "bad_request", detail="body must be a JSON object")
    return ApiError(400, "bad_request", detail=_detail(first, name))


def _valid(model: Any, data: Any, place: str) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise refusal_of(e, place) from None


class _Plugin(FlaskPlugin):
    """spectree's Flask plugin, reading the body the request guard parsed and refusing with
    our typed error (not spectree's 422 list) and naming the place."""

    def request_validation(self, request: Request, query: Any, json: Any, form: Any,
                           headers: Any, cookies: Any) -> None:  # fmt: skip
        has_body = json is not None and request.method not in ("GET", "DELETE")
        request.context = Context(  # type: ignore[attr-defined]
            _valid(query, request.args.to_dict(), "query") if query else None,
            _valid(json, json_body(), "body") if has_body else None,
            None,
            _valid(headers, dict(request.headers), "header") if headers else None,
            None,
        )


BEARER = SecuritySchemeData(type=SecureType.HTTP, scheme="bearer")  # a device token
SESSION_COOKIE = SecuritySchemeData(type=SecureType.API_KEY, field_in=InType.COOKIE, name="session")
spec = SpecTree(
    "flask",
    backend=_Plugin,
    mode="strict",  # only the routes declared with spec.validate are documented
    title="onewindow hall server",
    version="1",
    page_templates={},
    naming_strategy=lambda model: model.__name__,
    nested_naming_strategy=lambda _parent, child: child,
    validation_error_status=400,
    validation_error_model=Error,
    security_schemes=[
        SecurityScheme(name="device", data=BEARER),
        SecurityScheme(name="session", data=SESSION_COOKIE),
    ],
    security=[{"device": []}, {"session": []}],
)
PUBLIC: list[Any] = []  # the security of an operation anyone may call
