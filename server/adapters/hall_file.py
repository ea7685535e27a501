"""The hall file onto the domain: config's plain settings become the hall, its services and
windows and its policies, and the domain's own checks run on the way.

config/hall.py reads the file's shape and bounds; the rules of a hall are the domain's
(`check_service` and `check_window`, the same a manager's edit meets in the console). A rule
that refuses a value here is reported as the ConfigError of the file's key that holds it.
This is an adapter: it reads a file and hands the server domain objects (the catalogue store,
`init-db` and `serve` install them).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path

from config.errors import ConfigError
from config.hall import HallFile, ServiceSection, WindowSection, read_hall
from server.domain.appointments import AppointmentPolicy
from server.domain.booking_guard import MAX_CHALLENGE_BITS, SMS_PLUGIN_GROUP, SMS_SCHEMES
from server.domain.cases import CardPolicy
from server.domain.catalogue import Service, Window, WindowKind, check_service, check_window
from server.domain.errors import InvalidValue, PrefixTaken
from server.domain.hall import Hall, HallRules, OpeningHours, RoutingPolicy
from server.domain.limits import HallLimits
from server.domain.retention import RetentionPolicy

KINDS = [k.value for k in WindowKind]


@dataclass(frozen=True)
class WindowSpec:
    number: int
    name_zh: str
    name_en: str
    kind: WindowKind
    services: frozenset[str]


@dataclass(frozen=True)
class HallConfig:
    """A hall as its file sets it up, in the domain's terms."""

    hall: Hall
    services: list[Service]
    windows: list[WindowSpec]
    appointments: AppointmentPolicy = AppointmentPolicy()  # [appointments] (预约)
    cards: CardPolicy = CardPolicy()  # [cases]: deadline cards of promised matters
    privacy: RetentionPolicy = RetentionPolicy()  # [privacy]: days personal data is kept
    limits: HallLimits = HallLimits()  # [limits]: anti-hoarding and public rate limits


def load_hall(path: str | Path, *, enforce_hours: bool | None = None) -> HallConfig:
    """Read a hall file and build its hall; ConfigError names the first bad key."""
    return hall_config(read_hall(path), str(path), enforce_hours=enforce_hours)


def hall_config(file: HallFile, source: str, *, enforce_hours: bool | None = None) -> HallConfig:
    """The domain's hall of a read file; `source` names the file in errors."""
    services: list[Service] = []
    for i, s in enumerate(file.services):
        services.append(_service(s, services, source, f"services[{i}]"))
    windows = [
        _window(w, file.hall.id, services, source, f"windows[{i}]")
        for i, w in enumerate(file.windows)
    ]
    _check_guards(file, source)
    return HallConfig(
        hall=_hall(file, enforce_hours),
        services=services,
        windows=windows,
        appointments=AppointmentPolicy(**file.appointments.model_dump()),
        cards=CardPolicy(**file.cases.model_dump()),
        privacy=RetentionPolicy(**file.privacy.model_dump()),
        limits=HallLimits(**file.limits.model_dump()),
    )


def _hall(file: HallFile, enforce_hours: bool | None) -> Hall:
    hours = file.hours
    enforce = hours.enforce if enforce_hours is None else enforce_hours
    rules = file.rules
    return Hall(
        id=file.hall.id,
        name_zh=file.hall.name_zh,
        name_en=file.hall.name_en,
        timezone=file.hall.timezone,
        hours=OpeningHours(hours.periods(), enforce),
        rules=HallRules(
            **rules.model_dump(exclude={"routing"}),
            routing=RoutingPolicy(**rules.routing.model_dump()),
        ),
        notice_zh=file.hall.notice_zh,
        notice_en=file.hall.notice_en,
    )


def _service(s: ServiceSection, before: list[Service], source: str, at: str) -> Service:
    try:
        kinds = frozenset(WindowKind(k) for k in s.window_kinds)
    except ValueError:
        raise ConfigError(source, f"{at}.window_kinds", f"use {KINDS}", "窗口类型无效") from None
    # approved_at and department place the matter in the network (issue 15: being wired)
    fields = s.model_dump(exclude={"window_kinds", "approved_at", "department"})
    service = Service(**fields, window_kinds=kinds)
    try:
        check_service(service, before)
    except InvalidValue as e:
        raise _named(e, source, at) from None
    except PrefixTaken as e:
        taken = e.params
        raise ConfigError(
            source,
            f"{at}.prefix",
            f"prefix {taken['prefix']!r} is taken by {taken['service']!r}",
            f"前缀 {taken['prefix']!r} 已被 {taken['service']!r} 使用",
        ) from None
    return service


def _window(
    w: WindowSection, hall_id: str, services: list[Service], source: str, at: str
) -> WindowSpec:
    try:
        kind = WindowKind(w.kind)
    except ValueError:
        raise ConfigError(
            source, f"{at}.kind", f"must be one of {KINDS}", f"只能是 {KINDS} 之一"
        ) from None
    if w.services is None:  # a window serves every matter of its kind unless it lists some
        codes = frozenset(s.code for s in services if kind in s.window_kinds)
    else:
        codes = frozenset(w.services)
    window = Window(0, hall_id, w.number, w.name_zh, w.name_en, kind, codes)
    try:  # the file's windows have one number each (config/hall.py): none to compare with
        check_window(window, [], (s.code for s in services))
    except InvalidValue as e:
        raise _named(e, source, at) from None
    return WindowSpec(w.number, w.name_zh, w.name_en, kind, codes)


def _check_guards(file: HallFile, source: str) -> None:
    """The SMS sender is a built-in one or an installed plug-in's; the proof of work is at
    most as hard as the domain allows."""
    url = file.appointments.sms_url
    scheme = url.partition("://")[0] if "://" in url else ""
    plugins = {e.name for e in entry_points(group=SMS_PLUGIN_GROUP)}
    if scheme not in (*SMS_SCHEMES, *plugins):
        known = ", ".join(f"{s}://" for s in (*SMS_SCHEMES, *sorted(plugins)))
        raise ConfigError(source, "appointments.sms_url",
                          f"unknown SMS sender {url!r}, use one of {known}",
                          f"未知的短信发送方式 {url!r}，可用：{known}")  # fmt: skip
    if file.limits.challenge_bits > MAX_CHALLENGE_BITS:
        raise ConfigError(source, "limits.challenge_bits",
                          f"must be at most {MAX_CHALLENGE_BITS} (0: off)",
                          f"不能大于 {MAX_CHALLENGE_BITS}（0 表示关闭）")  # fmt: skip


def _named(error: InvalidValue, source: str, at: str) -> ConfigError:
    """The domain's refusal of a field, as the file's key: services[2].daily_cap."""
    p = error.params
    return ConfigError(source, f"{at}.{p['field']}", p["reason"], p["reason_zh"])
