"""The hall file: the hall, its hours, its rules, its services and windows, its policies.

Plain settings, as the file says them; the server builds the domain's hall from them and
checks the domain's rules on the way (server/adapters/hall_file.py). Here: the shape of the
file and the bounds of its numbers, each written once. Defaults are those of the domain
(tests/config/test_hall_file.py pins that a file without a section gets the domain's own).
"""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from config.model import (
    Code,
    Count,
    FileModel,
    NonNegative,
    Periods,
    Positive,
    Strings,
    TimeZone,
    problem,
    read_file,
)

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class HallSection(FileModel):
    """[hall]: `level` and `parent` place it in the district's tree (区、镇、村三级:
    server/domain/network.py); a hall without them is a district-level island."""

    id: Code
    name_zh: str
    name_en: str
    timezone: TimeZone = "Asia/Shanghai"
    notice_zh: str = ""
    notice_en: str = ""
    level: Literal["district", "town", "village"] = "district"
    parent: Code | None = None


class HoursSection(FileModel):
    """[hours]: opening periods per weekday; `enforce` false takes numbers at any time."""

    enforce: bool = True
    mon: Periods = ()
    tue: Periods = ()
    wed: Periods = ()
    thu: Periods = ()
    fri: Periods = ()
    sat: Periods = ()
    sun: Periods = ()

    def periods(self) -> dict[int, tuple[tuple[time, time], ...]]:
        """Weekday (0 = Monday) -> its periods."""
        return {index: getattr(self, day) for index, day in enumerate(DAYS)}


class RoutingSection(FileModel):
    """[rules.routing]: call-next routing (docs/routing.md)."""

    specialist_help_min_general_waiting: Positive = 1
    specialist_help_shortest_first: bool = False
    aging: Literal["red", "yellow", "off"] = "red"


class RulesSection(FileModel):
    """[rules]"""

    recall_limit: Count = 3
    rejoin_within_minutes: NonNegative = 30.0
    transfer_keeps_place: bool = True
    max_pause_minutes: Annotated[float, Field(ge=1)] = 15.0
    call_guard_seconds: NonNegative = 1.0
    carry_over_waiting: bool = False
    kiosk_offline_after_seconds: Annotated[float, Field(ge=1)] = 120.0
    routing: RoutingSection = RoutingSection()


class ServiceSection(FileModel):
    """[[services]]: a matter. Its codes, thresholds and cap are the domain's to check
    (server/domain/catalogue.check_service), as for a service the manager adds."""

    code: str
    name_zh: str
    name_en: str
    prefix: str
    window_kinds: Strings
    expected_minutes: float
    yellow_minutes: float = 20.0
    red_minutes: float = 40.0
    promised_days: int = 0
    daily_cap: int | None = None  # left out: no cap
    category: str = ""
    identity_check: bool = False
    # Where a case of this matter is approved (下放清单): here, or the town or district above.
    approved_at: Literal["accepting", "town", "district"] = "accepting"
    department: str = ""  # the approving back office (审批科室); left out: the category


class WindowSection(FileModel):
    """[[windows]]: a counter; without `services` it serves every service of its kind."""

    number: int
    name_zh: str
    name_en: str
    kind: str
    services: Strings | None = None


class AppointmentsSection(FileModel):
    """[appointments] (预约): slots, per-ID limits, the check-in window, no-show blocking
    (per ID number and per phone), the optional SMS code step."""

    slot_minutes: Positive = 30
    capacity: Positive = 4
    days_ahead: Positive = 7
    min_lead_minutes: Count = 30
    max_active_per_id: Positive = 3
    max_per_id_per_day: Positive = 2
    early_minutes: Count = 30
    late_minutes: Count = 15
    no_show_limit: Positive = 3
    no_show_window_days: Positive = 30
    block_days: Count = 30
    sms_url: str = "none://"  # the sender: built in or a plug-in's (checked by the server)
    sms_code_minutes: Positive = 10
    sms_per_phone_per_day: Positive = 5


class CasesSection(FileModel):
    """[cases]: a yellow card for the last working days, a red one once overdue."""

    yellow_last_days: Count = 1
    yellow_share: Annotated[float, Field(ge=0, le=1)] = 0.2
    followup_working_days: Positive = 1


class PrivacySection(FileModel):
    """[privacy]: days personal data is kept before the daily purge blanks it."""

    ticket_days: Positive = 30
    appointment_days: Positive = 90
    case_days: Positive = 365
    audit_days: Positive = 365


class LimitsSection(FileModel):
    """[limits]: numbers per kiosk and minute, per person and day, bookings per phone and
    day, public requests per client address and minute (防黄牛), the booking page's guards
    per client address (server/domain/booking_guard.py)."""

    kiosk_tickets_per_minute: Positive = 30
    tickets_per_id_per_day: Positive = 5
    bookings_per_phone_per_day: Positive = 10
    public_requests_per_minute: Positive = 60
    bookings_per_address_per_day: Positive = 20
    address_slot_share: Annotated[float, Field(gt=0, le=1)] = 0.5  # 1: off
    challenge_after_per_address: Count = 3
    challenge_bits: Count = 17  # 0: off; at most the domain's MAX_CHALLENGE_BITS (server checks)


class HallFile(FileModel):
    """A whole hall file."""

    hall: HallSection
    hours: HoursSection = HoursSection()
    rules: RulesSection = RulesSection()
    services: list[ServiceSection] = Field(min_length=1)
    windows: list[WindowSection] = Field(min_length=1)
    appointments: AppointmentsSection = AppointmentsSection()
    cases: CasesSection = CasesSection()
    privacy: PrivacySection = PrivacySection()
    limits: LimitsSection = LimitsSection()

    @field_validator("services")
    @classmethod
    def _one_per_code(cls, services: list[ServiceSection]) -> list[ServiceSection]:
        _unique([s.code for s in services])
        return services

    @field_validator("windows")
    @classmethod
    def _one_per_number(cls, windows: list[WindowSection]) -> list[WindowSection]:
        _unique([str(w.number) for w in windows])
        return windows

    @model_validator(mode="after")
    def _bookings_kept_long_enough(self) -> HallFile:
        needed = self.appointments.no_show_window_days + self.appointments.block_days
        if self.privacy.appointment_days < needed:  # the no-show rule reads that far back
            raise problem(
                f"must be at least no_show_window_days + block_days ({needed})",
                f"不得少于 no_show_window_days + block_days（{needed} 天）",
                key="privacy.appointment_days",
            )
        return self


def _unique(keys: list[str]) -> None:
    seen = [k for i, k in enumerate(keys) if k in keys[:i]]
    if seen:
        raise problem(f"duplicate {seen[0]!r}", f"重复的 {seen[0]!r}")


def read_hall(path: str | Path) -> HallFile:
    """Read a hall file (shape and bounds); ConfigError names the first bad key."""
    return read_file(HallFile, path)
