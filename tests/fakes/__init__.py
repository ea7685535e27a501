"""In-memory fakes of the services' ports: a unit of work with the SQL one's semantics, a
fixed clock and a hall to run use cases in, without Flask or a database."""

from tests.fakes.clock import OPEN_MONDAY, FixedClock, fixed_context
from tests.fakes.database import FakeDatabase
from tests.fakes.hall import CITIZEN, HALL, HallRun, demo_hall, tuned
from tests.fakes.unit_of_work import FakeUnitOfWork

__all__ = [
    "CITIZEN",
    "HALL",
    "OPEN_MONDAY",
    "FakeDatabase",
    "FakeUnitOfWork",
    "FixedClock",
    "HallRun",
    "demo_hall",
    "fixed_context",
    "tuned",
]
