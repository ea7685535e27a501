"""Consented face templates (刷脸签到), sealed with AES-GCM, and the kiosks' calls for staff.

Only the SFace embedding is kept, never a picture: 128 float32 numbers sealed with AES-GCM
(a fresh 96-bit nonce per template, the hall and appointment as associated data so a row
copied onto another booking does not open). The key comes from $ONEWINDOW_FACE_KEY (32 bytes,
URL-safe base64) or is derived from the installation's secret key (var/secret.key) with HKDF.
A template expires at the end of its booking's day plus the configured days (default 0);
`purge_expired_face_templates` deletes the expired ones.
"""

from __future__ import annotations

import base64
import os
import struct
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Date,
    Engine,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    delete,
    insert,
    select,
)

from server.adapters.schema import UtcDateTime, metadata

KEY_ENV = "ONEWINDOW_FACE_KEY"
DIMENSIONS = 128  # SFace
NONCE_BYTES = 12

face_templates = Table(
    "face_templates",
    metadata,
    Column("appointment_id", ForeignKey("appointments.id"), primary_key=True),
    Column("hall_id", String(40), nullable=False),
    Column("day", Date, nullable=False),  # the booking's day: today's gallery
    Column("sealed", LargeBinary, nullable=False),  # nonce + AES-GCM(embedding) + tag
    Column("consented_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Index("ix_face_templates_hall_day", "hall_id", "day"),
    Index("ix_face_templates_expires_at", "expires_at"),
)

# A kiosk asking for staff: a failed person-ID check, or a ticket whose check is manual.
help_requests = Table(
    "help_requests",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("hall_id", String(40), nullable=False),
    Column("device_id", Integer, nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("reason", String(30), nullable=False),
    Column("service_code", String(40)),
    Column("ticket_id", ForeignKey("tickets.id")),
    Index("ix_help_requests_hall_at", "hall_id", "at"),
)


def face_key(secret: str) -> bytes:
    """The 256-bit template key: $ONEWINDOW_FACE_KEY, else HKDF-SHA256 of the secret key."""
    raw = os.environ.get(KEY_ENV, "").strip()
    if raw:
        key = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
        if len(key) != 32:
            raise ValueError(f"{KEY_ENV} must be 32 bytes in URL-safe base64")
        return key
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"onewindow face v1")
    return hkdf.derive(secret.encode("utf-8"))


class TemplateVault:
    """Seal and open embeddings with AES-GCM."""

    def __init__(self, key: bytes) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        self._aead = AESGCM(key)

    def seal(self, embedding: Sequence[float], bound_to: str) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        plain = struct.pack(f"<{DIMENSIONS}f", *embedding)
        return nonce + self._aead.encrypt(nonce, plain, bound_to.encode())

    def open(self, sealed: bytes, bound_to: str) -> list[float]:
        nonce, body = sealed[:NONCE_BYTES], sealed[NONCE_BYTES:]
        return list(
            struct.unpack(f"<{DIMENSIONS}f", self._aead.decrypt(nonce, body, bound_to.encode()))
        )


def _bound(hall_id: str, appointment_id: int) -> str:
    return f"{hall_id}/{appointment_id}"


class SqlFaceTemplates:
    """The templates of one transaction (a use case's unit of work)."""

    def __init__(self, conn: Connection, vault: TemplateVault) -> None:
        self.conn, self.vault = conn, vault

    def put(self, hall_id: str, appointment_id: int, day: date, embedding: Sequence[float],
            consented_at: datetime, expires_at: datetime) -> None:  # fmt: skip
        """Store (or replace) a booking's template."""
        self.drop(appointment_id)
        row = {"appointment_id": appointment_id, "hall_id": hall_id, "day": day,
               "sealed": self.vault.seal(embedding, _bound(hall_id, appointment_id)),
               "consented_at": consented_at, "expires_at": expires_at}  # fmt: skip
        self.conn.execute(insert(face_templates).values(row))

    def drop(self, appointment_id: int) -> bool:
        t = face_templates.c
        result = self.conn.execute(delete(face_templates).where(t.appointment_id == appointment_id))
        return bool(result.rowcount)

    def of_day(self, hall_id: str, day: date, now: datetime) -> dict[int, list[float]]:
        """The unexpired templates of a day's bookings, opened: appointment id -> embedding."""
        t = face_templates.c
        rows = self.conn.execute(
            select(t.appointment_id, t.sealed).where(
                t.hall_id == hall_id, t.day == day, t.expires_at > now
            )
        )
        return {r.appointment_id: self.vault.open(r.sealed, _bound(hall_id, r.appointment_id))
                for r in rows}  # fmt: skip

    def add_help_request(self, hall_id: str, device_id: int, at: datetime, reason: str,
                         service_code: str | None, ticket_id: int | None) -> int:  # fmt: skip
        row = {"hall_id": hall_id, "device_id": device_id, "at": at, "reason": reason,
               "service_code": service_code, "ticket_id": ticket_id}  # fmt: skip
        key = self.conn.execute(insert(help_requests).values(row)).inserted_primary_key
        assert key is not None  # a single-row insert always has its key
        return int(key[0])


def face_templates_of(vault: TemplateVault) -> Callable[[Any], SqlFaceTemplates]:
    """The store factory a face use case is handed: the unit of work's connection + the key."""
    return lambda uow: SqlFaceTemplates(uow.conn, vault)


def purge_expired_face_templates(engine_or_uow: Engine | Any, now: datetime) -> int:
    """Delete every template whose expiry has passed; return how many went."""
    statement = delete(face_templates).where(face_templates.c.expires_at <= now)
    if isinstance(engine_or_uow, Engine):
        with engine_or_uow.begin() as conn:
            return int(conn.execute(statement).rowcount)
    conn = getattr(engine_or_uow, "conn", engine_or_uow)
    return int(conn.execute(statement).rowcount)
