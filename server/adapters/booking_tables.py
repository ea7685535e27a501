"""Appointments (预约) with the SMS step's codes, and cases (办件) with their steps."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
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
