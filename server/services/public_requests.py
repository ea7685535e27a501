"""The public phone pages' limit: requests per client address and minute, per hall."""

from __future__ import annotations

from server.domain.limits import RateLimited, ensure_within, window_of
from server.services.context import Context
from server.services.unit_of_work import UnitOfWork


def count_public_request(hall_id: str | None, address: str, uow: UnitOfWork, ctx: Context) -> None:
    """Count one request of this address (kept only as a keyed hash); RateLimited past the
    hall's `public_requests_per_minute` (the refused request's count is rolled back)."""
    minute = window_of(ctx.now, 60)
    hall = (hall_id or "*")[:60]
    limit = uow.limits.of_hall(hall).public_requests_per_minute
    subject = f"{hall}:{ctx.hash_id(f'address:{address}')}"
    count = uow.limits.hit("public", subject, minute)
    ensure_within(count, limit, RateLimited, retry_after=minute.seconds_left(ctx.now))
