"""Regenerate the counter console and rating pad screenshots in docs/ from a busy morning.

    .venv/bin/python scripts/screenshots_console.py [--out docs]

Plays the same busy Monday morning as scripts/screenshots.py (its pieces are imported, not
copied), then at window 3: the clerk finishes the citizen at the counter, so the window's
rating pad asks for a rating (docs/rating-pad.png, a 1280x800 tablet), and calls the next
one while window 4 transfers a ticket here with a note (docs/counter-console.png, the clerk's
1280x800 monitor). Headless Chromium is Debian's /usr/bin/chromium through Playwright.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from screenshots import ARGS, CHROMIUM, HALL, build, play_morning  # noqa: E402

from display.preview import LiveServer  # noqa: E402
from server.adapters.accounts import issue_device_token  # noqa: E402

WINDOW = 3
CLERK = "clerk3"  # scripts/screenshots.py seats clerkN at window N for the first eight


def _api(app: Any, user: str, password: str) -> Any:
    client = app.test_client()  # sends the session's CSRF token with every request
    client.environ_base["HTTP_X_CSRF_TOKEN"] = client.get("/api/v1/auth/csrf").json["csrf_token"]
    r = client.post("/api/v1/auth/login", json={"username": user, "password": password})
    client.environ_base["HTTP_X_CSRF_TOKEN"] = r.json["csrf_token"]
    return client


def finish_at_window(app: Any, clock: Any, clerk: Any) -> None:
    """The citizen at window 3 is served to the end: the pad then asks for a rating."""
    view = clerk.get(f"/api/v1/windows/{WINDOW}/console").json
    if view["current"] is None:
        clock.advance(seconds=20)
        clerk.post(f"/api/v1/windows/{WINDOW}/call-next", json={})
    if clerk.get(f"/api/v1/windows/{WINDOW}/console").json["current"]["status"] == "called":
        clerk.post(f"/api/v1/windows/{WINDOW}/start", json={})
    clock.advance(minutes=6)
    clerk.post(f"/api/v1/windows/{WINDOW}/finish", json={"outcome": "done"})


def next_citizen(app: Any, clock: Any, clerk: Any, neighbour: Any) -> None:
    """Window 4 sends its citizen here with a note; window 3 calls the next one."""
    clock.advance(seconds=40)
    clerk.post(f"/api/v1/windows/{WINDOW}/call-next", json={})
    if neighbour.get("/api/v1/windows/4/console").json["current"] is not None:
        note = {"window_id": WINDOW, "note": "已核验身份证，需补交户口本复印件"}
        neighbour.post("/api/v1/windows/4/transfer", json=note)
    clock.advance(minutes=2, seconds=15)


def shoot_manage(page: Any, base_url: str) -> None:
    """Hook for the manager console's screenshot (docs/manage-console.png): merged later."""


def _context(browser: Any, width: int, height: int) -> Any:
    return browser.new_context(viewport={"width": width, "height": height},
                               timezone_id="Asia/Shanghai")  # fmt: skip


def shoot(app: Any, clock: Any, accounts: Any, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    passwords = {u: p for u, p, _ in accounts.users}
    clerk = _api(app, CLERK, passwords[CLERK])
    neighbour = _api(app, "clerk4", passwords["clerk4"])
    pad_token = issue_device_token(
        app.extensions["onewindow"].engine, HALL, "rating_pad", "pad 3", clock.now(), WINDOW
    )
    made = [out / "rating-pad.png", out / "counter-console.png"]
    with LiveServer(app) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        pad = _context(browser, 1280, 800).new_page()
        pad.goto(f"{server.url}/rate/{WINDOW}#token={pad_token}")
        pad.wait_for_selector("body[data-status=live]", state="attached", timeout=15_000)
        finish_at_window(app, clock, clerk)
        pad.wait_for_selector("#pad[data-screen=ask]", state="attached", timeout=15_000)
        pad.wait_for_timeout(500)
        pad.screenshot(path=str(made[0]))

        next_citizen(app, clock, clerk, neighbour)
        page = _context(browser, 1280, 800).new_page()
        page.goto(f"{server.url}/login?next=/counter")
        page.fill("#username", CLERK)
        page.fill("#password", passwords[CLERK])
        page.click("#login-submit")
        page.wait_for_selector("#counter[data-view=desk]", state="attached", timeout=15_000)
        page.wait_for_selector("body[data-status=live]", state="attached", timeout=15_000)
        page.wait_for_timeout(800)
        page.screenshot(path=str(made[1]))
        shoot_manage(page, server.url)  # the manager console's shot goes here
        browser.close()
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="onewindow-console-shots-") as tmp:
        app, clock, accounts = build(f"sqlite:///{Path(tmp) / 'hall.sqlite3'}")
        play_morning(app, clock, accounts)
        for path in shoot(app, clock, accounts, args.out):
            print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
        app.extensions["onewindow"].engine.dispose()


if __name__ == "__main__":
    main()
