"""The kiosk's face flows: check-in by face (刷脸签到), the person-ID check before a number
for a service that requires it (人证核验), and calling staff when the check fails."""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from drivers.errors import DeviceError
from kiosk.catalogue import ServiceEntry
from kiosk.catalogue_cache import CatalogueCache
from kiosk.errors import KioskError, NoPersonOnKiosk, UnknownService
from kiosk.hall_client import HallClient
from kiosk.identity_check import IdentityCheck, outcome
from kiosk.session import Session
from kiosk.texts import both

log = logging.getLogger(__name__)

OUTCOME_VALID_SECONDS = 300.0  # a check outcome holds for the person this long
HELP_REASONS = {"failed": "identity_failed", "no_face": "identity_no_face"}

R = TypeVar("R")


class Host(Protocol):
    """What the face flows use of kiosk.flows.Flows (which holds them: no import back)."""

    client: HallClient
    session: Session
    cache: CatalogueCache

    def _server(self, call: Callable[[], R]) -> R: ...
    def _deliver(self, view: dict[str, Any]) -> dict[str, Any]: ...


class IdentityNotPassed(KioskError):
    """A number for this service needs a passed person-ID check, or staff."""

    code = "identity_not_passed"


class FaceFlows:
    def __init__(self, flows: Host, identity: IdentityCheck,
                 clock: Callable[[], float] = time.monotonic) -> None:  # fmt: skip
        self.flows, self.identity, self.capture = flows, identity, identity.capture
        self.clock = clock
        self._outcomes: dict[tuple[str, str], tuple[str, float]] = {}
        self._lock = threading.Lock()

    # Check-in by face: the embedding goes to the server, never the picture.

    def check_in(self, request_key: str) -> dict[str, Any]:
        try:
            embedding = self.capture.live_embedding()
        except DeviceError as exc:
            advice = both("error.camera_advice")
            raise KioskError(str(exc), code=exc.code, zh=f"{exc.zh}。{advice['zh']}",
                             en=f"{exc.en}. {advice['en']}") from exc  # fmt: skip
        client = self.flows.client
        view = self.flows._server(lambda: client.face_check_in(request_key, embedding))
        return dict(self.flows._deliver(view))

    # The person-ID check.

    def identity_check(self, service: str) -> dict[str, Any]:
        person = self.flows.session.person
        if person is None:
            raise NoPersonOnKiosk()
        entry = self._entry(service)
        if not entry.identity_check:
            return outcome("passed", required=False)
        result = self.identity.check(person)
        with self._lock:
            self._prune()
            self._outcomes[(_key(person.number), service)] = (result["outcome"], self.clock())
        return {**result, "required": True}

    def outcome_for(self, entry: ServiceEntry) -> str | None:
        """Before a number is issued: the person's check outcome for this service (None when
        no check applies); a failed check refuses the number until staff help."""
        person = self.flows.session.person
        if person is None or not entry.identity_check:
            return None
        with self._lock:
            self._prune()  # not checked here, or too long ago: "manual", the window checks
            kind, _ = self._outcomes.get((_key(person.number), entry.code), ("manual", 0.0))
        if kind in HELP_REASONS:
            raise IdentityNotPassed(kind)
        return kind

    def after_issue(self, kind: str | None, view: dict[str, Any]) -> dict[str, Any] | None:
        """A number whose identity is checked at the window: the server marks it for staff."""
        if kind != "manual":
            return None
        try:
            self.flows.client.ask_for_help("identity_manual", ticket_token=view.get("token"))
        except KioskError as exc:  # the number stands; the window checks the card anyway
            log.warning("marking the manual check failed: %s", exc)
        return outcome("manual")

    def call_staff(self, reason: str, service: str | None) -> dict[str, Any]:
        if reason not in HELP_REASONS:
            raise KioskError(reason, code="bad_request")
        self.flows._server(
            lambda: self.flows.client.ask_for_help(HELP_REASONS[reason], service=service)
        )
        return {"called": True, "message": both("identity.staff_called")}

    def _prune(self) -> None:
        """Forget outcomes older than OUTCOME_VALID_SECONDS (the person has long gone)."""
        now = self.clock()
        for key in [k for k, (_, at) in self._outcomes.items() if now - at > OUTCOME_VALID_SECONDS]:
            del self._outcomes[key]

    def _entry(self, service: str) -> ServiceEntry:
        entry = self.flows._server(lambda: self.flows.cache.entry(service))
        if entry is None:
            raise UnknownService(service)
        return entry


def _key(number: str) -> str:
    """Outcomes are kept by a digest of the card number, never the number itself."""
    return hashlib.sha256(number.encode("utf-8")).hexdigest()
