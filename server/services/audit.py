"""Every manager change leaves an audit row (who, when, what, before, after) and says so."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, ClassVar, Protocol, TypeAlias

from server.domain.errors import NotYourHall
from server.services.commands import Actor
from server.services.context import Context
from server.services.events import Audited
from server.services.records import AuditEntry, audit_record
from server.services.unit_of_work import UnitOfWork


class ResultView(Protocol):
    """A use case's result (a dataclass), written to the row as its fields."""

    __dataclass_fields__: ClassVar[dict[str, Any]]


# what a row keeps of the thing before or after the change (None: it did not exist)
Snapshot: TypeAlias = dict[str, Any] | ResultView | None


def ensure_hall(actor: Actor, hall_id: str) -> None:
    """A manager acts on their own hall only; an admin (no hall) on any."""
    if actor.hall_id not in (None, hall_id):
        raise NotYourHall(hall=hall_id)


def row_fields(view: ResultView) -> dict[str, Any]:
    """What an audit row keeps of a result view: its fields, as a JSON object."""
    return asdict(view)


def snapshot(value: Snapshot) -> dict[str, Any] | None:
    """The JSON object the audit row keeps of a dict or a result view."""
    if value is None or isinstance(value, dict):
        return value
    return row_fields(value)


@dataclass(frozen=True)
class Audit:
    """Who changes things in this use case; `write` leaves one audit row per change."""

    uow: UnitOfWork
    ctx: Context
    actor: Actor

    def write(
        self, hall_id: str | None, action: str, subject: str, before: Snapshot, after: Snapshot
    ) -> None:
        """Write the row, and announce it to the hall's managers (an admin-only change, such
        as editing an admin account, belongs to no hall and is only written)."""
        entry = AuditEntry(hall_id, self.ctx.now, self.actor.user_id, action, subject,
                           snapshot(before), snapshot(after))  # fmt: skip
        written = audit_record(self.uow.audit.record(entry))
        if hall_id is not None:
            self.uow.collect(Audited(hall_id, written))
