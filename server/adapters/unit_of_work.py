"""The SQL unit of work: one transaction; events are published only after it commits."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Protocol

from sqlalchemy import Connection, Engine, text

from server.adapters.appointment_store import SqlAppointments, SqlPhoneCodes
from server.adapters.cache import TtlCache
from server.adapters.calendar import chinese_working_calendar
from server.adapters.case_store import SqlCases
from server.adapters.counter_reads import SqlCounterReads
from server.adapters.credentials import SqlCredentials, SqlStaffSessions
from server.adapters.limits_store import SqlLimits, SqlSignInLocks
from server.adapters.manage_store import SqlAudit, SqlCatalogueAdmin, SqlFollowUps
from server.adapters.repositories import (
    SqlAlerts,
    SqlCounters,
    SqlHalls,
    SqlRatings,
    SqlWindows,
)
from server.adapters.retention_store import SqlRetention
from server.adapters.staff_store import SqlDevices, SqlStaff
from server.adapters.supervision_reads import SqlSupervisionReads
from server.adapters.ticket_repository import SqlTickets

CALL_LOCK = text("SELECT pg_advisory_xact_lock(hashtext(:key))")


class Publisher(Protocol):
    def publish(self, events: list[object]) -> None: ...


class NoEvents:
    """The publisher of a unit of work whose use case announces nothing (a command line)."""

    def publish(self, events: list[object]) -> None:
        if events:
            raise RuntimeError(f"events without a publisher: {events!r}")


class SqlUnitOfWork:
    """`secret` keys the session stamps the credentials carry (the server's SECRET_KEY)."""

    def __init__(
        self,
        engine: Engine,
        publisher: Publisher,
        cache: TtlCache | None = None,
        secret: str = "",
    ) -> None:
        self.engine = engine
        self.publisher = publisher
        self.cache = cache
        self.secret = secret
        self.events: list[object] = []
        self.stale_halls: set[str] = set()
        self.conn: Connection | None = None

    def __enter__(self) -> SqlUnitOfWork:
        self.conn = self.engine.connect()
        self.conn.begin()
        self.halls = SqlHalls(self.conn, self.cache)
        self.windows = SqlWindows(self.conn, self.cache)
        self.tickets = SqlTickets(self.conn)
        self.counters = SqlCounters(self.conn)
        self.ratings = SqlRatings(self.conn)
        self.alerts = SqlAlerts(self.conn)
        self.staff = SqlStaff(self.conn)
        self.devices = SqlDevices(self.conn)
        self.counter_reads = SqlCounterReads(self.conn)
        self.admin = SqlCatalogueAdmin(self.conn)
        self.audit = SqlAudit(self.conn)
        self.followups = SqlFollowUps(self.conn)
        self.appointments = SqlAppointments(self.conn)
        self.cases = SqlCases(self.conn)
        self.calendar = chinese_working_calendar()
        self.supervision = SqlSupervisionReads(self.conn)
        self.limits = SqlLimits(self.conn)
        self.sign_in_locks = SqlSignInLocks(self.conn)
        self.credentials = SqlCredentials(self.conn, self.secret)
        self.sessions = SqlStaffSessions(self.conn)
        self.phone_codes = SqlPhoneCodes(self.conn)
        self.retention = SqlRetention(self.conn)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self.conn is not None
        try:
            if exc_type is None:
                self.conn.commit()
            else:
                self.conn.rollback()
        finally:
            self.conn.close()
            self.conn = None
            self._drop_stale()
        if exc_type is None and self.events:
            events, self.events = self.events, []
            self.publisher.publish(events)

    def collect(self, event: object) -> None:
        self.events.append(event)

    def serialise_calls(self, hall_id: str) -> None:
        """Hold the hall's call lock until commit. PostgreSQL runs call-next at several windows
        in parallel, and each would pick the same head of the line (one wins, the others
        retry until they give up); the lock makes them take turns, per hall. SQLite needs
        none: BEGIN IMMEDIATE already lets one writer in at a time."""
        assert self.conn is not None
        if self.conn.dialect.name == "postgresql":
            self.conn.execute(CALL_LOCK, {"key": f"onewindow:call:{hall_id}"})

    def catalogue_changed(self, hall_id: str) -> None:
        """Drop the hall's cached hall row, services and window layout, now and after commit.

        Now, so the rest of this use case reads its own change; again after commit, so a
        request that reloaded the old rows meanwhile does not keep them. Other processes
        see the change when their cache entry expires (Runtime.catalogue's TTL, 5 s).
        """
        self.stale_halls.add(hall_id)
        self._drop_stale()

    def _drop_stale(self) -> None:
        if self.cache is not None:
            for hall_id in self.stale_halls:
                for key in ("hall", "services", "windows"):
                    self.cache.discard((key, hall_id))


def uow_factory(
    engine: Engine, publisher: Publisher, cache: TtlCache | None = None, secret: str = ""
) -> Callable[[], SqlUnitOfWork]:
    return lambda: SqlUnitOfWork(engine, publisher, cache, secret)
