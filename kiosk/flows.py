"""What a citizen does at the kiosk, one method each: take a number, read a guide and print
its checklist, check an appointment in, look a case up. The web layer only calls these."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal, Protocol, TypeVar
from zoneinfo import ZoneInfo

from config.kiosk import KioskConfig
from drivers.errors import DeviceError
from drivers.printer import CoverOpen, PaperOut, PrinterOffline
from kiosk.catalogue import ServiceEntry, elderly_choices, group_by_category, search
from kiosk.catalogue_cache import CatalogueCache
from kiosk.devices import Devices
from kiosk.errors import KioskError, NoPersonOnKiosk, ServerUnreachable, UnknownService
from kiosk.hall_client import HallClient
from kiosk.qr_image import qr_data_uri
from kiosk.receipts import checklist_job, ticket_print, windows_serving
from kiosk.session import Session
from kiosk.texts import both

log = logging.getLogger(__name__)

R = TypeVar("R")

TICKET_FIELDS = ("number", "service", "ahead", "priority", "estimated_minutes", "issued_at")


class Faces(Protocol):
    """The face flows (kiosk.face_flows.FaceFlows, which uses these flows: no import back)."""

    def check_in(self, request_key: str) -> dict[str, Any]: ...
    def identity_check(self, service: str) -> dict[str, Any]: ...
    def outcome_for(self, entry: ServiceEntry) -> str | None: ...
    def after_issue(self, kind: str | None, view: dict[str, Any]) -> dict[str, Any] | None: ...
    def call_staff(self, reason: str, service: str | None) -> dict[str, Any]: ...


@dataclass
class ServerHealth:
    """Whether the last call reached the server, for the banner and the heartbeat."""

    ok: bool = True
    since: float = 0.0

    def mark(self, ok: bool) -> None:
        if ok != self.ok:
            self.ok, self.since = ok, time.monotonic()


class Flows:
    def __init__(
        self,
        cfg: KioskConfig,
        client: HallClient,
        devices: Devices,
        session: Session,
        cache: CatalogueCache,
        on_print_fault: Callable[[], None] | None = None,
    ) -> None:
        self.cfg, self.client, self.devices = cfg, client, devices
        self.session, self.cache = session, cache
        self.server = ServerHealth()
        self.on_print_fault = on_print_fault
        self.faces: Faces | None = None  # face check-in and the person-ID check (人证核验)
        # The number of the ticket last shown (the server's answer): the voice says this one.
        self.shown_number: str | None = None

    def today(self) -> date:
        return datetime.now(ZoneInfo(self.cfg.timezone)).date()

    def _server(self, call: Callable[[], R]) -> R:
        try:
            result = call()
        except ServerUnreachable:
            self.server.mark(False)
            raise
        self.server.mark(True)
        return result

    # Choosing a service.

    def services(self, query: str = "", elderly: bool = False) -> dict[str, Any]:
        entries = self._server(self.cache.entries)
        if elderly:
            chosen = elderly_choices(entries, self.cfg.elderly_services)
            return {"results": [e.view() for e in chosen]}
        if query.strip():
            return {"results": [e.view() for e in search(entries, query)]}
        return {"groups": group_by_category(entries)}

    # Taking a number.

    def take_number(self, service: str, request_key: str, green_channel: bool) -> dict[str, Any]:
        """Issue on the server (never locally), then print; the screen shows it in any case."""
        entry = self._server(lambda: self.cache.entry(service))
        if entry is None:
            raise UnknownService(service)
        person = self.session.person
        identity = self.faces.outcome_for(entry) if self.faces else None
        priority = None
        if (
            green_channel
            and person
            and person.green_channel(self.today(), self.cfg.green_channel_age)
        ):
            priority = "elderly"
        view = self._server(
            lambda: self.client.issue_ticket(
                service,
                request_key,
                priority=priority,
                id_number=person.id_number if person else None,
                name=person.name if person else None,
            )
        )
        result = self._deliver(view)
        if self.faces is not None:
            result["identity"] = self.faces.after_issue(identity, view)
        return result

    def _deliver(self, view: dict[str, Any]) -> dict[str, Any]:
        """Print the server's ticket (when the printer can) and return what the screen shows."""
        service = (view.get("service") or {}).get("code", "")
        try:  # the number is issued: a catalogue that cannot be refreshed must not hide it
            entry = self.cache.entry(service) if service else None
        except KioskError:
            entry = None
        status_url = self.cfg.ticket_url.format(server_url=self.cfg.server_url, token=view["token"])
        materials = entry.guide.materials_zh if entry and entry.guide else ()
        printed, fault = self._print_ticket(view, service, status_url, materials)
        self.shown_number = view.get("number")
        return {
            "ticket": {k: view.get(k) for k in TICKET_FIELDS},
            "qr": qr_data_uri(status_url),
            "printed": printed,
            "print_fault": fault,
            "materials": list(materials),
            "notice": view.get("notice"),  # check-in: too early / too late, in the server's words
        }

    def _print_ticket(
        self, view: dict[str, Any], service: str, status_url: str, materials: tuple[str, ...]
    ) -> tuple[bool, dict[str, str] | None]:
        if not self.devices.printer_state.ok:
            return False, _fault_words(self.devices.printer_state.fault)
        ticket = ticket_print(
            view,
            hall_name=self.cfg.hall_name or self.cfg.hall,
            windows=windows_serving(self.cache.catalogue or {}, service),
            status_url=status_url,
            timezone=self.cfg.timezone,
            materials=materials,
            paper_mm=_paper(self.devices.paper_mm),
        )
        try:
            self.devices.print_ticket(ticket)
        except DeviceError as exc:
            if self.on_print_fault:
                self.on_print_fault()
            return False, _fault_words(exc.code)
        return True, None

    # The guide.

    def guide(self, service: str) -> dict[str, Any]:
        entry = self._server(lambda: self.cache.entry(service))
        if entry is None:
            raise UnknownService(service)
        return {"service": entry.view(), "guide": entry.guide.view() if entry.guide else None}

    def print_checklist(self, service: str) -> dict[str, Any]:
        entry = self._server(lambda: self.cache.entry(service))
        if entry is None or entry.guide is None:
            raise UnknownService(service)
        if not self.devices.printer_state.ok:  # the page hides the button; this is the backstop
            fault = self.devices.printer_state.fault
            raise {"printer_paper_out": PaperOut, "printer_cover_open": CoverOpen}.get(
                fault or "", PrinterOffline
            )(str(fault))
        job = checklist_job(
            entry.guide,
            entry.name_zh,
            entry.name_en,
            self.cfg.hall_name or self.cfg.hall,
            _paper(self.devices.paper_mm),
        )
        self.devices.print_raw(job)
        return {"printed": True}

    # Appointments and cases: check-in and look-up through the hall server.

    def check_in(self, method: str, request_key: str) -> dict[str, Any]:
        if method == "card":
            person = self.session.person
            if person is None:
                raise NoPersonOnKiosk()
            view = self._server(lambda: self.client.check_in(request_key, id_number=person.number))
            return self._deliver(view)
        try:
            code = self.devices.scan_qr()
        except DeviceError as exc:
            advice = both("error.camera_advice")
            raise KioskError(
                str(exc),
                code=exc.code,
                zh=f"{exc.zh}。{advice['zh']}",
                en=f"{exc.en}. {advice['en']}",
            ) from exc
        if code is None:
            raise KioskError("no QR code in the pictures", code="no_qr")
        return self._deliver(
            self._server(lambda: self.client.check_in(request_key, booking_code=code))
        )

    def look_up(self, case_number: str) -> dict[str, Any]:
        person = self.session.person
        if not case_number and person is None:
            raise NoPersonOnKiosk()
        return dict(
            self._server(
                lambda: self.client.look_up_cases(
                    case_number=case_number or None, id_number=person.number if person else None
                )
            )
        )


def _paper(mm: int) -> Literal[58, 80]:
    return 58 if mm == 58 else 80


def _fault_words(code: str | None) -> dict[str, str]:
    """Return what the ticket screen says when the printer could not print (zh, en)."""
    code = code if code in ("printer_paper_out", "printer_cover_open") else "printer_offline"
    return {"code": code, **both(f"print.{code}")}
