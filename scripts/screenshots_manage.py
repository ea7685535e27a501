"""Photograph the manager console (/manage) on a busy morning: docs/manage-console.png.

    .venv/bin/python scripts/screenshots_manage.py [--out docs/manage-console.png]

Plays the same busy Monday morning as scripts/screenshots.py (tickets on every line, nine
clerks at work, one window paused too long, one service running long), then rates a share of
the finished tickets (some badly, which opens follow-ups), adds rating pads and a second kiosk
whose printer is low on paper, serves the app on loopback and signs in as the demo manager in
headless Chromium. `shoot_manage(page, base_url, out_path, password=...)` is the photograph
alone, for a caller that has set up its own hall.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from display.preview import LiveServer  # noqa: E402
from scripts.screenshots import ARGS, CHROMIUM, HALL, build, play_morning  # noqa: E402
from server.adapters import tables  # noqa: E402
from server.adapters.accounts import issue_device_token  # noqa: E402

OUT = ROOT / "docs" / "manage-console.png"
SIZE = {"width": 1920, "height": 1080}
WAIT = 15_000
# How the morning's citizens rated (level: weight): mostly satisfied, a few not.
LEVELS = {5: 60, 4: 25, 3: 8, 2: 4, 1: 3}


def shoot_manage(
    browser_page: Any, base_url: str, out_path: Path, password: str | None = None,
    username: str = "manager",
) -> Path:  # fmt: skip
    """Sign in (unless the page's context already is), open /manage, save a PNG of the board."""
    if password is not None:
        csrf = browser_page.request.get(f"{base_url}/api/v1/auth/csrf").json()["csrf_token"]
        r = browser_page.request.post(
            f"{base_url}/api/v1/auth/login",
            data={"username": username, "password": password},
            headers={"X-CSRF-Token": csrf},
        )
        if r.status != 200:
            raise RuntimeError(f"sign-in as {username} failed: {r.status} {r.text()}")
    browser_page.goto(f"{base_url}/manage")
    browser_page.wait_for_selector("body[data-ready=true]", state="attached", timeout=WAIT)
    browser_page.wait_for_selector("body[data-status=live]", state="attached", timeout=WAIT)
    browser_page.wait_for_selector("#windows tbody tr[data-window]", timeout=WAIT)
    browser_page.wait_for_timeout(1200)  # the read after the snapshot, and the fonts
    out_path.parent.mkdir(parents=True, exist_ok=True)
    browser_page.screenshot(path=str(out_path))
    return out_path


def shoot_report(browser_page: Any, base_url: str, out_path: Path) -> Path:
    """The printable one-page report of the day (the signed-in manager's hall), as a PNG."""
    browser_page.goto(f"{base_url}/manage/report?hall={HALL}&period=day")
    browser_page.wait_for_selector("svg", timeout=WAIT)
    browser_page.wait_for_timeout(500)  # the fonts
    browser_page.screenshot(path=str(out_path), full_page=True)
    return out_path


def rate_the_morning(app: Any) -> int:
    """Rate about half of the finished tickets through the public rating API."""
    engine = app.extensions["onewindow"].engine
    t = tables.tickets.c
    with engine.connect() as conn:
        tokens = [r.token for r in conn.execute(select(t.token).where(t.status == "done"))]
    rnd = random.Random(7)
    client = app.test_client()
    rated = 0
    for token in tokens[::2]:
        level = rnd.choices(list(LEVELS), weights=list(LEVELS.values()))[0]
        body: dict[str, Any] = {"level": level}
        if level <= 2:
            body["reasons"] = rnd.sample(["等候时间长", "态度不好", "材料要求不清楚"], 2)
        rated += client.post(f"/api/v1/tickets/{token}/rating", json=body).status_code == 201
    return rated


def add_devices(app: Any, accounts: Any) -> None:
    """Rating pads at two windows, a second kiosk; the demo kiosk reports paper running low."""
    runtime = app.extensions["onewindow"]
    now = runtime.clock.now()
    with runtime.engine.connect() as conn:
        w = tables.windows.c
        ids = dict(conn.execute(select(w.number, w.id).where(w.hall_id == HALL)).all())
    for number in (2, 3):
        issue_device_token(runtime.engine, HALL, "rating_pad", f"评价器 {number}", now, ids[number])
    second = issue_device_token(runtime.engine, HALL, "kiosk", "二楼取号机", now)
    for token, paper in ((accounts.kiosk_token, "low"), (second, "ok")):
        app.test_client().post(
            "/api/v1/devices/me/status",
            json={"printer": {"online": True, "paper": paper}},
            headers={"Authorization": f"Bearer {token}"},
        )


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="onewindow-manage-") as tmp:
        app, clock, accounts = build(f"sqlite:///{Path(tmp) / 'hall.sqlite3'}")
        play_morning(app, clock, accounts)
        rate_the_morning(app)
        add_devices(app, accounts)
        password = next(p for u, p, _ in accounts.users if u == "manager")
        with LiveServer(app) as server, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            context = browser.new_context(viewport=SIZE, timezone_id="Asia/Shanghai")
            page = context.new_page()
            path = shoot_manage(page, server.url, args.out, password=password)
            report = shoot_report(page, server.url, args.out.parent / "report-day.png")
            browser.close()
        app.extensions["onewindow"].engine.dispose()
    for written in (path, report):
        print(f"wrote {written.relative_to(ROOT) if written.is_relative_to(ROOT) else written}")


if __name__ == "__main__":
    main()
