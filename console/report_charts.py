"""Charts of the printable report as inline SVG text, built from the figures alone.

Pure functions: numbers in, an `<svg>` string out (no words but numbers and the labels given,
which are escaped; the page puts the bilingual captions around them). Colours come from the
classes (console/static/report/report.css) with presentation attributes as a fallback, so
the strict CSP (no inline styles) holds and the charts print in black and white too.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

WIDTH, HEIGHT = 340, 150
TOP, BOTTOM, LEFT, RIGHT = 14, 18, 26, 6  # room for value labels, x labels and the y axis
FILLS = {"lv5": "#1b5e20", "lv4": "#43a047", "lv3": "#c0ca33", "lv2": "#ef6c00", "lv1": "#b71c1c",
         "on-time": "#2e7d32", "late": "#c62828"}  # fmt: skip


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _svg(kind: str, body: list[str], label: str, empty: bool) -> str:
    classes = f"chart {kind}" + (" empty" if empty else "")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{classes}" data-chart="{kind}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(label)}">'
        + "".join(body)
        + "</svg>"
    )


def bar_heights(values: Sequence[float], plot_height: float) -> list[float]:
    """Each bar's height: proportional to its value, the largest filling `plot_height`
    (all zero when nothing is above zero; negative values count as zero)."""
    top = max((v for v in values if v > 0), default=0)
    return [0.0 if top == 0 else round(max(0.0, v) / top * plot_height, 2) for v in values]


def bar_chart(
    bars: Sequence[tuple[str, float]],
    label: str = "",
    marks: Sequence[tuple[float, str]] = (),
    kind: str = "bars",
) -> str:
    """Vertical bars [(x label, value)], value written over each bar; `marks` are vertical
    lines [(position in bars from the left edge, class)] such as a target or the p90."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    body = [
        f'<line class="axis" x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" '
        f'y2="{TOP + plot_h}" stroke="#555" stroke-width="1"/>'
    ]
    values = [v for _, v in bars]
    top = max(values, default=0)
    body.append(
        f'<text class="axis-label" x="{LEFT - 3}" y="{TOP + 4}" text-anchor="end" '
        f'font-size="8">{_number(max(top, 0))}</text>'
    )
    if not bars:
        return _svg(kind, body, label, empty=True)
    slot = plot_w / len(bars)
    small = len(bars) > 16
    for i, ((name, value), height) in enumerate(
        zip(bars, bar_heights(values, plot_h), strict=True)
    ):
        x = LEFT + i * slot + slot * 0.15
        y = TOP + plot_h - height
        body.append(
            f'<rect class="bar" data-label="{escape(name)}" data-value="{_number(value)}" '
            f'x="{x:.2f}" y="{y:.2f}" width="{slot * 0.7:.2f}" height="{height:.2f}" '
            f'fill="#3a6ea5"><title>{escape(name)}: {_number(value)}</title></rect>'
        )
        middle = x + slot * 0.35
        if value and (not small or height > 0):
            body.append(
                f'<text class="value" x="{middle:.2f}" y="{y - 2:.2f}" text-anchor="middle" '
                f'font-size="{6 if small else 8}">{_number(value)}</text>'
            )
        if not small or i % 2 == 0:
            body.append(
                f'<text class="x-label" x="{middle:.2f}" y="{HEIGHT - 6}" text-anchor="middle" '
                f'font-size="{6 if small else 8}">{escape(name)}</text>'
            )
    for position, cls in marks:
        x = LEFT + min(max(position, 0.0), len(bars)) * slot
        body.append(
            f'<line class="mark {escape(cls)}" data-mark="{escape(cls)}" x1="{x:.2f}" '
            f'y1="{TOP - 4}" x2="{x:.2f}" y2="{TOP + plot_h}" stroke="#c0392b" stroke-width="1.5" '
            'stroke-dasharray="4 2"/>'
        )
    return _svg(kind, body, label, empty=sum(values) == 0)


def wait_chart(
    bins: Sequence[tuple[str, int]],
    bin_minutes: float,
    p90: float | None,
    target: float | None,
    label: str = "",
) -> str:
    """The waits' histogram with a line at the p90 wait and one at the target (minutes),
    placed in proportion within the bins (beyond the last, open bin: at its right edge)."""
    marks = [
        (m / bin_minutes, cls) for m, cls in ((target, "target"), (p90, "p90")) if m is not None
    ]
    return bar_chart(bins, label, marks, kind="waits")


def share_bar(
    parts: Sequence[tuple[str, float, str]], label: str = "", kind: str = "shares"
) -> str:
    """One horizontal bar split in proportion: [(label, count, class)], each part with its
    count and percentage written under it; an empty grey bar when all are zero."""
    plot_w = WIDTH - 2 * RIGHT
    total = sum(max(0.0, v) for _, v, _ in parts)
    body = [f'<rect class="track" x="{RIGHT}" y="40" width="{plot_w}" height="36" fill="#eee"/>']
    x = float(RIGHT)
    for i, (name, value, cls) in enumerate(parts):
        width = 0.0 if total == 0 else max(0.0, value) / total * plot_w
        share = 0.0 if total == 0 else max(0.0, value) / total * 100
        body.append(
            f'<rect class="part {escape(cls)}" data-label="{escape(name)}" '
            f'data-value="{_number(value)}" x="{x:.2f}" y="40" width="{width:.2f}" height="36" '
            f'fill="{FILLS.get(cls, "#888")}">'
            f"<title>{escape(name)}: {_number(value)} ({share:.1f}%)</title></rect>"
        )
        column = RIGHT + (i + 0.5) * plot_w / max(1, len(parts))
        body.append(
            f'<text class="part-label" x="{column:.2f}" y="98" text-anchor="middle" '
            f'font-size="9">{escape(name)}</text>'
            f'<text class="part-value" x="{column:.2f}" y="112" text-anchor="middle" '
            f'font-size="9">{_number(value)} · {share:.1f}%</text>'
        )
        x += width
    return _svg(kind, body, label, empty=total == 0)
