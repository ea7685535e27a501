"""Every manager change leaves an audit row (who, when, what, before, after) and says so."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from server.domain.errors import NotYourHall
from server.services.commands import Actor
from server.services.context import Context
from server.services.events import Audited
from server.services.records import AuditEntry
from server.services.unit_of_work import UnitOfWork


def ensure_hall(actor: Actor, hall_id: str) -> None:
    """A manager acts on their own hall only; an admin (no hall) on any."""
    if actor.hall_id not in (None, hall_id):
        raise NotYourHall(hall=hall_id)


@dataclass(frozen=True)
class Audit:
    """Who changes things in this use case; `write` leaves one audit row per change."""

    uow: UnitOfWork
    ctx: Context
    actor: Actor

    def write(
        self,
        hall_id: str | None,
        action: str,
        subject: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
    ) -> None:
        """Write the row, and announce it to the hall's managers (an admin-only change, such
        as editing an admin account, belongs to no hall and is only written)."""
        entry = AuditEntry(hall_id, self.ctx.now, self.actor.user_id, action, subject, before,
                           after)  # fmt: skip
        written = self.uow.audit.record(entry)
        if hall_id is not None:
            self.uow.collect(Audited(hall_id, written))
