"""The answers of /api/v1: a use case's typed result is the documented shape.

A use case returns a frozen dataclass (server/services); its fields are the answer's JSON
keys. `answers(TicketView, 201)` documents an operation with that shape: the OpenAPI schema is
generated from the dataclass (the answer's model is `TicketViewAnswer`, which refers to it).
`reply(result)` hands the result to spectree, which serialises it without checking it again.
The shape is written once: in the dataclass.
"""

from __future__ import annotations

from functools import cache
from types import UnionType
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, RootModel
from spectree import Response

ERRORS = (400, 401, 403, 404, 409)


class Words(BaseModel):
    zh: str
    en: str


class ErrorDetail(BaseModel):
    code: str
    message: Words
    params: dict[str, Any] = {}


class Error(BaseModel):
    error: ErrorDetail


class Object(RootModel[dict[str, Any]]):
    """Any JSON object (answers not yet modelled field by field)."""


class ObjectList(RootModel[list[dict[str, Any]]]):
    """A JSON array of objects."""


class Ticket(BaseModel):
    model_config = ConfigDict(extra="allow")
    number: str
    status: str
    service: dict[str, Any]
    token: str | None = None
    ahead: int | None = None
    estimated_minutes: float | None = None


def _name(shape: Any) -> str:
    if get_origin(shape) is list:
        return f"{_name(get_args(shape)[0])}List"
    if get_origin(shape) in (Union, UnionType):  # TicketView | WaitingTicketView
        return "Or".join(_name(member) for member in get_args(shape))
    return str(shape.__name__)


@cache
def model_of(shape: Any) -> Any:
    """The response model of a result type (a dataclass, or a list of them), named after it;
    a model (or None: no body) stays as it is."""
    if shape is None or isinstance(shape, type) and issubclass(shape, BaseModel):
        return shape
    doc = getattr(get_args(shape)[0] if get_origin(shape) is list else shape, "__doc__", None)
    namespace = {"__module__": __name__, "__doc__": doc}
    # named apart from the dataclass, whose own schema is the one it refers to
    return type(f"{_name(shape)}Answer", (RootModel[shape],), namespace)


def answers(ok: Any = Object, status: int = 200, errors: tuple[int, ...] = ERRORS) -> Response:
    """The documented answers of an operation: `ok` (a model, or a use case's result type) at
    `status`, the Error model otherwise."""
    codes: dict[str, Any] = {f"HTTP_{status}": model_of(ok)}
    codes.update({f"HTTP_{code}": Error for code in errors if code != status})
    return Response(**codes)


def reply(result: Any, status: int = 200, shape: Any = None) -> tuple[RootModel[Any], int]:
    """A use case's result as the answer. `shape` is the type documented by `answers` when it
    is not the result's own class: a list (list[TicketView]) or a union."""
    model = model_of(shape if shape is not None else result.__class__)
    return model(result), status
