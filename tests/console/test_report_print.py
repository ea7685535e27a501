"""The printable report in real headless Chromium: the charts render as SVG with their bars,
the 打印 button is there and works under the strict CSP (no page errors), and printed to PDF
at A4 the day's and the month's report are each ONE page."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.console.manage_helpers import WAIT, sign_in
from tests.server.conftest import HALL
from tests.server.test_supervision_api import DAY, seed_day

A4 = {"width": 794, "height": 1123}  # CSS pixels of an A4 sheet at 96 dpi


def pdf_pages(pdf: bytes) -> int:
    """Pages of a PDF: its /Type /Page objects (the /Pages tree nodes excluded)."""
    assert pdf.startswith(b"%PDF")
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


@pytest.mark.parametrize("period", ["day", "month"])
def test_the_report_renders_its_charts_and_prints_on_one_a4_page(live, pages, period):
    seed_day(live.hall)
    page = pages(A4)
    sign_in(page, live)
    query = f"date={DAY}" if period == "day" else f"month={DAY[:7]}"
    page.goto(live.url(f"/manage/report?hall={HALL}&period={period}&{query}"))
    page.wait_for_selector("body[data-ready=true]", state="attached", timeout=WAIT)
    charts = page.locator("svg.chart")
    assert charts.count() == 4
    for kind in ("tickets", "waits", "ratings", "cases"):
        box = page.locator(f"svg[data-chart={kind}]").bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 40, kind
    tallest = page.locator("svg[data-chart=tickets] rect.bar[data-value='4']")
    assert tallest.count() == 1 and tallest.bounding_box()["height"] > 20
    assert page.locator("svg[data-chart=waits] line[data-mark=p90]").count() == 1
    assert page.locator("[data-figure='tickets.tickets'] .num").inner_text() == "4"
    assert "打印" in page.locator("#print").inner_text()
    expected_title = "日报" if period == "day" else "月报"
    assert expected_title in page.locator(".sheet-head h1").inner_text()

    pdf: Any = page.pdf(format="A4", print_background=True)
    assert pdf_pages(pdf) == 1, f"the {period} report printed on {pdf_pages(pdf)} pages"


def test_the_reports_tab_links_to_the_printable_day_and_month(live, pages):
    from tests.console.manage_helpers import BOARD_SIZE, open_manage

    page = pages(BOARD_SIZE)
    open_manage(page, live)
    page.click(".view-tab[data-view=setup]")
    page.click(".tabs .tab[data-tab=reports]")
    day = page.locator("#reports-body a#print-day")
    day.wait_for(timeout=WAIT)
    assert day.get_attribute("href") == f"/manage/report?hall={HALL}&period=day&date={DAY}"
    month = page.locator("#reports-body a#print-month").get_attribute("href")
    assert month == f"/manage/report?hall={HALL}&period=month&month={DAY[:7]}"
    got = page.request.get(live.url(month))
    assert got.status == 200 and 'data-period="month"' in got.text()
