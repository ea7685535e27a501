"""The database schema (SQLAlchemy Core). Alembic migrations are written against it."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

# Tables kept beside their stores join the same metadata: face templates and help requests;
# rate counters, sign-in locks and hall limits.
from server.adapters import face_store, limits_store  # noqa: F401
from server.adapters.schema import UtcDateTime, metadata

halls = Table(
    "halls",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("name_zh", String(100), nullable=False),
    Column("name_en", String(100), nullable=False),
    Column("timezone", String(60), nullable=False),
    Column("hours", JSON, nullable=False),
    Column("rules", JSON, nullable=False),
    Column("notice_zh", Text, nullable=False, default=""),
    Column("notice_en", Text, nullable=False, default=""),
)

services = Table(
    "services",
    metadata,
    Column("hall_id", ForeignKey("halls.id"), primary_key=True),
    Column("code", String(40), primary_key=True),
    Column("name_zh", String(100), nullable=False),
    Column("name_en", String(100), nullable=False),
    Column("prefix", String(2), nullable=False),
    Column("window_kinds", String(60), nullable=False),
    Column("expected_minutes", Float, nullable=False),
    Column("yellow_minutes", Float, nullable=False),
    Column("red_minutes", Float, nullable=False),
    Column("promised_days", Integer, nullable=False, default=0),
    Column("daily_cap", Integer),
    Column("category", String(60), nullable=False, default=""),
    Column("active", Boolean, nullable=False, default=True),
    # the kiosk compares the live face with the ID card's photo (人证核验) for this service
    Column("identity_check", Boolean, nullable=False, default=False, server_default="0"),
)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(60), nullable=False, unique=True),
    Column("password_hash", String(255), nullable=False),
    Column("role", String(20), nullable=False),
    Column("hall_id", ForeignKey("halls.id")),
    Column("display_name", String(60), nullable=False, default=""),
    Column("active", Boolean, nullable=False, default=True),
    # Bumped by sign-out, password change, deactivation and role change: a session made under
    # an older version is over at once, in every process (its sockets are closed too).
    Column("session_version", Integer, nullable=False, default=0, server_default="0"),
)

# A signed-in user's live Socket.IO connections (any process): revoking the user's sessions
# disconnects each of them through the message queue.
staff_connections = Table(
    "staff_connections",
    metadata,
    Column("sid", String(64), primary_key=True),
    Column("user_id", ForeignKey("users.id"), nullable=False, index=True),
    Column("connected_at", UtcDateTime, nullable=False),
)

windows = Table(
    "windows",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("hall_id", ForeignKey("halls.id"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("name_zh", String(100), nullable=False),
    Column("name_en", String(100), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("services", Text, nullable=False),
    Column("state", String(20), nullable=False),
    Column("state_since", UtcDateTime),
    Column("pause_reason", String(200), nullable=False, default=""),
    Column("clerk_id", ForeignKey("users.id")),
    Column("last_called_at", UtcDateTime),
    Column("version", Integer, nullable=False, default=0),
    UniqueConstraint("hall_id", "number"),
)

devices = Table(
    "devices",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("hall_id", ForeignKey("halls.id"), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("name", String(100), nullable=False),
    Column("window_id", ForeignKey("windows.id")),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("revoked_at", UtcDateTime),
    # Presence: live Socket.IO connections (all processes), last contact, last HTTP request.
    Column("sockets", Integer, nullable=False, default=0, server_default="0"),
    Column("last_seen_at", UtcDateTime),
    Column("last_request_at", UtcDateTime),
    # What a kiosk last reported of its printer (None: never reported).
    Column("printer_online", Boolean),
    Column("printer_paper", String(20)),
    Column("printer_at", UtcDateTime),
    # Its ID-card reader and camera (state + typed reason), the last heartbeat, and since when
    # the server announced it offline (silent too long; cleared at its next contact).
    Column("reader_state", String(20)),
    Column("reader_reason", String(40)),
    Column("camera_state", String(20)),
    Column("camera_reason", String(40)),
    Column("health_at", UtcDateTime),
    Column("offline_at", UtcDateTime),
)

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

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("hall_id", String(40)),
    Column("at", UtcDateTime, nullable=False),
    Column("actor_id", Integer),
    Column("actor_name", String(60), nullable=False, default=""),
    Column("action", String(40), nullable=False),
    Column("subject", String(80), nullable=False),
    Column("before", JSON),
    Column("after", JSON),
    Index("ix_audit_log_hall_at", "hall_id", "at"),
)

appointments = Table(
    "appointments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("hall_id", ForeignKey("halls.id"), nullable=False),
    Column("code", String(12), nullable=False),
    Column("service_code", String(40), nullable=False),
    Column("day", Date, nullable=False),
    Column("start", String(5), nullable=False),  # HH:MM, the hall's local time
    Column("end", String(5), nullable=False),
    Column("starts_at", UtcDateTime, nullable=False),
    Column("id_hash", String(64), nullable=False),
    Column("id_masked", String(20), nullable=False),
    Column("name_masked", String(60), nullable=False),
    Column("phone_masked", String(20), nullable=False),
    Column("phone_hash", String(64)),  # keyed hash: no-show penalties per phone
    Column("address_hash", String(64)),  # keyed hash of the booking's client address
    Column("status", String(20), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("checked_in_at", UtcDateTime),
    Column("arrival", String(10)),
    Column("ticket_id", ForeignKey("tickets.id")),
    Column("history", JSON, nullable=False),
    Column("version", Integer, nullable=False, default=0),
    UniqueConstraint("hall_id", "code", name="uq_appointments_hall_code"),
    Index("ix_appointments_hall_id_hash", "hall_id", "id_hash"),
    Index("ix_appointments_hall_day", "hall_id", "day", "service_code"),
    Index("ix_appointments_hall_phone_hash", "hall_id", "phone_hash"),
)

# One-time codes of the optional SMS step of booking (only the code's hash is kept).
phone_verifications = Table(
    "phone_verifications",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("hall_id", ForeignKey("halls.id"), nullable=False),
    Column("phone_hash", String(64), nullable=False),
    Column("code_hash", String(64), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("verified_at", UtcDateTime),
    Index("ix_phone_verifications_hall_phone", "hall_id", "phone_hash"),
)

cases = Table(
    "cases",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("hall_id", ForeignKey("halls.id"), nullable=False),
    Column("number", String(20), nullable=False),
    Column("service_code", String(40), nullable=False),
    Column("ticket_id", ForeignKey("tickets.id")),
    Column("window_id", Integer),
    Column("accepted_at", UtcDateTime, nullable=False),
    Column("accepted_on", Date, nullable=False),
    Column("promised_days", Integer, nullable=False),
    Column("deadline", Date, nullable=False),
    Column("status", String(20), nullable=False),
    Column("id_hash", String(64)),
    Column("id_masked", String(20)),
    Column("name_masked", String(60)),
    Column("materials", JSON, nullable=False),
    Column("missing", JSON, nullable=False),
    Column("promise_date", Date),
    Column("reason", Text, nullable=False, default=""),
    Column("remedy", Text, nullable=False, default=""),
    Column("delivery", String(10)),
    Column("tracking", String(60), nullable=False, default=""),
    Column("version", Integer, nullable=False, default=0),
    UniqueConstraint("hall_id", "number", name="uq_cases_hall_number"),
    Index("ix_cases_hall_status", "hall_id", "status"),
    Index("ix_cases_hall_id_hash", "hall_id", "id_hash"),
)

case_steps = Table(
    "case_steps",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", ForeignKey("cases.id"), nullable=False, index=True),
    Column("hall_id", String(40), nullable=False),
    Column("action", String(20), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("from_status", String(20)),
    Column("to_status", String(20), nullable=False),
    Column("actor_id", Integer),
    Column("data", JSON, nullable=False),
)

# The hall file's [appointments] and [cases] settings (defaults when a hall has no row).
hall_policies = Table(
    "hall_policies",
    metadata,
    Column("hall_id", ForeignKey("halls.id"), primary_key=True),
    Column("appointments", JSON, nullable=False),
    Column("cards", JSON, nullable=False),
)
