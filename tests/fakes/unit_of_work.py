"""An in-memory unit of work with the SQL one's semantics, for use-case tests without a database.

As SqlUnitOfWork: one transaction per `with`; on an exception every change made inside it is
discarded (the database is put back as it was on enter) and nothing is published; on success
the collected events are published, in order, after the commit. Repositories hand out copies
and write copies, so an object changed but not saved changes nothing; saves check versions
and raise ConcurrentUpdate on a stale one, unique keys raise IntegrityError, counters are
per hall, day and key. Units of work take turns (like SQLite's one writer): entering one while
another is open is refused.

What it records for a test to read: `published` (every event, in order), `commits`,
`rollbacks`, `serialised` (halls whose call lock was taken) and `stale_halls`.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any, cast

from server.adapters.hall_file import HallConfig
from server.domain.workdays import WorkingCalendar
from server.services.retention import RetentionStore
from server.services.unit_of_work import (
    AlertRepository,
    AppointmentRepository,
    AuditRepository,
    CaseRepository,
    CatalogueAdminRepository,
    CounterReads,
    CounterRepository,
    Credentials,
    DeviceRepository,
    FollowUpRepository,
    HallRepository,
    LimitCounts,
    RatingRepository,
    SignInLocks,
    StaffRepository,
    StaffSessions,
    SupervisionReads,
    TicketRepository,
    WindowRepository,
)
from tests.fakes.accounts import (
    FakeCredentials,
    FakeDevices,
    FakeLimits,
    FakeSignInLocks,
    FakeStaff,
    FakeStaffSessions,
)
from tests.fakes.bookings import FakeAppointments, FakeCases, FakePhoneCodes
from tests.fakes.catalogue import FakeCatalogueAdmin, FakeHalls, FakeWindows
from tests.fakes.database import FakeDatabase
from tests.fakes.feedback import FakeAlerts, FakeAudit, FakeFollowUps, FakeRatings
from tests.fakes.reads import FakeCounterReads, NotFaked
from tests.fakes.tickets import FakeCounters, FakeTickets


class FakeUnitOfWork:
    def __init__(
        self, db: FakeDatabase | None = None, calendar: WorkingCalendar | None = None
    ) -> None:
        self.db = db if db is not None else FakeDatabase()
        self.calendar = calendar if calendar is not None else WorkingCalendar()
        self.published: list[object] = []
        self.commits = 0
        self.rollbacks = 0
        self.serialised: list[str] = []
        self.stale_halls: set[str] = set()
        self._events: list[object] = []
        self._snapshot: dict[str, Any] | None = None

    @classmethod
    def of(cls, *halls: HallConfig, calendar: WorkingCalendar | None = None) -> FakeUnitOfWork:
        """A unit of work over a fresh database with these hall files installed."""
        uow = cls(calendar=calendar)
        for cfg in halls:
            uow.db.install(cfg)
        return uow

    def __enter__(self) -> FakeUnitOfWork:
        if self._snapshot is not None:
            raise RuntimeError("a unit of work is already open: they take turns")
        self._snapshot = self.db.snapshot()
        self._events = []
        db = self.db
        # Typed as the ports: mypy checks each fake against its Protocol.
        self.halls: HallRepository = FakeHalls(db)
        self.windows: WindowRepository = FakeWindows(db)
        self.tickets: TicketRepository = FakeTickets(db)
        self.counters: CounterRepository = FakeCounters(db)
        self.ratings: RatingRepository = FakeRatings(db)
        self.alerts: AlertRepository = FakeAlerts(db)
        self.staff: StaffRepository = FakeStaff(db)
        self.devices: DeviceRepository = FakeDevices(db)
        self.counter_reads: CounterReads = FakeCounterReads(db)
        self.admin: CatalogueAdminRepository = FakeCatalogueAdmin(db)
        self.audit: AuditRepository = FakeAudit(db)
        self.followups: FollowUpRepository = FakeFollowUps(db)
        self.appointments: AppointmentRepository = FakeAppointments(db)
        self.cases: CaseRepository = FakeCases(db)
        self.limits: LimitCounts = FakeLimits(db)
        self.sign_in_locks: SignInLocks = FakeSignInLocks(db)
        self.credentials: Credentials = FakeCredentials(db)
        self.sessions: StaffSessions = FakeStaffSessions(db)
        self.phone_codes = FakePhoneCodes(db)
        self.supervision = cast(SupervisionReads, NotFaked("supervision"))
        self.retention = cast(RetentionStore, NotFaked("retention"))
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        snapshot, self._snapshot = self._snapshot, None
        assert snapshot is not None, "leaving a unit of work that was never entered"
        if exc_type is not None:
            self.db.restore(snapshot)
            self.rollbacks += 1
            self._events = []
            return
        self.commits += 1
        events, self._events = self._events, []
        self.published.extend(events)

    def collect(self, event: object) -> None:
        self._events.append(event)

    def serialise_calls(self, hall_id: str) -> None:
        self.serialised.append(hall_id)

    def catalogue_changed(self, hall_id: str) -> None:
        self.stale_halls.add(hall_id)

    def events_of(self, kind: type) -> list[Any]:
        """The published events of one class, in order."""
        return [e for e in self.published if isinstance(e, kind)]
