"""The one mapping from a domain error's kind to its HTTP status: the domain names the sort of
refusal, the web edge alone speaks HTTP. Headers a code adds (Retry-After) are set by the
handlers in server/web/errors.py and server/web/ratelimit.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from server.domain.errors import DomainError, Kind

STATUS_OF_KIND: Mapping[Kind, int] = MappingProxyType(
    {
        Kind.CONFLICT: 409,
        Kind.NOT_FOUND: 404,
        Kind.INVALID: 400,
        Kind.REJECTED: 422,
        Kind.NOT_ALLOWED: 403,
        Kind.LIMIT_REACHED: 429,
        Kind.CHALLENGE: 428,  # Precondition Required: send again with the solved challenge
        Kind.UNAVAILABLE: 503,
    }
)


def status_of(error: DomainError | type[DomainError]) -> int:
    """The HTTP status a domain error (or error class) answers with."""
    return STATUS_OF_KIND[error.kind]
