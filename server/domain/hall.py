"""A hall: its opening hours, its service day and the rules its config sets."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from server.domain.errors import HallClosed


@dataclass(frozen=True)
class RoutingPolicy:
    """Parameters of call-next routing (see routing.choose_next)."""

    # A specialised window helps the general line only when it has none of its own waiting
    # and the general line is at least this long. These defaults are the plain rules; the
    # example hall sets the tuned policy (K = 2, shortest first: docs/routing.md).
    specialist_help_min_general_waiting: int = 1
    # When helping, a specialised window takes the general matter expected to be shortest
    # (ties: place in line) instead of the oldest, so its own next citizen waits behind a
    # shorter job; green-channel and aged tickets still come first (see docs/routing.md).
    specialist_help_shortest_first: bool = False
    # A normal ticket that has waited past this threshold of its service ranks with the
    # green-channel tickets (aging), so priority never starves it: "red", "yellow" or "off".
    aging: str = "red"


@dataclass(frozen=True)
class HallRules:
    recall_limit: int = 3
    rejoin_within_minutes: float = 30.0
    transfer_keeps_place: bool = True
    max_pause_minutes: float = 15.0
    call_guard_seconds: float = 1.0
    # At the first tick of a new service day, tickets still waiting from an earlier day are
    # closed (cancelled by day end, announced) unless this is set: then they keep waiting into
    # the new day with their numbers, ahead of the day's new tickets (numbers continue after).
    carry_over_waiting: bool = False
    # A kiosk silent this long (no heartbeat, no request, no socket) is announced offline.
    kiosk_offline_after_seconds: float = 120.0
    routing: RoutingPolicy = field(default_factory=RoutingPolicy)


@dataclass(frozen=True)
class OpeningHours:
    """Weekly opening periods: weekday (0 = Monday) -> ((start, end), ...)."""

    periods: dict[int, tuple[tuple[time, time], ...]]
    enforce: bool = True

    def is_open(self, local: datetime) -> bool:
        if not self.enforce:
            return True
        now = local.time()
        return any(start <= now < end for start, end in self.periods.get(local.weekday(), ()))


@dataclass(frozen=True)
class Hall:
    id: str
    name_zh: str
    name_en: str
    timezone: str
    hours: OpeningHours
    rules: HallRules
    notice_zh: str = ""
    notice_en: str = ""

    def local(self, now: datetime) -> datetime:
        return now.astimezone(ZoneInfo(self.timezone))

    def service_day(self, now: datetime) -> date:
        """The calendar day in the hall's time zone: numbers restart each day."""
        return self.local(now).date()

    def ensure_open(self, now: datetime) -> None:
        if not self.hours.is_open(self.local(now)):
            raise HallClosed(hall=self.id)
