"""The wall display fits its screen: 1080p, 4K and portrait, in a busy moment, nothing clipped."""

from __future__ import annotations

import pytest

from server.services.snapshot import refresh_alerts
from tests.display.conftest import open_live
from tests.server.conftest import HALL

SERVICES = [
    "social_security", "medical_insurance", "civil_affairs", "household", "elderly_card",
    "business_registration", "construction_permit", "real_estate", "consultation",
]  # fmt: skip
CHECK = """() => {
  const out = [];
  const box = (el) => el.getBoundingClientRect();
  const inside = (a, b) => a.left >= b.left - 1 && a.right <= b.right + 1 &&
                           a.top >= b.top - 1 && a.bottom <= b.bottom + 1;
  const screen = { left: 0, top: 0, right: innerWidth, bottom: innerHeight };
  if (document.documentElement.scrollHeight > innerHeight + 1) out.push("page scrolls");
  for (const sel of ["#now", ".windows", ".lines", ".warnings-panel", ".notice", ".top"]) {
    if (!inside(box(document.querySelector(sel)), screen)) out.push(`${sel} off screen`);
  }
  const now = document.querySelector(".now-main");
  if (now.scrollWidth > now.clientWidth + 1) out.push("current call too wide");
  for (const card of document.querySelectorAll(".win")) {
    const id = card.dataset.window;
    if (card.scrollHeight > card.clientHeight + 1) out.push(`window ${id} clipped`);
  }
  const lines = box(document.querySelector(".lines"));
  for (const row of document.querySelectorAll(".line")) {
    if (!inside(box(row), lines)) out.push(`line ${row.dataset.line} outside its panel`);
  }
  for (const w of document.querySelectorAll(".warn:not(.off)")) {
    if (!inside(box(w), box(document.querySelector(".warnings")))) out.push("a warning cut");
  }
  return out;
}"""


@pytest.mark.parametrize("size", [(1920, 1080), (3840, 2160), (1080, 1920), (1366, 768)])
def test_a_busy_hall_fits_the_screen(live, page, size):
    hall = live.hall
    clerks = [(hall.clerk(f"clerk{i}", window=w), w) for i, w in enumerate((2, 3, 4, 8), 1)]
    for service in SERVICES * 2:
        hall.issue(service)
        hall.clock.advance(minutes=2)
    for clerk, window in clerks:
        clerk.post(f"/windows/{window}/call-next")
    clerks[0][0].post("/windows/2/start")
    clerks[1][0].post("/windows/3/finish")
    clerks[1][0].post("/windows/3/pause", {"reason": "系统故障 System fault"})
    hall.clock.advance(minutes=30)
    hall.runtime.execute(refresh_alerts, HALL)
    page.set_viewport_size({"width": size[0], "height": size[1]})
    open_live(page, live.hall_page())
    assert page.locator("#warnings .warn").count() >= 5
    assert page.evaluate(CHECK) == []
    # type scales with the screen: the current number is as big, relative to the screen, at 4K
    height = page.evaluate("document.querySelector('.now-number').getBoundingClientRect().height")
    assert height > min(size) * 0.09
