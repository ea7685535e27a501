"""Regenerate the display screenshots in docs/ from a busy simulated morning.

    .venv/bin/python scripts/screenshots.py [--out docs]

Builds the example hall on a throw-away SQLite file with a settable clock, plays 08:30-10:05
of a busy Monday through the REST API (tickets on every line, nine clerks calling, serving and
finishing, one window paused, one closed, one service running long), computes the red/yellow
warnings, serves the app on loopback and photographs the pages in headless Chromium
(Debian's /usr/bin/chromium through Playwright): the wall display at 1920x1080, 3840x2160 and
portrait 1080x1920, and two window screens.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from config.server import ServerSettings  # noqa: E402
from display.preview import LiveServer  # noqa: E402
from server.adapters.clock import ManualClock  # noqa: E402
from server.adapters.hall_file import load_hall  # noqa: E402
from server.bootstrap import prepare_database, reset_demo_accounts  # noqa: E402
from server.services.snapshot import refresh_alerts  # noqa: E402
from server.web.app import create_app  # noqa: E402

HALL = "dingcheng"
START = datetime(2026, 11, 23, 0, 30, tzinfo=UTC)  # Monday 08:30 in Shanghai
MINUTES = 95  # until 10:05
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
# tickets per minute by service, a busy Monday morning
DEMAND = {"social_security": 0.3, "medical_insurance": 0.2, "household": 0.16,
          "civil_affairs": 0.06, "elderly_card": 0.08, "business_registration": 0.1,
          "construction_permit": 0.02, "real_estate": 0.06, "consultation": 0.2}  # fmt: skip
STAFFED = {1: "clerk1", 2: "clerk2", 3: "clerk3", 4: "clerk4", 5: "clerk5", 6: "clerk6",
           7: "clerk7", 8: "clerk8", 10: "clerk9", 11: "clerk10"}  # fmt: skip  # 9 stays closed
EXPECTED = {"social_security": 8, "medical_insurance": 7, "civil_affairs": 10, "household": 9,
            "elderly_card": 5, "business_registration": 12, "construction_permit": 12,
            "real_estate": 15, "consultation": 4}  # fmt: skip


@dataclass
class Counter:
    """One clerk at one window: what they serve now and when they will finish."""

    window: int
    api: Any
    ticket: dict[str, Any] | None = None
    until: int = 0
    paused: bool = False
    log: list[str] = field(default_factory=list)

    def post(self, action: str, body: dict[str, Any] | None = None) -> Any:
        return self.api.post(f"/api/v1/windows/{self.window}/{action}", json=body or {})


def build(
    db_url: str, start: datetime = START, clerks: int = len(STAFFED)
) -> tuple[Any, ManualClock, Any]:
    """The example hall on a fresh `db_url`, its clock at `start`, with the demo accounts."""
    clock = ManualClock(start)
    app = create_app(ServerSettings(database_url=db_url, secret_key="s" * 40), clock)
    app.config["DISPLAY_VOICE_URL"] = "none://"
    engine = app.extensions["onewindow"].engine
    prepare_database(engine, [load_hall(ROOT / "config" / "hall.example.toml")])
    return app, clock, reset_demo_accounts(engine, HALL, clerks=clerks)


def sign_in(app: Any, accounts: Any) -> dict[int, Counter]:
    passwords = {u: p for u, p, _ in accounts.users}
    counters = {}
    for window, user in STAFFED.items():
        api = app.test_client()  # sends the session's CSRF token with every request
        api.environ_base["HTTP_X_CSRF_TOKEN"] = api.get("/api/v1/auth/csrf").json["csrf_token"]
        r = api.post("/api/v1/auth/login", json={"username": user, "password": passwords[user]})
        api.environ_base["HTTP_X_CSRF_TOKEN"] = r.json["csrf_token"]
        assert api.post(f"/api/v1/windows/{window}/sign-in", json={}).status_code == 200
        counters[window] = Counter(window, api)
    return counters


def step(counter: Counter, minute: int, rnd: random.Random) -> None:
    """Finish what is due, call the next one; a called citizen arrives a minute later."""
    if counter.paused:
        return
    if counter.ticket and counter.ticket["status"] == "called" and minute >= counter.until:
        counter.ticket = counter.post("start").json
        service = counter.ticket["service"]["code"]
        counter.until = minute + max(2, round(EXPECTED[service] * rnd.uniform(0.6, 1.3)))
        if counter.window == 11 and minute > 45:  # a tangled real-estate case: overrun
            counter.until = minute + 60
        return
    if counter.ticket and minute < counter.until:
        return
    if counter.ticket:
        counter.post("finish")
        counter.ticket = None
    called = counter.post("call-next")
    if called.status_code == 200:
        counter.ticket, counter.until = called.json, minute + 1


def play_morning(app: Any, clock: ManualClock, accounts: Any) -> None:
    rnd = random.Random(20261123)
    kiosk = app.test_client()
    headers = {"Authorization": f"Bearer {accounts.kiosk_token}"}
    counters = sign_in(app, accounts)
    for minute in range(MINUTES):
        rush = 1.0 if minute < 25 else 1.35  # the morning rush after nine
        for service, rate in DEMAND.items():
            for _ in range(sum(rnd.random() < rate * rush / 2 for _ in range(2))):
                body: dict[str, Any] = {"service": service}
                if rnd.random() < 0.06:
                    body["priority"] = "elderly"
                kiosk.post(f"/api/v1/halls/{HALL}/tickets", json=body, headers=headers)
        if minute == 74:  # window 7 pauses (and stays paused past the allowed 15 minutes)
            c = counters[7]
            if c.ticket:
                c.post("finish") if c.ticket["status"] == "serving" else c.post("no-show")
                c.ticket = None
            c.post("pause", {"reason": "系统故障 System fault"})
            c.paused = True
        for counter in counters.values():
            step(counter, minute, rnd)
        clock.advance(minutes=1)
    last = counters[3]  # the current call on the wall: a fresh one
    if last.ticket:
        last.post("finish") if last.ticket["status"] == "serving" else last.post("no-show")
    clock.advance(seconds=20)
    last.post("call-next")
    app.extensions["onewindow"].execute(refresh_alerts, HALL)


def shoot(base: str, token: str, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    shots = [("display-1920x1080.png", f"/display/hall/{HALL}", 1920, 1080),
             ("display-3840x2160.png", f"/display/hall/{HALL}", 3840, 2160),
             ("display-portrait-1080x1920.png", f"/display/hall/{HALL}", 1080, 1920),
             ("window-screen-3-1280x400.png", "/display/window/3", 1280, 400),
             ("window-screen-7-paused-1280x400.png", "/display/window/7", 1280, 400)]  # fmt: skip
    made = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, path, width, height in shots:
            context = browser.new_context(
                viewport={"width": width, "height": height}, timezone_id="Asia/Shanghai"
            )
            page = context.new_page()
            page.goto(f"{base}{path}#token={token}")
            page.wait_for_selector("body[data-status=live]", state="attached", timeout=15_000)
            page.wait_for_timeout(1500)  # fonts, and the notice line well into the screen
            page.screenshot(path=str(out / name))
            made.append(out / name)
            context.close()
        browser.close()
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="onewindow-shots-") as tmp:
        app, clock, accounts = build(f"sqlite:///{Path(tmp) / 'hall.sqlite3'}")
        play_morning(app, clock, accounts)
        with LiveServer(app) as server:
            for path in shoot(server.url, accounts.display_token, args.out):
                print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
        app.extensions["onewindow"].engine.dispose()


if __name__ == "__main__":
    main()
