"""What every domain error is: a stable code, parameters and a kind; and the refusals any area
may give (not found, a lost race, a bad value, a move the state does not allow)."""

from __future__ import annotations

from enum import Enum
from typing import Any, ClassVar


class Kind(Enum):
    """What sort of refusal an error is, in the domain's words (the web edge picks a status)."""

    CONFLICT = "conflict"  # the state does not allow the move now
    NOT_FOUND = "not_found"  # no such thing (or none the caller may know of)
    INVALID = "invalid"  # a field of an edit is out of range or malformed
    REJECTED = "rejected"  # a proof or key the request carries is missing, wrong or unusable
    NOT_ALLOWED = "not_allowed"  # not this actor's to do
    LIMIT_REACHED = "limit_reached"  # too many, or too soon
    CHALLENGE = "challenge"  # solve the challenge first, then ask again
    UNAVAILABLE = "unavailable"  # a part the hall relies on is out of reach; nothing was kept


class DomainError(Exception):
    """A rule refused an action; nothing was changed."""

    code = "domain_error"
    kind: ClassVar[Kind] = Kind.CONFLICT

    def __init__(self, **params: Any) -> None:
        self.params = params
        super().__init__(f"{self.code} {params}" if params else self.code)


class NotFound(DomainError):
    code = "not_found"
    kind = Kind.NOT_FOUND


class ConcurrentUpdate(DomainError):
    """Someone else saved the record first: its version moved on since it was read. The one
    parameter names the record (ticket, window, booking, case, user, device or service); the
    use case is run again on the fresh record (server/adapters/versioning.py)."""

    code = "concurrent_update"


class InvalidValue(DomainError):
    """A field of an edit is out of range or malformed: `field` names it, `reason` says how."""

    code = "invalid_value"
    kind = Kind.INVALID


def invalid(field: str, reason: str, reason_zh: str) -> InvalidValue:
    """A bad value of `field`, with why in English and Chinese (the edge picks the words)."""
    return InvalidValue(field=field, reason=reason, reason_zh=reason_zh)


class IllegalMove(DomainError):
    code = "illegal_move"
