"""The printable one-page report (/manage/report): a day's or a month's supervision figures
with charts, for the hall's signed-in managers (and admins naming the hall).

  /manage/report?hall=<id>&period=day&date=YYYY-MM-DD     (default: the hall's today)
  /manage/report?hall=<id>&period=month&month=YYYY-MM     (default: the current month)

The figures are the report API's (server/services/supervision.report, the same call, run
by the host that mounts the console: `Host.reports`, console/base.py); the charts are inline
SVG built here from them (console/report_charts.py). Server-rendered: the page needs no script
but the print button's (console/static/report/report.js).
"""

from __future__ import annotations

import calendar
import json
from datetime import date
from typing import Any

from flask import Response, redirect, request
from markupsafe import Markup

from console import rendering
from console.base import blueprint, host
from console.manage_pages import HALL_ID, MANAGERS
from console.rendering import signed_in
from console.report_charts import bar_chart, share_bar, wait_chart
from server.domain.errors import DomainError, Kind

PREFIXES = ("common.",)
# (group, figure) in the order printed; the words are the 报表 tab's (manage.reports.figure.*).
FIGURES = (
    ("tickets", "tickets"), ("tickets", "called"), ("tickets", "finished"),
    ("tickets", "average_wait_minutes"), ("tickets", "p90_wait_minutes"),
    ("tickets", "within_target_share"), ("tickets", "no_show_rate"),
    ("cases", "decided"), ("cases", "on_time_share"),
    ("ratings", "ratings"), ("ratings", "rating_rate"), ("ratings", "satisfaction"),
)  # fmt: skip
LEVELS = ("5", "4", "3", "2", "1")


def shown(name: str, value: Any) -> str:
    """A figure as printed: shares and rates in per cent, minutes with one decimal."""
    if value is None:
        return "—"
    if name.endswith(("share", "rate", "satisfaction")):
        return f"{value * 100:.1f}%"
    return str(value) if isinstance(value, int) else f"{value:.1f}"


def _period(today: date) -> tuple[str, date, date]:
    """(period, first, last) from the query; ValueError on a bad date or period."""
    period = request.args.get("period", "day")
    if period == "day":
        day = date.fromisoformat(request.args["date"]) if request.args.get("date") else today
        return period, day, day
    if period == "month":
        text = request.args.get("month") or f"{today:%Y-%m}"
        first = date.fromisoformat(f"{text}-01")
        return period, first, first.replace(day=calendar.monthrange(first.year, first.month)[1])
    raise ValueError(period)


def charts(report: dict[str, Any]) -> dict[str, Markup]:
    """The four charts of the page as SVG markup (escaped inside report_charts)."""
    series, tickets = report["series"], report["tickets"]
    levels = report["ratings"]["by_level"]
    cases = report["cases"]
    return {
        "tickets": Markup(bar_chart(series["tickets"], "tickets", kind="tickets")),
        "waits": Markup(
            wait_chart(series["waits"], 5, tickets["p90_wait_minutes"], series["target_minutes"])
        ),
        "ratings": Markup(
            share_bar([(lv, levels[lv], f"lv{lv}") for lv in LEVELS], "ratings", "ratings")
        ),
        "cases": Markup(
            share_bar(
                [
                    ("✓", cases["on_time"], "on-time"),
                    ("✗", cases["decided"] - cases["on_time"], "late"),
                ],
                "cases",
                "cases",
            )  # fmt: skip
        ),
    }


def _refused(status: int, message: dict[str, str] | None = None) -> Response:
    page = {"message": message}
    return rendering.render_page("console/report_refused.html", "manage.report.title", page,
                                 PREFIXES, status)  # fmt: skip


@blueprint.get("/manage/report")
def printable_report() -> Any:
    reports = host().reports
    if reports is None:
        return _refused(404)
    principal = signed_in()
    if principal is None:
        return redirect("/login?next=/manage")
    hall = request.args.get("hall") or principal.hall_id or ""
    if principal.role not in MANAGERS or principal.hall_id not in (None, hall):
        return _refused(403)
    if not HALL_ID.fullmatch(hall):
        return _refused(400)
    try:
        now = reports.hall_now(hall)
        period, first, last = _period(now.date())
        report = reports.figures(hall, first, last)
    except ValueError:
        return _refused(400, rendering.both("manage.report.bad_period"))
    except DomainError as e:
        return _refused(404 if e.kind is Kind.NOT_FOUND else 400, reports.words(e))
    figures = [
        {"key": f"{group}.{name}", "name": name, "text": shown(name, report[group][name]),
         "value": json.dumps(report[group][name])}
        for group, name in FIGURES
    ]  # fmt: skip
    page = {"hall": hall, "period": period, "from": first.isoformat(), "to": last.isoformat(),
            "user": principal.name, "made": f"{now:%Y-%m-%d %H:%M}"}  # fmt: skip
    context: dict[str, Any] = {
        "report": report,
        "figures": figures,
        "charts": charts(report),
        "period": period,
    }
    title = f"manage.report.title.{period}"
    return rendering.render_page("console/report.html", title, page, PREFIXES, **context)
