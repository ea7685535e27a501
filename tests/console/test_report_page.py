"""The printable report (/manage/report): the figures printed equal the report API's for a
seeded day and month, the charts are inline SVG drawn from them, only the hall's managers
(and admins) see it, and bad periods are refused in words, zh first.

The day is tests/server/test_supervision_api.py's seeded Monday 2026-11-23 (4 tickets, two
rated, one case decided on time).
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from markupsafe import escape

from console.report_pages import FIGURES, shown
from tests.server.conftest import HALL
from tests.server.test_supervision_api import DAY, seed_day

PAGE = "/manage/report"


def page(api: Any, query: str) -> Any:
    return api.client.get(f"{PAGE}?{query}")


def printed_figures(html: str) -> dict[str, tuple[str, str]]:
    """{figure key: (data-value, printed text)} as the page shows them."""
    found = re.findall(
        r'data-figure="([a-z0-9_.]+)" data-value="([^"]*)">\s*<div class="num">([^<]*)</div>', html
    )
    return {key: (value.replace("&#34;", '"'), text) for key, value, text in found}


def check_figures(html: str, report: dict[str, Any]) -> None:
    figures = printed_figures(html)
    assert len(figures) == len(FIGURES)
    for group, name in FIGURES:
        value = report[group][name]
        assert figures[f"{group}.{name}"] == (json.dumps(value), shown(name, value)), name


@pytest.mark.parametrize(
    ("query", "first", "last"),
    [
        (f"hall={HALL}&period=day&date={DAY}", DAY, DAY),
        (f"hall={HALL}&period=month&month=2026-11", "2026-11-01", "2026-11-30"),
    ],
)
def test_the_printed_figures_are_the_report_apis(sqlite_hall, query, first, last):
    seed_day(sqlite_hall)
    manager = sqlite_hall.clerk("manager")
    r = page(manager, query)
    assert r.status_code == 200, r.get_data(as_text=True)[:500]
    assert "script-src 'self'" in r.headers["Content-Security-Policy"]
    html = r.get_data(as_text=True)
    api = manager.get(f"/halls/{HALL}/reports?from={first}&to={last}").json
    check_figures(html, api)
    assert f'data-from="{first}"' in html and f'data-to="{last}"' in html
    assert html.count("<svg") == 4 and "<script>" not in html and "style=" not in html
    # the tickets chart: one bar per hour (08..17) of the day or per day of the month
    bars = re.findall(r'<rect class="bar" data-label="([^"]+)" data-value="([^"]+)"', html)
    tickets = bars[: 10 if first == last else 30]
    assert sum(int(v) for _, v in tickets) == api["tickets"]["tickets"] == 4
    if first == last:
        assert [label for label, _ in tickets] == [f"{h:02d}" for h in range(8, 18)]
    else:
        assert dict(tickets)["23"] == "4" and len(tickets) == 30
    # ratings: one part per level with its count; cases: on time vs late
    parts = dict(re.findall(r'<rect class="part lv(\d)"[^>]*data-value="(\d+)"', html))
    assert parts == {k: str(v) for k, v in api["ratings"]["by_level"].items()}
    assert re.search(r'class="part on-time"[^>]*data-value="1"', html)
    assert re.search(r'class="part late"[^>]*data-value="0"', html)
    assert "打印" in html and "Print" in html
    assert str(escape("王小明")) not in html and "王小明" not in html


def test_only_the_halls_managers_see_it_and_bad_periods_are_refused(sqlite_hall):
    hall = sqlite_hall
    assert page(hall.anonymous(), f"hall={HALL}").status_code == 302
    clerk = page(hall.clerk("clerk1"), f"hall={HALL}")
    assert clerk.status_code == 403 and "无法显示报表" in clerk.get_data(as_text=True)
    manager = hall.clerk("manager")
    assert page(manager, "hall=xiaoxi").status_code == 403  # another hall
    today = page(manager, "")  # the manager's own hall, today
    assert today.status_code == 200 and 'data-period="day"' in today.get_data(as_text=True)
    for query in ("period=week", "period=day&date=2026-13-01", "period=month&month=2026-1"):
        r = page(manager, f"hall={HALL}&{query}")
        text = r.get_data(as_text=True)
        assert r.status_code == 400 and "日期或期间无效" in text and "Bad date" in text, query
    far = page(manager, f"hall={HALL}&period=day&date=0001-01-01")
    assert far.status_code == 400 and "2000" in far.get_data(as_text=True)
    assert page(manager, "hall=nowhere").status_code == 403  # a manager of another hall
