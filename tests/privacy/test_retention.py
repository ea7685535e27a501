"""The retention purge on a real database: personal data of old rows is blanked, recent rows
keep theirs, no row disappears and every report figure stays the same; a second pass finds
nothing; a dry run changes nothing. Also `onewindow purge` and the [privacy] settings.

Two days in miniature go through the REST API: an old one (Tuesday 2025-06-10, more than a
year before "now") and a recent one (Friday 2026-11-20); "now" is Monday 2026-11-23 10:00 in
Shanghai. Each day: a booking checked in, a walk-in with an ID card, a transfer with a note,
a bad rating and its follow-up closed with a note, a case accepted and delivered by post. One
more case is accepted on the old day but delivered on the recent one: its retention counts
from delivery, so it keeps its applicant.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, insert, select

from config.errors import ConfigError
from server.adapters import tables
from server.adapters.face_store import face_templates
from server.adapters.hall_file import load_hall
from server.domain.personal import id_check_char
from server.domain.retention import RetentionPolicy
from server.services.retention import DailyPurge, PurgePersonalData, purge_personal_data
from tests.faults.conftest import make_hall, wait_until
from tests.server.conftest import EXAMPLE, HALL, OPEN_MONDAY

OLD_DAY = datetime(2025, 6, 10, 2, 0, tzinfo=UTC)  # Tuesday 10:00 in Shanghai
RECENT_DAY = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)  # Friday 10:00
POLICY = RetentionPolicy()  # 30 / 90 / 365 / 365 days
OLD_ID = "11010519800101123" + id_check_char("11010519800101123")
RECENT_ID = "43010219900202456" + id_check_char("43010219900202456")
PERSONAL = {
    "tickets": ("id_hash", "id_masked", "name_masked", "request_digest", "version"),
    "appointments": (
        "id_hash",
        "id_masked",
        "name_masked",
        "phone_masked",
        "phone_hash",
        "address_hash",
        "version",
    ),
    "cases": ("id_hash", "id_masked", "name_masked", "reason", "remedy", "tracking", "version"),
    "ticket_events": ("data",),
    "case_steps": ("data",),
    "audit_log": ("before", "after"),
    "follow_ups": ("note",),
}


def moves(clerk: Any, number: str, *bodies: dict[str, Any]) -> None:
    for body in bodies:
        r = clerk.post(f"/halls/{HALL}/cases/{number}/moves", body)
        assert r.status_code == 200, r.json


def a_day(hall: Any, at: datetime, id_number: str, name: str) -> dict[str, Any]:
    """One day in miniature; returns the case numbers and the tickets' tokens."""
    hall.clock.set(at)
    day = at.date().isoformat()  # 02:00 UTC: the same day in Shanghai
    booking = hall.anonymous().post(
        f"/halls/{HALL}/appointments",
        {"service": "social_security", "date": day, "start": "11:00", "name": name,
         "id_number": id_number, "phone": "13812345678"},
    )  # fmt: skip
    assert booking.status_code == 201, booking.json
    hall.clock.advance(minutes=45)  # 10:45: within the check-in window of the 11:00 slot
    checked = hall.kiosk().post(
        f"/halls/{HALL}/appointments/check-in",
        {"booking_code": booking.json["code"]},
        headers={"Idempotency-Key": f"in-{day}"},
    )
    assert checked.status_code == 201, checked.json
    walk_in = hall.issue("civil_affairs", id_number=id_number, name=name)
    second = hall.issue("civil_affairs", id_number=RECENT_ID if id_number == OLD_ID else OLD_ID,
                        name="赵六")  # fmt: skip
    two, three = hall.clerk("clerk1", window=2), hall.clerk("clerk2", window=3)
    called = two.post("/windows/2/call-next").json
    assert called["id"] == checked.json["id"], "the booking comes first"
    note = f"{name} 电话13812345678 身份证{id_number} 需要复核"
    assert two.post("/windows/2/transfer", {"window_id": 3, "note": note}).status_code == 200
    hall.clock.advance(seconds=5)
    assert three.post("/windows/3/call-next").json["id"] == checked.json["id"]
    assert three.post("/windows/3/finish", {"outcome": "done"}).status_code == 200
    rated = hall.anonymous().post(f"/tickets/{checked.json['token']}/rating", {"level": 2})
    assert rated.status_code == 201, rated.json
    manager = hall.clerk("manager")
    (follow_up,) = manager.get(f"/halls/{HALL}/board").json["followups"]
    closed = manager.post(f"/followups/{follow_up['id']}/close", {"note": f"已致电{name}致歉"})
    assert closed.status_code == 200, closed.json
    cases = []
    for expected in (walk_in, second):
        hall.clock.advance(seconds=5)
        assert two.post("/windows/2/call-next").json["number"] == expected["number"]
        done = two.post("/windows/2/finish", {"outcome": "accepted"})
        assert done.status_code == 200 and done.json["case"], done.json
        cases.append(done.json["case"]["number"])
    hall.clock.advance(hours=1)
    moves(two, cases[0], {"action": "review"},
          {"action": "reject", "reason": f"{name}材料不全", "remedy": "可于60日内申请复议"},
          {"action": "ready"},
          {"action": "deliver", "method": "post", "tracking": "SF1234567890"})  # fmt: skip
    return {"day": day, "delivered": cases[0], "open": cases[1]}


def dump(engine: Engine, leave_out: bool = False) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the tables the purge touches (optionally without the personal columns)."""
    out = {}
    with engine.connect() as conn:
        for name, personal in PERSONAL.items():
            table = tables.metadata.tables[name]
            columns = [c for c in table.c if not (leave_out and c.name in personal)]
            rows = conn.execute(select(*columns).order_by(table.c.id)).all()
            out[name] = [tuple(json.dumps(v, default=str) for v in r) for r in rows]
    return out


def reports(hall: Any, days: list[str]) -> list[Any]:
    manager = hall.clerk("manager")
    got = []
    for day in days:
        r = manager.get(f"/halls/{HALL}/reports?from={day}&to={day}")
        assert r.status_code == 200, r.json
        got.append(r.json)
    return got


def purge(hall: Any, dry_run: bool = False) -> dict[str, int]:
    result = hall.runtime.execute(purge_personal_data, PurgePersonalData(HALL, POLICY, dry_run))
    return asdict(result.rows)


def case_row(engine: Engine, number: str) -> Any:
    c = tables.cases.c
    with engine.connect() as conn:
        return conn.execute(select(tables.cases).where(c.number == number)).one()


def seed(hall: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    old = a_day(hall, OLD_DAY, OLD_ID, "张三明")
    recent = a_day(hall, RECENT_DAY, RECENT_ID, "李四光")
    clerk = hall.clerk("clerk1")
    moves(clerk, old["open"], {"action": "review"}, {"action": "approve"}, {"action": "ready"},
          {"action": "deliver", "method": "post", "tracking": "YT99887766"})  # fmt: skip
    a = tables.appointments.c
    with hall.engine.begin() as conn:  # a consented face template per booking (face_store.py)
        for row in conn.execute(select(a.id, a.day, a.starts_at)).all():
            conn.execute(
                insert(face_templates).values(
                    appointment_id=row.id,
                    hall_id=HALL,
                    day=row.day,
                    sealed=b"sealed",
                    consented_at=row.starts_at,
                    expires_at=row.starts_at + timedelta(hours=8),
                )
            )
    hall.clock.set(OPEN_MONDAY)
    return old, recent


def test_purge_blanks_only_old_personal_data_and_keeps_every_row_and_figure(hall):
    old, recent = seed(hall)
    engine = hall.engine
    days = [old["day"], recent["day"]]
    figures_before = reports(hall, days)
    kept_before = dump(engine, leave_out=True)
    everything_before = dump(engine)

    counted = purge(hall, dry_run=True)
    assert dump(engine) == everything_before, "a dry run changes nothing"
    assert counted == {
        "tickets": 2, "ticket_notes": 1, "appointments": 1, "cases": 1, "case_notes": 2,
        "audit": 1, "follow_up_notes": 1, "face_templates": 2,
    }, counted  # fmt: skip

    assert purge(hall) == counted
    assert dump(engine, leave_out=True) == kept_before, "every row and figure is kept"
    assert reports(hall, days) == figures_before
    assert purge(hall) == dict.fromkeys(counted, 0), "a second pass finds nothing"

    t, a = tables.tickets.c, tables.appointments.c
    with engine.connect() as conn:
        tickets = conn.execute(select(t.day, t.id_hash, t.id_masked, t.name_masked)).all()
        bookings = conn.execute(
            select(a.day, a.id_hash, a.name_masked, a.phone_masked, a.phone_hash, a.address_hash)
        ).all()
        notes = [r.data for r in conn.execute(select(tables.ticket_events.c.data))]
        follow_ups = [r.note for r in conn.execute(select(tables.follow_ups.c.note))]
        audit = [r.after for r in conn.execute(select(tables.audit_log.c.after))]
    old_day = date.fromisoformat(old["day"])
    assert [r.day for r in tickets if r.day == old_day and r[1:] != (None, None, None)] == []
    assert len([r for r in tickets if r.day != old_day and r.name_masked]) == 2, "recent: kept"
    for day, *personal in bookings:
        assert (personal == ["", "", "", None, None]) is (day == old_day), (day, personal)
    text = json.dumps([notes, follow_ups, audit], ensure_ascii=False)
    assert OLD_ID not in text and "张三明" not in text and "张" not in text.replace("李四光", "")
    assert "李四光" in text, "the recent day's notes are kept"

    gone, kept = case_row(engine, old["delivered"]), case_row(engine, old["open"])
    assert (gone.id_hash, gone.name_masked, gone.reason, gone.tracking) == (None, None, "", "")
    assert gone.status == "delivered" and gone.remedy == ""
    assert kept.name_masked == "赵*" and kept.tracking == "YT99887766", "delivered recently"
    fresh = case_row(engine, recent["delivered"])
    assert fresh.name_masked == "李*光" and fresh.reason == "李四光材料不全"
    steps = tables.case_steps.c
    with engine.connect() as conn:
        old_steps = conn.execute(select(steps.data).where(steps.case_id == gone.id)).all()
    assert all("tracking" not in s.data and "reason" not in s.data for s in old_steps)


def test_a_purged_case_no_longer_answers_a_look_up_by_id(hall):
    old, recent = seed(hall)
    purge(hall)
    kiosk = hall.kiosk()
    found = kiosk.post(f"/halls/{HALL}/cases/lookup", {"id_number": OLD_ID}).json["cases"]
    assert [c["number"] for c in found] == [recent["open"]], "the old delivered case is gone"
    found = kiosk.post(f"/halls/{HALL}/cases/lookup", {"id_number": RECENT_ID}).json["cases"]
    assert {c["number"] for c in found} == {old["open"], recent["delivered"]}


def test_onewindow_purge_dry_run_then_for_real(sqlite_hall, monkeypatch):
    from server.cli import main

    hall = sqlite_hall
    old, _ = seed(hall)
    monkeypatch.setenv("ONEWINDOW_SECRET_KEY", "k" * 40)
    database = str(hall.engine.url)
    runner = CliRunner()
    before = dump(hall.engine)
    dry = runner.invoke(main, ["purge", "--dry-run", "--config", str(EXAMPLE),
                               "--database", database])  # fmt: skip
    assert dry.exit_code == 0, dry.output
    result = json.loads(dry.output.strip().splitlines()[-1])
    assert result["hall"] == HALL and result["dry_run"] is True
    assert result["rows"]["tickets"] >= 2 and dump(hall.engine) == before
    real = runner.invoke(main, ["purge", "--config", str(EXAMPLE), "--database", database])
    assert real.exit_code == 0, real.output
    assert case_row(hall.engine, old["delivered"]).id_hash is None


def test_the_daily_purge_runs_at_the_first_tick_then_once_a_day():
    daily = DailyPurge({HALL: POLICY})
    assert daily.due(HALL, OPEN_MONDAY) == PurgePersonalData(HALL, POLICY)
    assert daily.due(HALL, OPEN_MONDAY.replace(hour=20)) is None
    assert daily.due("other", OPEN_MONDAY) is None, "a hall without settings is left alone"
    assert daily.due(HALL, datetime(2026, 11, 24, 2, 0, tzinfo=UTC)) is not None


def test_privacy_settings_come_from_the_hall_file(tmp_path: Path):
    assert load_hall(EXAMPLE).privacy == RetentionPolicy(30, 90, 365, 365)
    text = EXAMPLE.read_text(encoding="utf-8")
    short = tmp_path / "short.toml"
    short.write_text(text.replace("appointment_days = 90", "appointment_days = 20"), "utf-8")
    with pytest.raises(ConfigError) as error:
        load_hall(short)
    assert "privacy.appointment_days" in str(error.value) and "60" in str(error.value)
    typo = tmp_path / "typo.toml"
    typo.write_text(text.replace("ticket_days = 30", "ticket_dayz = 30"), "utf-8")
    with pytest.raises(ConfigError, match="privacy.ticket_dayz"):
        load_hall(typo)


def test_a_serving_process_purges_at_its_first_tick(tmp_path: Path):
    hall = make_hall(tmp_path, f"sqlite:///{tmp_path / 'hall.db'}")
    at = datetime(2025, 1, 6, 2, 0, tzinfo=UTC)
    with hall.engine.begin() as conn:  # a ticket of a day long gone, still tied to a person
        conn.execute(insert(tables.tickets).values(
            hall_id=HALL, day=at.date(), number="A001", service_code="social_security",
            token="old-ticket", status="done", priority="normal", issued_at=at, queue_at=at,
            recall_count=0, rejoined=False, version=0, id_hash="h" * 64,
            id_masked="110***********1238", name_masked="张*明"))  # fmt: skip
    t = tables.tickets.c

    def blanked() -> bool:
        with hall.engine.connect() as conn:
            row = conn.execute(select(t.id_hash, t.name_masked, t.status)).one()
        return row == (None, None, "done")

    hall.server.start()
    try:
        wait_until("the old ticket's personal data purged", blanked)
    finally:
        hall.server.stop()
        hall.engine.dispose()
