"""The printable report's charts (console/report_charts.py): pure figures -> SVG text. Bars are
proportional to their values, empty data draws an empty chart, one value fills the plot, and
the SVG is well-formed XML with the labels escaped."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from console.report_charts import HEIGHT, bar_chart, bar_heights, share_bar, wait_chart

NS = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # well-formed, one <svg> element
    assert root.tag == f"{NS}svg"
    return root


def bars(svg: str) -> list[tuple[str, float, float]]:
    """(label, value, drawn height) of each bar."""
    return [
        (r.get("data-label", ""), float(r.get("data-value", "0")), float(r.get("height", "0")))
        for r in parse(svg).iter(f"{NS}rect")
        if r.get("class") == "bar"
    ]


def test_bars_are_proportional_to_their_values():
    svg = bar_chart([("08", 2), ("09", 8), ("10", 4), ("11", 0)], "tickets")
    drawn = bars(svg)
    assert [label for label, _, _ in drawn] == ["08", "09", "10", "11"]
    tallest = drawn[1][2]
    assert 0 < tallest < HEIGHT
    for _, value, height in drawn:
        assert abs(height - value / 8 * tallest) < 0.01
    assert drawn[3][2] == 0
    assert "empty" not in parse(svg).get("class", "")


def test_bar_heights_scale_to_the_largest_and_ignore_negatives():
    assert bar_heights([1, 2, 4], 100) == [25.0, 50.0, 100.0]
    assert bar_heights([0, 0], 100) == [0.0, 0.0]
    assert bar_heights([-3, 3], 60) == [0.0, 60.0]
    assert bar_heights([], 60) == []


def test_empty_data_draws_an_empty_chart():
    for svg in (bar_chart([], "none"), bar_chart([("08", 0), ("09", 0)], "zeros")):
        root = parse(svg)
        assert "empty" in root.get("class", "").split()
        assert all(h == 0 for _, _, h in bars(svg))
    shares = share_bar([("5", 0, "lv5"), ("1", 0, "lv1")])
    assert "empty" in parse(shares).get("class", "").split()
    assert "0.0%" in shares


def test_one_value_fills_the_plot():
    ((label, value, height),) = bars(bar_chart([("23", 7)]))
    assert (label, value) == ("23", 7.0)
    assert height == HEIGHT - 14 - 18  # the whole plot height (TOP and BOTTOM margins)
    ((_, _, half),) = bars(bar_chart([("x", 0.5)]))
    assert half == height


def test_shares_split_the_bar_in_proportion_with_percentages():
    svg = share_bar([("5", 3, "lv5"), ("4", 1, "lv4"), ("1", 0, "lv1")], "ratings")
    parts = {
        r.get("data-label"): float(r.get("width", "0"))
        for r in parse(svg).iter(f"{NS}rect")
        if "part" in (r.get("class") or "")
    }
    assert abs(parts["5"] - 3 * parts["4"]) < 0.01 and parts["1"] == 0
    assert "75.0%" in svg and "25.0%" in svg


def test_wait_chart_marks_the_p90_and_the_target_in_proportion():
    bins = [("0-5", 1), ("5-10", 2), ("10-15", 0), ("15+", 1)]
    root = parse(wait_chart(bins, 5, p90=12.5, target=5, label="waits"))
    marks = {m.get("data-mark"): float(m.get("x1", "0")) for m in root.iter(f"{NS}line")
             if m.get("data-mark")}  # fmt: skip
    slot = (marks["p90"] - marks["target"]) / 1.5  # 12.5 min is 1.5 bins right of 5 min
    assert slot > 0 and abs(marks["target"] - (26 + slot)) < 0.01
    no_marks = parse(wait_chart(bins, 5, p90=None, target=None))
    assert not [m for m in no_marks.iter(f"{NS}line") if m.get("data-mark")]


def test_labels_are_escaped():
    svg = bar_chart([("<b>&", 1)], label='"x"')
    parse(svg)
    assert "<b>" not in svg and "&lt;b&gt;&amp;" in svg
    assert not re.search(r"<script", svg)


def test_the_chart_series_count_every_slot():
    from datetime import date, datetime

    from server.domain.supervision import (
        TicketFact,
        tickets_per_slot,
        typical_target,
        wait_histogram,
    )

    at = [datetime(2026, 11, 23, h, 5) for h in (7, 9, 9, 10)]
    hours = tickets_per_slot(at, date(2026, 11, 23), date(2026, 11, 23), by_hour=True)
    assert hours[0] == ("07", 1) and hours[-1] == ("17", 0) and len(hours) == 11
    assert dict(hours)["09"] == 2 and sum(n for _, n in hours) == 4
    days = tickets_per_slot(at, date(2026, 11, 1), date(2026, 11, 30), by_hour=False)
    assert len(days) == 30 and dict(days)["23"] == 4 and dict(days)["1"] == 0
    assert wait_histogram([0, 4.9, 5, 12, 90], width=5, buckets=4) == [
        ("0-5", 2), ("5-10", 1), ("10-15", 1), ("15+", 1)]  # fmt: skip
    empty = wait_histogram([])
    assert len(empty) == 8 and empty[-1][0] == "35+" and all(n == 0 for _, n in empty)
    t0 = datetime(2026, 11, 23, 9)
    facts = [TicketFact("a", "done", t0, t0, m) for m in (25, 20, 20)]
    assert typical_target(facts) == 20
    assert typical_target([TicketFact("a", "waiting", t0, None, 20)]) is None
