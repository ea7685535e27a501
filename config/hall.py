"""The hall file: the hall, its hours, its rules, its services and windows."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from config.reader import Table, load_toml
from server.domain.appointments import AppointmentPolicy
from server.domain.booking_guard import MAX_CHALLENGE_BITS, SMS_PLUGIN_GROUP, SMS_SCHEMES
from server.domain.cases import CardPolicy
from server.domain.catalogue import Service, WindowKind
from server.domain.hall import Hall, HallRules, OpeningHours, RoutingPolicy
from server.domain.limits import HallLimits
from server.domain.retention import RetentionPolicy

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SPAN = re.compile(r"^(\d{2}:\d{2})-(\d{2}:\d{2})$")
CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


@dataclass(frozen=True)
class WindowSpec:
    number: int
    name_zh: str
    name_en: str
    kind: WindowKind
    services: frozenset[str]


@dataclass(frozen=True)
class HallConfig:
    hall: Hall
    services: list[Service]
    windows: list[WindowSpec]
    appointments: AppointmentPolicy = AppointmentPolicy()  # [appointments] (预约)
    cards: CardPolicy = CardPolicy()  # [cases]: deadline cards of promised matters
    privacy: RetentionPolicy = RetentionPolicy()  # [privacy]: days personal data is kept
    limits: HallLimits = HallLimits()  # [limits]: anti-hoarding and public rate limits


def load_hall(path: str | Path, *, enforce_hours: bool | None = None) -> HallConfig:
    """Read and validate a hall file; ConfigError names the first bad key."""
    root = Table(load_toml(path), str(path), "")
    hall_t = root.table("hall")
    hours = _hours(root.table("hours"))
    if enforce_hours is not None:
        hours = OpeningHours(hours.periods, enforce_hours)
    hall = Hall(
        id=_code(hall_t, "id"),
        name_zh=hall_t.get("name_zh", str),
        name_en=hall_t.get("name_en", str),
        timezone=_timezone(hall_t),
        hours=hours,
        rules=_rules(root.table("rules")),
        notice_zh=hall_t.get("notice_zh", str, ""),
        notice_en=hall_t.get("notice_en", str, ""),
    )
    hall_t.finish()
    services = [_service(t) for t in root.tables("services")]
    _unique(root, "services", [s.code for s in services])
    windows = [_window(t, services) for t in root.tables("windows")]
    _unique(root, "windows", [str(w.number) for w in windows])
    appointments = _appointments(root.table("appointments"))
    cards = _cards(root.table("cases"))
    privacy = _privacy(root.table("privacy"), appointments)
    limits = _limits(root.table("limits"))
    root.finish()
    return HallConfig(hall, services, windows, appointments, cards, privacy, limits=limits)


def _unique(root: Table, name: str, keys: list[str]) -> None:
    seen = [k for i, k in enumerate(keys) if k in keys[:i]]
    if seen:
        raise root.error(name, f"duplicate {seen[0]!r}", f"重复的 {seen[0]!r}")
    if not keys:
        raise root.error(name, "at least one is required", "至少需要一项")


def _code(t: Table, name: str) -> str:
    value: str = t.get(name, str)
    if not CODE.match(value):
        raise t.error(name, "use lower-case letters, digits and _", "只能用小写字母、数字和下划线")
    return value


def _timezone(t: Table) -> str:
    value: str = t.get("timezone", str, "Asia/Shanghai")
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise t.error("timezone", f"unknown time zone {value!r}", "未知时区") from None
    return value


def _hours(t: Table) -> OpeningHours:
    periods: dict[int, tuple[tuple[time, time], ...]] = {}
    for index, day in enumerate(DAYS):
        spans = []
        for text in t.get(day, list, []):
            m = SPAN.match(text) if isinstance(text, str) else None
            try:
                start, end = (time.fromisoformat(g) for g in m.groups()) if m else (None, None)
            except ValueError:
                start = end = None
            if start is None or end is None or start >= end:
                raise t.error(
                    day, f"bad period {text!r}, use 'HH:MM-HH:MM'", "时段格式应为 HH:MM-HH:MM"
                )
            spans.append((start, end))
        periods[index] = tuple(spans)
    enforce = t.get("enforce", bool, True)
    t.finish()
    return OpeningHours(periods, enforce)


def _rules(t: Table) -> HallRules:
    routing_t = t.table("routing")
    routing = RoutingPolicy(
        specialist_help_min_general_waiting=routing_t.integer(
            "specialist_help_min_general_waiting", 1, minimum=1
        ),
        specialist_help_shortest_first=routing_t.get("specialist_help_shortest_first", bool, False),
        aging=routing_t.choice("aging", ("red", "yellow", "off"), "red"),
    )
    routing_t.finish()
    rules = HallRules(
        recall_limit=t.integer("recall_limit", 3),
        rejoin_within_minutes=t.number("rejoin_within_minutes", 30.0),
        transfer_keeps_place=t.get("transfer_keeps_place", bool, True),
        max_pause_minutes=t.number("max_pause_minutes", 15.0, minimum=1),
        call_guard_seconds=t.number("call_guard_seconds", 1.0),
        carry_over_waiting=t.get("carry_over_waiting", bool, False),
        kiosk_offline_after_seconds=t.number("kiosk_offline_after_seconds", 120.0, minimum=1),
        routing=routing,
    )
    t.finish()
    return rules


def _service(t: Table) -> Service:
    prefix: str = t.get("prefix", str)
    if not re.fullmatch(r"[A-Z]", prefix):
        raise t.error("prefix", "must be one capital letter A-Z", "必须是一个大写字母 A-Z")
    kinds = t.strings("window_kinds")
    if not kinds:
        raise t.error("window_kinds", "name at least one window kind", "至少指定一种窗口类型")
    try:
        window_kinds = frozenset(WindowKind(k) for k in kinds)
    except ValueError:
        raise t.error(
            "window_kinds", f"use {[k.value for k in WindowKind]}", "窗口类型无效"
        ) from None
    yellow = t.number("yellow_minutes", 20.0)
    red = t.number("red_minutes", 40.0)
    if red <= yellow:
        raise t.error(
            "red_minutes", "must be greater than yellow_minutes", "红牌时限须大于黄牌时限"
        )
    cap = t.integer("daily_cap", None, minimum=1)
    service = Service(
        code=_code(t, "code"),
        name_zh=t.get("name_zh", str),
        name_en=t.get("name_en", str),
        prefix=prefix,
        window_kinds=window_kinds,
        expected_minutes=t.number("expected_minutes", minimum=0.5),
        yellow_minutes=yellow,
        red_minutes=red,
        promised_days=t.integer("promised_days", 0),
        daily_cap=cap,
        category=t.get("category", str, ""),
        identity_check=t.get("identity_check", bool, False),
    )
    t.finish()
    return service


def _window(t: Table, services: list[Service]) -> WindowSpec:
    kind = WindowKind(t.choice("kind", [k.value for k in WindowKind]))
    known = {s.code for s in services}
    listed = t.strings("services", None)
    if listed is None:  # a general or consultation window serves every matter of its kind
        codes = frozenset(s.code for s in services if kind in s.window_kinds)
    else:
        unknown = [c for c in listed if c not in known]
        if unknown:
            raise t.error("services", f"unknown service {unknown[0]!r}", f"未知事项 {unknown[0]!r}")
        codes = frozenset(listed)
    spec = WindowSpec(
        number=t.integer("number", minimum=1),
        name_zh=t.get("name_zh", str),
        name_en=t.get("name_en", str),
        kind=kind,
        services=codes,
    )
    t.finish()
    return spec


def _appointments(t: Table) -> AppointmentPolicy:
    """[appointments]: slots, per-ID limits, the check-in window, no-show blocking (per ID
    number and per phone), the optional SMS code step."""
    d = AppointmentPolicy()
    ints: dict[str, Any] = {name: t.integer(name, getattr(d, name), minimum=1) for name in (
        "slot_minutes", "capacity", "days_ahead", "max_active_per_id", "max_per_id_per_day",
        "no_show_limit", "no_show_window_days", "sms_code_minutes",
        "sms_per_phone_per_day")}  # fmt: skip
    ints.update({name: t.integer(name, getattr(d, name), minimum=0) for name in (
        "min_lead_minutes", "early_minutes", "late_minutes", "block_days")})  # fmt: skip
    policy = AppointmentPolicy(**ints, sms_url=_sms_url(t, d.sms_url))
    t.finish()
    return policy


def _sms_url(t: Table, default: str) -> str:
    """The SMS sender by URL: a built-in scheme or an installed plug-in's."""
    value: str = t.get("sms_url", str, default)
    scheme = value.partition("://")[0] if "://" in value else ""
    plugins = {e.name for e in entry_points(group=SMS_PLUGIN_GROUP)}
    if scheme not in (*SMS_SCHEMES, *plugins):
        known = ", ".join(f"{s}://" for s in (*SMS_SCHEMES, *sorted(plugins)))
        raise t.error("sms_url", f"unknown SMS sender {value!r}, use one of {known}",
                      f"未知的短信发送方式 {value!r}，可用：{known}")  # fmt: skip
    return value


def _cards(t: Table) -> CardPolicy:
    """[cases]: a yellow card for the last working days, a red one once overdue."""
    share = t.number("yellow_share", CardPolicy().yellow_share)
    if share > 1:
        raise t.error("yellow_share", "must be between 0 and 1", "须在 0 到 1 之间")
    followup = t.integer("followup_working_days", CardPolicy().followup_working_days, minimum=1)
    policy = CardPolicy(t.integer("yellow_last_days", CardPolicy().yellow_last_days), share,
                        followup)  # fmt: skip
    t.finish()
    return policy


def _privacy(t: Table, bookings: AppointmentPolicy) -> RetentionPolicy:
    """[privacy]: days personal data is kept before the daily purge blanks it."""
    d = RetentionPolicy()
    policy = RetentionPolicy(
        **{name: t.integer(name, getattr(d, name), minimum=1)
           for name in ("ticket_days", "appointment_days", "case_days", "audit_days")}
    )  # fmt: skip
    needed = bookings.no_show_window_days + bookings.block_days
    if policy.appointment_days < needed:  # the no-show rule reads that far back
        raise t.error(
            "appointment_days",
            f"must be at least no_show_window_days + block_days ({needed})",
            f"不得少于 no_show_window_days + block_days（{needed} 天）",
        )
    t.finish()
    return policy


def _limits(t: Table) -> HallLimits:
    """[limits]: numbers per kiosk and minute, per person and day, bookings per phone and day,
    public requests per client address and minute (防黄牛), the booking page's guards per
    client address (server/domain/booking_guard.py)."""
    d = HallLimits()
    counts: dict[str, Any] = {name: t.integer(name, getattr(d, name), minimum=1) for name in (
        "kiosk_tickets_per_minute", "tickets_per_id_per_day", "bookings_per_phone_per_day",
        "public_requests_per_minute", "bookings_per_address_per_day")}  # fmt: skip
    share = t.number("address_slot_share", d.address_slot_share)
    if not 0 < share <= 1:
        raise t.error("address_slot_share", "must be more than 0 and at most 1 (1: off)",
                      "须大于 0 且不超过 1（1 表示不限）")  # fmt: skip
    bits = t.integer("challenge_bits", d.challenge_bits)
    if bits > MAX_CHALLENGE_BITS:
        raise t.error("challenge_bits", f"must be at most {MAX_CHALLENGE_BITS} (0: off)",
                      f"不能大于 {MAX_CHALLENGE_BITS}（0 表示关闭）")  # fmt: skip
    after = t.integer("challenge_after_per_address", d.challenge_after_per_address)
    limits = HallLimits(**counts, address_slot_share=share, challenge_bits=bits,
                        challenge_after_per_address=after)  # fmt: skip
    t.finish()
    return limits
