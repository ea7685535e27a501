"""What the face check-in use cases answer (server/services/face_check_in.py): frozen
dataclasses whose fields are the wire's keys. A check-in by face answers what any check-in
does (server/services/booking_results.py: CheckedInTicket, CheckedInOffWindow)."""

from __future__ import annotations

from dataclasses import dataclass

from server.services.views import ServiceRef


@dataclass(frozen=True, slots=True)
class HelpMessage:
    """What the managers read of a kiosk's call for staff, in Chinese and English."""

    zh: str
    en: str


@dataclass(frozen=True, slots=True)
class FaceEnrolAttempt:
    """A selfie upload counted against the booking's daily limit: its number and the limit."""

    attempt: int
    limit: int


@dataclass(frozen=True, slots=True)
class FaceConsent:
    """When the citizen consented to face check-in, and when the face template expires."""

    consented_at: str
    expires_at: str


@dataclass(frozen=True, slots=True)
class FaceEnrolled:
    """A booking's face template is kept (sealed) with the citizen's consent."""

    code: str
    face: FaceConsent


@dataclass(frozen=True, slots=True)
class FaceWithdrawn:
    """Consent withdrawn: the booking keeps no face (deleted: there was a template to delete)."""

    code: str
    face: None
    deleted: bool


@dataclass(frozen=True, slots=True)
class HelpingDevice:
    """The kiosk that called for staff."""

    id: int
    name: str


@dataclass(frozen=True, slots=True)
class HelpTicketRef:
    """The ticket whose holder's identity is to be checked at the window."""

    id: int | None
    number: str


@dataclass(frozen=True, slots=True)
class KioskHelpRequest:
    """A kiosk's call for staff: why, in the managers' words, from which kiosk, for which
    service and ticket (null: none named)."""

    id: int
    at: str
    reason: str
    message: HelpMessage
    device: HelpingDevice
    service: ServiceRef | None
    ticket: HelpTicketRef | None
