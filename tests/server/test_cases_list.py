"""All cases by state (GET /halls/<hall>/cases): filtered by state, department and accepted
day, paged, newest first, applicants masked, another hall's cases never listed; lateness in
working days; each step of a case names its actor and window.

The clock stands at Monday 2026-11-23 10:00 in Shanghai (tests/server/conftest.py).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import insert, update

from server.adapters import tables
from server.adapters.catalogue_store import install_hall
from server.adapters.hall_file import load_hall
from tests.server.conftest import HALL
from tests.server.test_appointments_api import ZHANG
from tests.server.test_cases_api import accept

ROOT = Path(__file__).resolve().parents[2]
MONDAY = date(2026, 11, 23)


def add_case(hall, number, service, status, accepted_on, deadline, hall_id=HALL):
    with hall.engine.begin() as conn:
        conn.execute(insert(tables.cases).values(
            hall_id=hall_id, number=number, service_code=service, accepted_at=hall.clock.now(),
            accepted_on=accepted_on, promised_days=5, deadline=deadline, status=status,
            materials=[], missing=[], name_masked="李*", id_masked="110***********0011",
        ))  # fmt: skip


def seed(hall):
    """One real case (民政, accepted today) and five inserted ones of two departments."""
    clerk, done = accept(hall)
    add_case(hall, "20261102-0001", "real_estate", "approved", date(2026, 11, 2), date(2026, 11, 9))
    add_case(
        hall, "20261110-0001", "elderly_card", "in_review", date(2026, 11, 10), date(2026, 11, 17)
    )
    add_case(hall, "20261111-0001", "real_estate", "accepted", date(2026, 11, 11), MONDAY)
    add_case(
        hall, "20261112-0001", "civil_affairs", "delivered", date(2026, 11, 12), date(2026, 11, 19)
    )
    add_case(
        hall, "20261113-0001", "real_estate", "rejected", date(2026, 11, 13), date(2026, 11, 20)
    )
    install_hall(hall.engine, load_hall(ROOT / "config" / "hall.town.example.toml"))
    add_case(hall, "20261113-0009", "civil_affairs", "accepted", MONDAY, MONDAY, hall_id="xiaoxi")
    return clerk, done["case"]["number"]


def numbers(api, query=""):
    r = api.get(f"/halls/{HALL}/cases{query}")
    assert r.status_code == 200, r.json
    return [c["number"] for c in r.json["cases"]], r.json


def test_cases_are_listed_by_state_department_and_day(hall):
    clerk, real = seed(hall)
    every, body = numbers(clerk)
    assert every == [real, "20261113-0001", "20261112-0001", "20261111-0001", "20261110-0001",
                     "20261102-0001"]  # fmt: skip
    assert body["total"] == 6 and body["page"] == 1 and "20261113-0009" not in every
    assert numbers(clerk, "?state=running")[0] == [real, "20261111-0001", "20261110-0001"]
    assert numbers(clerk, "?state=rejected")[0] == ["20261113-0001"]
    assert numbers(clerk, "?state=delivered&department=民政")[0] == ["20261112-0001"]
    assert numbers(clerk, "?department=不动产")[0] == [
        "20261113-0001", "20261111-0001", "20261102-0001"]  # fmt: skip
    assert numbers(clerk, "?department=nothing")[0] == []
    assert numbers(clerk, "?from=2026-11-10&to=2026-11-12")[0] == [
        "20261112-0001", "20261111-0001", "20261110-0001"]  # fmt: skip
    assert numbers(clerk, "?from=2026-11-23")[0] == [real]
    assert numbers(clerk, "?page=2")[0] == []

    cases = {c["number"]: c for c in body["cases"]}
    mine = cases[real]
    assert mine["name_masked"] == "王*明" and mine["id_masked"].endswith(ZHANG[-4:])
    assert ZHANG not in str(body) and "id_hash" not in mine
    # lateness in working days: 11-17 (Tue) is 4 working days before Monday 11-23
    assert cases["20261110-0001"]["card"] == "red" and cases["20261110-0001"]["days_over"] == 4
    assert cases["20261111-0001"]["card"] == "yellow"
    assert cases["20261111-0001"]["days_left"] == 1 and cases["20261111-0001"]["days_over"] is None
    assert cases["20261113-0001"]["card"] is None and cases["20261113-0001"]["days_over"] is None
    assert mine["days_over"] is None and mine["days_left"] == 6


def test_bad_filters_are_refused_and_other_halls_and_roles_are_kept_out(hall):
    clerk, _ = seed(hall)
    for query, field in (
        ("?state=lost", "state"),
        ("?page=0", "page"),
        ("?page=x", "page"),
        ("?page=%D9%A3", "page"),
        ("?from=2026-11-20&to=2026-11-01", "to"),
    ):
        r = clerk.get(f"/halls/{HALL}/cases{query}")
        assert r.status_code == 400 and r.json["error"]["code"] == "invalid_value", query
        assert r.json["error"]["params"]["field"] == field
    for query in ("?from=23-11-2026", "?to=2026-11-31"):
        r = clerk.get(f"/halls/{HALL}/cases{query}")
        assert r.status_code == 400 and r.json["error"]["code"] == "bad_request"
    assert hall.kiosk().get(f"/halls/{HALL}/cases").status_code == 403
    assert hall.anonymous().get(f"/halls/{HALL}/cases").status_code == 401
    assert clerk.get("/halls/xiaoxi/cases").status_code == 403


def test_a_case_names_who_took_each_step_and_at_which_window(hall):
    with hall.engine.begin() as conn:
        u = tables.users.c
        conn.execute(update(tables.users).where(u.username == "clerk1").values(display_name="赵一"))
    clerk, number = seed(hall)  # accepted by clerk1 at window 2
    manager = hall.clerk("manager")
    assert (
        manager.post(f"/halls/{HALL}/cases/{number}/moves", {"action": "review"}).status_code == 200
    )
    r = clerk.post(f"/halls/{HALL}/cases/{number}/moves", {"action": "approve"})  # at window 2
    assert r.status_code == 200, r.json
    steps = manager.get(f"/halls/{HALL}/cases/{number}").json["steps"]
    assert [(s["action"], s["actor_name"], s["window"]) for s in steps] == [
        ("accept", "赵一", 2),
        ("review", "manager", None),  # no display name: the username
        ("approve", "赵一", 2),
    ]


def test_days_over_count_working_days_after_the_deadline():
    from datetime import UTC, datetime

    from server.domain.cases import Case
    from tests.domain.test_workdays import NATIONAL_DAY

    case = Case.accept(
        calendar=NATIONAL_DAY, on=date(2026, 9, 28), at=datetime(2026, 9, 28, 2, tzinfo=UTC),
        promised_days=2, hall_id=HALL, number="20260928-0001", service_code="civil_affairs",
        ticket_id=None,
    )  # fmt: skip
    assert case.deadline == date(2026, 9, 30)
    over = {d: case.days_over(NATIONAL_DAY, date(2026, 10, d)) for d in (1, 7, 8, 9, 10, 12)}
    # the holiday counts no working day, but the promise broke: at least 1 once overdue
    assert over == {1: 1, 7: 1, 8: 1, 9: 2, 10: 3, 12: 4}
    assert case.days_over(NATIONAL_DAY, date(2026, 9, 30)) is None  # the deadline day itself
