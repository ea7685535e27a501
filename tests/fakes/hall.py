"""A hall to run use cases in: a small district hall, tuned per test, and a runner that calls
a use case the way the runtime does (a fresh unit of work, the clock read once), minus the
retries, so a test sees every refusal. The runner takes any unit-of-work factory: the fake's,
or the SQL one's (the conformance test runs one scenario on both)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import time
from functools import cache
from typing import Any, TypeVar

from server.adapters.hall_file import HallConfig, WindowSpec
from server.domain.catalogue import Service, WindowKind
from server.domain.hall import Hall, HallRules, OpeningHours, RoutingPolicy
from server.services.commands import Actor
from server.services.unit_of_work import UnitOfWork
from tests.fakes.clock import FixedClock

HALL = "dingcheng"
CITIZEN = Actor(role="citizen", hall_id=None)
R = TypeVar("R")
WEEKDAY = ((time(8, 30), time(12, 0)), (time(13, 30), time(17, 30)))
GENERAL, SPECIAL = frozenset({WindowKind.GENERAL}), frozenset({WindowKind.SPECIAL})


def _service(code: str, prefix: str, kinds: frozenset[WindowKind], minutes: float,
             yellow: float, red: float, **more: Any) -> Service:  # fmt: skip
    return Service(code, code.replace("_", " "), code.replace("_", " ").title(), prefix, kinds,
                   minutes, yellow, red, **more)  # fmt: skip


def _window(number: int, kind: WindowKind, *services: str) -> WindowSpec:
    return WindowSpec(number, f"{number}号窗口", f"Window {number}", kind, frozenset(services))


@cache
def demo_hall() -> HallConfig:
    """A small district hall like config/hall.example.toml, written here so that these tests
    do not read the file: window 1 consults, 2-4 are general, 5 takes business registration,
    6 real estate. Open Monday to Friday 08:30-12:00 and 13:30-17:30, Saturday morning; the
    tuned routing (K = 2, shortest first, aging at red)."""
    hall = Hall(
        id=HALL, name_zh="鼎城区政务服务中心", name_en="Dingcheng Service Centre",
        timezone="Asia/Shanghai",
        hours=OpeningHours({**dict.fromkeys(range(5), WEEKDAY), 5: ((time(9), time(12)),)}),
        rules=HallRules(routing=RoutingPolicy(specialist_help_min_general_waiting=2,
                                              specialist_help_shortest_first=True)),
    )  # fmt: skip
    services = [
        _service("social_security", "A", GENERAL, 8, 20, 40, daily_cap=300),
        _service("medical_insurance", "B", GENERAL, 7, 20, 40, daily_cap=300),
        _service("civil_affairs", "C", GENERAL, 10, 25, 45, promised_days=5, category="民政"),
        _service("household", "D", GENERAL, 9, 20, 40),
        _service("business_registration", "F", SPECIAL, 12, 25, 50, promised_days=3),
        _service("real_estate", "H", SPECIAL, 15, 30, 60, promised_days=5),
        _service("consultation", "Z", frozenset({WindowKind.CONSULT}), 4, 10, 20),
    ]
    general = ("social_security", "medical_insurance", "civil_affairs", "household")
    windows = [
        _window(1, WindowKind.CONSULT, "consultation"),
        *(_window(n, WindowKind.GENERAL, *general) for n in (2, 3, 4)),
        _window(5, WindowKind.SPECIAL, "business_registration"),
        _window(6, WindowKind.SPECIAL, "real_estate"),
    ]
    return HallConfig(hall, services, windows)


def tuned(
    cfg: HallConfig,
    *,
    rules: dict[str, Any] | None = None,
    routing: dict[str, Any] | None = None,
    services: dict[str, dict[str, Any]] | None = None,
    appointments: dict[str, Any] | None = None,
    limits: dict[str, Any] | None = None,
) -> HallConfig:
    """The hall file with some settings changed, as a test's own file would say them."""
    hall_rules = cfg.hall.rules
    if routing:
        hall_rules = replace(hall_rules, routing=replace(hall_rules.routing, **routing))
    hall_rules = replace(hall_rules, **(rules or {}))
    changed = services or {}
    return replace(
        cfg,
        hall=replace(cfg.hall, rules=hall_rules),
        services=[replace(s, **changed.get(s.code, {})) for s in cfg.services],
        appointments=replace(cfg.appointments, **(appointments or {})),
        limits=replace(cfg.limits, **(limits or {})),
    )


class HallRun:
    def __init__(
        self, new_uow: Callable[[], Any], clock: FixedClock | None = None, hall_id: str = HALL
    ) -> None:
        self.new_uow = new_uow
        self.clock = clock or FixedClock()
        self.hall_id = hall_id

    def run(self, handler: Callable[..., R], *args: Any) -> R:
        """handler(*args, uow, ctx) in one unit of work: committed, or rolled back on error."""
        with self.new_uow() as uow:
            return handler(*args, uow, self.clock.context())

    def read(self, query: Callable[[UnitOfWork], R]) -> R:
        """Read through the ports in a unit of work of its own (what a view would see)."""
        with self.new_uow() as uow:
            return query(uow)

    def staff(self, username: str, role: str = "clerk") -> Actor:
        """A new staff account of the hall, as the actor its session would be."""
        user_id = self.read(lambda uow: uow.staff.add(username, "password!", role, self.hall_id,
                                                      username.title()))  # fmt: skip
        return Actor(role=role, hall_id=self.hall_id, user_id=user_id)

    def kiosk(self, name: str = "kiosk") -> Actor:
        """A new kiosk device of the hall, as the actor its token would be."""
        now = self.clock.now()
        added = self.read(lambda uow: uow.devices.add(self.hall_id, "kiosk", name, None, now))
        device_id, _ = added
        return Actor(role="kiosk", hall_id=self.hall_id, device_id=device_id)

    def window_id(self, number: int) -> int:
        windows = self.read(lambda uow: uow.windows.list(self.hall_id))
        return next(w.id for w in windows if w.number == number)
