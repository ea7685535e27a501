"""The kiosk health rules, pure: silence -> offline, faults -> warnings (time injected)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from server.domain.alerts import Level
from server.domain.device_health import KioskHealth, fault_alerts, is_silent

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
AFTER = timedelta(seconds=90)


def test_a_kiosk_is_silent_only_after_more_than_n_seconds() -> None:
    assert not is_silent(NOW - timedelta(seconds=89), NOW, AFTER)
    assert not is_silent(NOW - AFTER, NOW, AFTER)  # exactly N s: not yet
    assert is_silent(NOW - AFTER - timedelta(microseconds=1), NOW, AFTER)
    assert is_silent(None, NOW, AFTER)  # never heard from


def test_a_clock_stepped_back_does_not_make_a_kiosk_silent() -> None:
    assert not is_silent(NOW + timedelta(seconds=30), NOW, AFTER)


def test_faults_worst_first_and_an_offline_kiosk_shows_only_offline() -> None:
    healthy = KioskHealth(1, "1号取号机", True, True, "ok", "ok", "ok")
    assert healthy.faults() == []
    sick = KioskHealth(1, "1号取号机", True, True, "low", "missing", "failed")
    assert sick.faults() == ["paper_low", "reader_missing", "camera_failed"]
    out = KioskHealth(1, "k", True, False, "out", "error", "none")
    assert out.faults() == ["paper_out", "reader_error"]  # out of paper says it all
    dead = KioskHealth(1, "k", True, False, "unknown", "ok", "ok")
    assert dead.faults() == ["printer_offline"]
    offline = KioskHealth(1, "k", False, False, "out", "error", "failed")
    assert offline.faults() == ["offline"]  # its last report is stale
    never = KioskHealth(1, "k", True)
    assert never.faults() == []


def test_fault_alerts_name_the_kiosk_only() -> None:
    since = NOW - timedelta(minutes=3)
    kiosks = [
        KioskHealth(7, "东门取号机", True, True, "out", "missing", "ok", since),
        KioskHealth(8, "西门取号机", False, since=since),
        KioskHealth(9, "北门取号机", True, True, "ok", "ok", "ok", since),
    ]
    alerts = fault_alerts(kiosks, NOW)
    assert [(a.subject, a.level) for a in alerts] == [
        ("device:7:paper_out", Level.RED),
        ("device:7:reader_missing", Level.YELLOW),
        ("device:8:offline", Level.RED),
    ]
    assert all(a.kind == "kiosk_fault" and a.since == since for a in alerts)
    assert alerts[0].data == {"name": "东门取号机", "fault": "paper_out"}
    assert fault_alerts([KioskHealth(3, "k", False)], NOW)[0].since == NOW
