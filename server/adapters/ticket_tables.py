"""The line: day counters, tickets and their history, ratings and follow-ups, live alerts."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from server.adapters.schema import UtcDateTime, metadata

counters = Table(
    "counters",
    metadata,
    Column("hall_id", String(40), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("key", String(60), primary_key=True),
    Column("value", Integer, nullable=False),
)

tickets = Table(
    "tickets",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("hall_id", ForeignKey("halls.id"), nullable=False),
    Column("day", Date, nullable=False),
    Column("number", String(12), nullable=False),
    Column("service_code", String(40), nullable=False),
    Column("token", String(40), nullable=False, unique=True),
    Column("status", String(20), nullable=False),
    Column("priority", String(20), nullable=False),
    Column("issued_at", UtcDateTime, nullable=False),
    Column("queue_at", UtcDateTime, nullable=False),
    Column("window_id", ForeignKey("windows.id")),
    Column("target_window_id", ForeignKey("windows.id")),
    Column("recall_count", Integer, nullable=False, default=0),
    Column("called_at", UtcDateTime),
    Column("serving_at", UtcDateTime),
    Column("finished_at", UtcDateTime),
    Column("no_show_at", UtcDateTime),
    Column("rejoined", Boolean, nullable=False, default=False),
    Column("outcome", String(20)),
    Column("id_hash", String(64)),
    Column("id_masked", String(20)),
    Column("name_masked", String(60)),
    Column("request_key", String(80)),  # the caller's Idempotency-Key, hashed with its device
    Column("request_digest", String(64)),  # what that request asked for: a retry must match
    Column("device_id", ForeignKey("devices.id")),
    Column("version", Integer, nullable=False, default=0),
    UniqueConstraint("hall_id", "day", "number", name="uq_tickets_hall_day_number"),
    UniqueConstraint("hall_id", "request_key", name="uq_tickets_hall_request_key"),
    # A day's tickets by status and place in line (the newest place waiting: an index read).
    Index("ix_tickets_hall_day_status", "hall_id", "day", "status", "queue_at"),
    Index("ix_tickets_window_status", "window_id", "status"),  # what a window holds now
)

ticket_events = Table(
    "ticket_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("ticket_id", ForeignKey("tickets.id"), nullable=False, index=True),
    Column("hall_id", String(40), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("from_status", String(20)),
    Column("to_status", String(20), nullable=False),
    Column("window_id", Integer),
    Column("actor_id", Integer),
    Column("data", JSON, nullable=False),
    Index("ix_ticket_events_hall_at", "hall_id", "at"),
)

ratings = Table(
    "ratings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("ticket_id", ForeignKey("tickets.id"), nullable=False, unique=True),
    Column("hall_id", String(40), nullable=False),
    Column("window_id", Integer),
    Column("level", Integer, nullable=False),
    Column("reasons", JSON, nullable=False),
    Column("at", UtcDateTime, nullable=False),
)

follow_ups = Table(
    "follow_ups",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("rating_id", ForeignKey("ratings.id"), nullable=False, unique=True),
    Column("hall_id", String(40), nullable=False),
    Column("opened_at", UtcDateTime, nullable=False),
    Column("due_at", UtcDateTime),  # end of its last working day (migration 0008)
    Column("closed_at", UtcDateTime),
    Column("closed_by", Integer),
    Column("note", Text, nullable=False, default=""),
)

active_alerts = Table(
    "active_alerts",
    metadata,
    Column("hall_id", String(40), primary_key=True),
    Column("kind", String(30), primary_key=True),
    Column("subject", String(60), primary_key=True),
    Column("level", String(10), nullable=False),
    Column("since", UtcDateTime, nullable=False),
    Column("data", JSON, nullable=False),
)
