"""The supervision report of a seeded day, checked against figures computed here from the
tickets' own times; and the CSV/XLSX exports (masked)."""

from __future__ import annotations

import csv
import io
import math
from datetime import datetime

from openpyxl import load_workbook

from tests.server.conftest import HALL
from tests.server.test_appointments_api import LI, ZHANG

TARGET = {"civil_affairs": 25, "social_security": 20, "medical_insurance": 20}
DAY = "2026-11-23"


def minutes(view: dict) -> float:
    issued, called = (datetime.fromisoformat(view[k]) for k in ("issued_at", "called_at"))
    return (called - issued).total_seconds() / 60


def seed_day(hall):
    """Four tickets: two finished and rated (one accepted as a case), one no-show, one left."""
    civil = hall.issue("civil_affairs", id_number=ZHANG, name="王小明")
    hall.clock.advance(minutes=1)
    social = hall.issue("social_security", id_number=LI, name="李四")
    hall.clock.advance(minutes=1)
    medical = hall.issue("medical_insurance")
    hall.issue("social_security")
    clerk = hall.clerk("clerk1", window=2)
    called = []
    for wait, outcome, level in ((5, "accepted", 5), (25, "done", 2), (1, None, None)):
        hall.clock.advance(minutes=wait)
        view = clerk.post("/windows/2/call-next").json
        called.append(view)
        if outcome is None:
            assert clerk.post("/windows/2/no-show").status_code == 200
            continue
        done = clerk.post("/windows/2/finish", {"outcome": outcome}).json
        token = {civil["number"]: civil, social["number"]: social}[view["number"]]["token"]
        assert (
            hall.anonymous().post(f"/tickets/{token}/rating", {"level": level}).status_code == 201
        )
        if done["case"]:
            for action in ("review", "approve"):
                path = f"/halls/{HALL}/cases/{done['case']['number']}/moves"
                assert clerk.post(path, {"action": action}).status_code == 200
    assert [v["number"] for v in called] == [civil["number"], social["number"], medical["number"]]
    return called


def test_the_report_of_a_seeded_day_matches_an_independent_count(hall):
    called = seed_day(hall)
    waits = sorted(minutes(v) for v in called)
    within = sum(minutes(v) <= TARGET[v["service"]["code"]] for v in called)
    manager = hall.clerk("manager")
    r = manager.get(f"/halls/{HALL}/reports?from={DAY}&to={DAY}")
    assert r.status_code == 200, r.json
    tickets, ratings, cases = r.json["tickets"], r.json["ratings"], r.json["cases"]
    assert tickets["tickets"] == 4 and tickets["called"] == 3 and tickets["finished"] == 2
    assert tickets["average_wait_minutes"] == round(sum(waits) / 3, 2)
    assert tickets["p90_wait_minutes"] == round(waits[math.ceil(0.9 * 3) - 1], 2)
    assert tickets["within_target_share"] == round(within / 3, 4)
    assert tickets["no_show_rate"] == round(1 / 3, 4)
    assert ratings["ratings"] == 2 and ratings["rating_rate"] == 1.0
    assert ratings["satisfaction"] == 0.5 and ratings["good_rate"] == 0.5
    assert ratings["by_level"] == {"5": 1, "4": 0, "3": 0, "2": 1, "1": 0}
    assert ratings["by_window"]["2"]["5"] == 0.5 and ratings["by_clerk"]["clerk1"]["2"] == 0.5
    assert ratings["by_service"]["civil_affairs"]["5"] == 1.0
    assert cases == {"decided": 1, "on_time": 1, "on_time_share": 1.0}
    empty = manager.get(f"/halls/{HALL}/reports?from=2026-11-24").json
    assert (
        empty["tickets"]["average_wait_minutes"] is None and empty["cases"]["on_time_share"] is None
    )
    assert hall.clerk("clerk2").get(f"/halls/{HALL}/reports?from={DAY}").status_code == 403


def test_exports_are_masked_csv_and_xlsx(hall):
    seed_day(hall)
    manager = hall.clerk("manager")
    r = manager.get(f"/halls/{HALL}/exports/tickets?from={DAY}&to={DAY}")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    text = r.get_data().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 4 and rows[0]["name_masked"] == "王*明"
    assert ZHANG not in text and LI not in text and rows[0]["id_masked"].endswith(ZHANG[-4:])
    x = manager.get(f"/halls/{HALL}/exports/cases?from={DAY}&format=xlsx")
    sheet = load_workbook(io.BytesIO(x.get_data())).active
    values = list(sheet.values)
    assert values[0][0] == "number" and len(values) == 2 and values[1][2] == "approved"
    ratings = (
        manager.get(f"/halls/{HALL}/exports/ratings?from={DAY}").get_data().decode("utf-8-sig")
    )
    assert len(list(csv.DictReader(io.StringIO(ratings)))) == 2
    bad = manager.get(f"/halls/{HALL}/exports/users?from={DAY}")
    assert bad.status_code == 400 and bad.json["error"]["code"] == "invalid_value"
    backwards = manager.get(f"/halls/{HALL}/exports/tickets?from={DAY}&to=2026-11-01")
    assert backwards.status_code == 400
