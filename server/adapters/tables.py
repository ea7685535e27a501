"""The database schema (SQLAlchemy Core), one metadata; Alembic migrations are written against it.

The tables are defined by area (hall_tables, staff_tables, ticket_tables, booking_tables, and
beside their stores: face_store, limits_store) and all read from here: `tables.tickets`.
"""

from __future__ import annotations

# Tables kept beside their stores join the same metadata: face templates and help requests;
# rate counters, sign-in locks and hall limits.
from server.adapters import face_store, limits_store  # noqa: F401
from server.adapters.booking_tables import appointments, case_steps, cases, phone_verifications
from server.adapters.hall_tables import hall_policies, halls, services, windows
from server.adapters.schema import UtcDateTime, metadata
from server.adapters.staff_tables import audit_log, devices, staff_connections, users
from server.adapters.ticket_tables import (
    active_alerts,
    counters,
    follow_ups,
    ratings,
    ticket_events,
    tickets,
)

__all__ = [
    "UtcDateTime",
    "active_alerts",
    "appointments",
    "audit_log",
    "case_steps",
    "cases",
    "counters",
    "devices",
    "follow_ups",
    "hall_policies",
    "halls",
    "metadata",
    "phone_verifications",
    "ratings",
    "services",
    "staff_connections",
    "ticket_events",
    "tickets",
    "users",
    "windows",
]
