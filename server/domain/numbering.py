"""Queue numbers: prefix letter + at least three digits, per hall, prefix and day."""

from __future__ import annotations

from server.domain.catalogue import Service
from server.domain.errors import DailyCapReached


def format_number(prefix: str, sequence: int) -> str:
    """A001 ... A999, then A1000: never wraps round into a duplicate."""
    return f"{prefix}{sequence:03d}"


def ensure_under_cap(service: Service, issued_today_including_this: int) -> None:
    """Refuse the number past the service's daily cap (今日号已发完)."""
    if service.daily_cap is not None and issued_today_including_this > service.daily_cap:
        raise DailyCapReached(service=service.code, cap=service.daily_cap)
