"""Halls, services and windows, as SqlHalls, SqlWindows and SqlCatalogueAdmin keep them."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import date

from server.domain.catalogue import Service, Window
from server.domain.errors import ConcurrentUpdate, NotFound, UnknownWindow
from server.domain.hall import Hall
from server.domain.ticket import TicketStatus
from tests.fakes.database import FakeDatabase, stored, unique_violation


class FakeHalls:
    def __init__(self, db: FakeDatabase) -> None:
        self.db = db

    def get(self, hall_id: str) -> Hall:
        if hall_id not in self.db.halls:
            raise NotFound(hall=hall_id)
        return copy.deepcopy(self.db.halls[hall_id])

    def services(self, hall_id: str) -> dict[str, Service]:
        """The hall's active services, by prefix then code."""
        active = [s for s, on in self.db.services.get(hall_id, {}).values() if on]
        return {s.code: s for s in sorted(active, key=lambda s: (s.prefix, s.code))}


class FakeWindows:
    def __init__(self, db: FakeDatabase) -> None:
        self.db = db

    def get(self, window_id: int) -> Window:
        if window_id not in self.db.windows:
            raise UnknownWindow(window=window_id)
        return _loaded(self.db.windows[window_id])

    def list(self, hall_id: str) -> list[Window]:
        mine = [w for w in self.db.windows.values() if w.hall_id == hall_id]
        return [_loaded(w) for w in sorted(mine, key=lambda w: w.number)]

    def of_clerk(self, user_id: int) -> Window | None:
        mine = [w for _, w in sorted(self.db.windows.items()) if w.clerk_id == user_id]
        return _loaded(mine[0]) if mine else None

    def save(self, window: Window) -> None:
        """Update where id and version match, else ConcurrentUpdate; bump the version."""
        old = self.db.windows.get(window.id)
        if old is None or old.version != window.version:
            raise ConcurrentUpdate(window=window.number)
        _check_number(self.db, window.hall_id, window.number, window.id)
        self.db.windows[window.id] = stored(window, version=window.version + 1, changes=[])
        window.version += 1


def _loaded(window: Window) -> Window:
    return replace(copy.deepcopy(window), changes=[])


def _check_number(db: FakeDatabase, hall_id: str, number: int, own_id: int | None) -> None:
    if any(w.hall_id == hall_id and w.number == number and w.id != own_id
           for w in db.windows.values()):  # fmt: skip
        raise unique_violation("windows", "hall_id", "number")


class FakeCatalogueAdmin:
    """Services (active or not), new windows and the hall's notice line."""

    def __init__(self, db: FakeDatabase) -> None:
        self.db = db

    def services(self, hall_id: str) -> list[tuple[Service, bool]]:
        rows = self.db.services.get(hall_id, {}).values()
        return sorted(rows, key=lambda row: (row[0].prefix, row[0].code))

    def add_service(self, hall_id: str, service: Service) -> None:
        offered = self.db.services.setdefault(hall_id, {})
        if service.code in offered:
            raise unique_violation("services", "hall_id", "code")
        offered[service.code] = (service, True)

    def save_service(self, hall_id: str, service: Service, active: bool) -> None:
        offered = self.db.services.get(hall_id, {})
        if service.code in offered:  # an UPDATE of no row changes nothing
            offered[service.code] = (service, active)

    def waiting_of_service(self, hall_id: str, day: date, code: str) -> int:
        return sum(
            1
            for row in self.db.tickets.values()
            if (row.ticket.hall_id, row.ticket.day, row.ticket.service_code) == (hall_id, day, code)
            and row.ticket.status is TicketStatus.WAITING
        )

    def add_window(self, window: Window) -> int:
        """Insert with version 0 and a new id (the window object keeps its own)."""
        _check_number(self.db, window.hall_id, window.number, None)
        window_id = self.db.next_id("windows")
        self.db.windows[window_id] = stored(window, id=window_id, version=0, changes=[])
        return window_id

    def set_notice(self, hall_id: str, notice_zh: str, notice_en: str) -> None:
        if hall_id in self.db.halls:
            self.db.halls[hall_id] = replace(
                self.db.halls[hall_id], notice_zh=notice_zh, notice_en=notice_en
            )
