"""The hall's tables: the hall itself, its services, windows and file settings."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

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
    # The optimistic version of a manager's edits (server/adapters/versioning.py).
    Column("version", Integer, nullable=False, default=0, server_default="0"),
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

# The hall file's [appointments] and [cases] settings (defaults when a hall has no row).
hall_policies = Table(
    "hall_policies",
    metadata,
    Column("hall_id", ForeignKey("halls.id"), primary_key=True),
    Column("appointments", JSON, nullable=False),
    Column("cards", JSON, nullable=False),
)
