"""Who acts in a hall: staff accounts with their live connections, devices, the audit log."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, ForeignKey, Index, Integer, String, Table

from server.adapters.schema import UtcDateTime, metadata

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
    # The optimistic version of the account's edits (server/adapters/versioning.py).
    Column("version", Integer, nullable=False, default=0, server_default="0"),
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
    # The optimistic version of a manager's edits (revoking): presence and health columns are
    # written atomically beside it, so a heartbeat never makes an edit stale.
    Column("version", Integer, nullable=False, default=0, server_default="0"),
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
