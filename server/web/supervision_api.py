"""REST for supervision (监督考核): managers and admins; the case list: staff. Its own
blueprint, mounted inside appointments_api's (under /api/v1).

GET /halls/<hall>/reports?from=YYYY-MM-DD&to=YYYY-MM-DD -> {hall, from, to, at,
      tickets: {tickets, called, finished, average_wait_minutes, p90_wait_minutes,
                within_target_share, no_show_rate},
      cases: {decided, on_time, on_time_share},
      ratings: {ratings, rating_rate, satisfaction, good_rate, by_level,
                by_window|by_clerk|by_service: {name: {"5".."1": share}}},
      appointments: {booked, checked_in, no_shows, no_show_rate}}
      (a day: from = to; a month: its first and last day; definitions in
      server/domain/supervision.py; shares are 0..1 or null when nothing to count)
GET /halls/<hall>/exports/<tickets|cases|ratings>?from=&to=&format=csv|xlsx
      -> a file, one row per item, personal data masked, no cell a formula
      (server/web/spreadsheet.py)
Staff of the hall (clerks, managers, admins):
GET /halls/<hall>/cases?state=all|running|accepted|in_review|approved|rejected|
      ready_for_pickup|delivered&department=&from=&to=&page=1
      -> {at, total, page, page_size, cases: [case]}   newest first, masked; `from`/`to`
      bound the day of acceptance; a case carries card, days_left and days_over (working days)
Queries: server/web/appointments_models.py.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app

from server.services import cases, supervision
from server.services.case_results import CasePage
from server.services.commands import MANAGER_ROLES, STAFF_ROLES
from server.services.supervision_results import SupervisionReport
from server.web import spreadsheet
from server.web.appointments_models import CasesQuery, ExportQuery, PeriodQuery
from server.web.auth import require
from server.web.responses import answers, reply
from server.web.runtime import Runtime
from server.web.schema import spec

supervision_api = Blueprint("supervision_api", __name__)
MANAGERS = tuple(MANAGER_ROLES)
STAFF = tuple(STAFF_ROLES)


def runtime() -> Runtime:
    return current_app.extensions["onewindow"]  # type: ignore[no-any-return]


@supervision_api.get("/halls/<hall_id>/reports")
@require(*MANAGERS)
@spec.validate(resp=answers(SupervisionReport))
def report(hall_id: str, query: PeriodQuery) -> Any:
    """Supervision figures of a day or a month (one page)"""
    last = query.last or query.first
    return reply(runtime().read(supervision.report, hall_id, query.first, last))


@supervision_api.get("/halls/<hall_id>/cases")
@require(*STAFF)
@spec.validate(resp=answers(CasePage))
def list_cases(hall_id: str, query: CasesQuery) -> Any:
    """All cases by state, department and day of acceptance (masked, paged)"""
    cmd = cases.ListCases(hall_id, query.state, query.department, query.first, query.last,
                          query.page)  # fmt: skip
    return reply(runtime().read(cases.list_cases, cmd))


@supervision_api.get("/halls/<hall_id>/exports/<kind>")
@require(*MANAGERS)
@spec.validate(resp=answers(None))
def export(hall_id: str, kind: str, query: ExportQuery) -> Any:
    """Tickets, cases or ratings of a date range as CSV or XLSX"""
    first, last, fmt = query.first, query.last or query.first, query.format
    columns, rows = runtime().read(supervision.export, hall_id, kind, first, last)
    name = f"{hall_id}-{kind}-{first.isoformat()}-{last.isoformat()}.{fmt}"
    if fmt == "xlsx":
        response = Response(spreadsheet.xlsx_file(columns, rows), mimetype=spreadsheet.XLSX_TYPE)
    else:
        response = Response(spreadsheet.csv_file(columns, rows), mimetype=spreadsheet.CSV_TYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
