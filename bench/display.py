"""Display bench: call-next to a real browser page, with 200 other displays connected.

    .venv/bin/python bench/display.py [--displays 200] [--pages 1] [--calls 200] [--rate 2]

Like bench/load.py: a fresh SQLite hall (the example hall, opening hours off, clerks on its six
general windows), the real server (`onewindow serve`, gevent) on loopback, --displays
python-socketio display clients in worker processes, plus --pages real wall-display pages in
headless Chromium (they also fetch each call's audio, as a hall's screen does). Clerks call
--calls tickets at --rate per second. For each call: the time from just before call-next to the
page's handler getting `ticket.called`, and to the page having redrawn (python clients too).
Target: browser p99 under 300 ms on the 2-core bench machine.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EXAMPLE = ROOT / "config" / "hall.example.toml"
GENERAL_WINDOWS = (2, 3, 4, 5, 6, 7)  # the example hall's general windows
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--autoplay-policy=no-user-gesture-required"]  # fmt: skip
PROCESSES, GRACE = 2, 3.0  # processes for the python displays; seconds for late events
LISTEN = """() => { window.__bench = [];
  document.addEventListener("display:event", (e) => window.__bench.push(e.detail)); }"""
Calls = dict[tuple[str, int], tuple[float, float]]  # (number, window) -> (wall, monotonic)


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--displays", "-k", type=int, default=200, help="python Socket.IO displays")
    p.add_argument("--pages", type=int, default=1, help="wall-display pages in Chromium")
    p.add_argument("--calls", type=int, default=200, help="calls to time")
    p.add_argument("--rate", type=float, default=2.0, help="calls per second, whole hall")
    p.add_argument("--voice", default="espeak://", help="the server's voice for the pages")
    p.add_argument("--keep", action="store_true", help="keep the temp dir (db, hall, log)")
    return p.parse_args()


def prepare(tmp: Path, displays: int) -> dict[str, Any]:
    """Database, hall (opening hours off) and accounts, made before the server starts."""
    from sqlalchemy import select

    from server.adapters import tables
    from server.adapters.accounts import issue_device_token
    from server.adapters.database import make_engine
    from server.adapters.hall_file import load_hall
    from server.bootstrap import prepare_database, reset_demo_accounts
    from server.domain.catalogue import WindowKind

    hall_file, db = tmp / "hall.toml", f"sqlite:///{tmp / 'bench.sqlite3'}"
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace("enforce = true", "enforce = false", 1)  # and one kiosk issues fast:
    text = text.replace("kiosk_tickets_per_minute = 30", "kiosk_tickets_per_minute = 1000000")
    hall_file.write_text(text, encoding="utf-8")
    cfg = load_hall(hall_file)
    engine = make_engine(db)
    prepare_database(engine, [cfg])
    accounts = reset_demo_accounts(engine, cfg.hall.id, clerks=len(GENERAL_WINDOWS))
    now = datetime.now(UTC)
    tokens = [issue_device_token(engine, cfg.hall.id, "display", f"display {i}", now)
              for i in range(displays)]  # fmt: skip
    w = tables.windows.c
    with engine.connect() as conn:
        ids = dict(conn.execute(select(w.number, w.id).where(w.hall_id == cfg.hall.id)).all())
    engine.dispose()
    users = accounts.users[1:]  # the manager first, then one clerk per general window
    clerks = [(u, pw, ids[n]) for (u, pw, _), n in zip(users, GENERAL_WINDOWS, strict=True)]
    services = [s.code for s in cfg.services if WindowKind.GENERAL in s.window_kinds]
    return {"hall": cfg.hall.id, "file": hall_file, "db": db, "clerks": clerks,
            "kiosk": accounts.kiosk_token, "displays": tokens, "services": services}  # fmt: skip


@contextmanager
def serving(tmp: Path, env: dict[str, Any], voice: str) -> Iterator[tuple[Any, str]]:
    """Run `onewindow serve` on a free loopback port until the block ends."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [str(ROOT / ".venv" / "bin" / "onewindow"), "serve", "--config", str(env["file"]),
           "--host", "127.0.0.1", "--port", str(port), "--database", env["db"]]  # fmt: skip
    child = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    child["ONEWINDOW_SECRET_KEY"] = "bench-" + os.urandom(16).hex()
    child["ONEWINDOW_DISPLAY_VOICE"] = voice  # read by the display blueprint's audio route
    child["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    log = tmp / "server.log"
    proc = subprocess.Popen(cmd, cwd=tmp, env=child, stdout=log.open("w"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            if proc.poll() is not None:
                break
            try:
                if requests.get(f"{base}/healthz", timeout=1).ok:
                    break
            except requests.RequestException:
                time.sleep(0.1)
        if proc.poll() is not None:
            sys.exit(f"server did not come up; log:\n{log.read_text()[-3000:]}")
        yield proc, base
    finally:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()


def server_usage(pid: int) -> tuple[float, int]:  # CPU seconds, peak memory (VmHWM, kB)
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    status = Path(f"/proc/{pid}/status").read_text()
    hwm = next(int(x.split()[1]) for x in status.splitlines() if x.startswith("VmHWM"))
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), hwm


def display_worker(url: str, tokens: list[str], stop: Any, out: Any) -> None:
    """Process entry: one python-socketio display per token; note when each call arrives."""
    asyncio.run(_displays(url, tokens, stop, out))


async def _displays(url: str, tokens: list[str], stop: Any, out: Any) -> None:
    import socketio

    seen: list[list[tuple[str, int, float]]] = [[] for _ in tokens]
    clients = [socketio.AsyncClient(reconnection=False) for _ in tokens]
    gate = asyncio.Semaphore(20)

    async def connect(client: Any, token: str, calls: list[Any]) -> bool:
        async def on_called(data: dict[str, Any]) -> None:
            calls.append((data["number"], data["window"]["number"], time.perf_counter()))

        client.on("ticket.called", on_called, namespace="/live")
        async with gate:
            try:
                await client.connect(url, transports=["websocket"], namespaces=["/live"],
                                     auth={"token": token}, wait_timeout=10)  # fmt: skip
                return True
            except Exception:  # a refused display is a result, not a crash
                return False

    ok = await asyncio.gather(*map(connect, clients, tokens, seen))
    out.put(("ready", sum(ok)))
    while not stop.is_set():
        await asyncio.sleep(0.05)
    await asyncio.gather(*(c.disconnect() for c in clients), return_exceptions=True)
    out.put(("done", [s for s, good in zip(seen, ok, strict=True) if good]))


def clerk_loop(base: str, clerk: tuple[str, str, int], times: list[float], calls: Calls,
               latency: list[float], errors: list[str]) -> None:  # fmt: skip
    """Sign in; call next at each scheduled time (wall and monotonic noted), then finish."""
    username, password, window_id = clerk
    s, url = requests.Session(), f"{base}/api/v1/windows/{window_id}"
    login = {"username": username, "password": password}
    s.headers["X-CSRF-Token"] = s.get(f"{base}/api/v1/auth/csrf", timeout=10).json()["csrf_token"]
    r = s.post(f"{base}/api/v1/auth/login", json=login, timeout=10)
    r.raise_for_status()
    s.headers["X-CSRF-Token"] = r.json()["csrf_token"]  # the session's token from now on
    s.post(f"{url}/sign-in", json={}, timeout=10).raise_for_status()
    for at in times:
        time.sleep(max(0.0, at - time.perf_counter()))
        wall, mono = time.time(), time.perf_counter()
        r = s.post(f"{url}/call-next", json={}, timeout=10)
        latency.append(time.perf_counter() - mono)
        if r.status_code != 200:
            errors.append(f"call-next {r.status_code} {r.text[:80]}")
            continue
        ticket = r.json()
        calls[(ticket["number"], ticket["window"]["number"])] = (wall, mono)
        s.post(f"{url}/finish", json={"ticket_id": ticket["id"]}, timeout=10)


def open_page(browser: Any, base: str, hall: str, token: str) -> Any:  # live, and listened to
    page = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    page.goto(f"{base}/display/hall/{hall}#token={token}")
    page.wait_for_selector("body[data-status=live]", state="attached", timeout=30_000)
    page.evaluate(LISTEN)
    return page


def run(args: argparse.Namespace, tmp: Path) -> None:
    from playwright.sync_api import sync_playwright

    if (windows := len(GENERAL_WINDOWS)) / args.rate < 1.2:  # 2nd call at a window within 1 s: 409
        sys.exit(f"--rate at most {windows / 1.2:.1f} calls/s with {windows} windows")
    print(f"setting up {args.displays} python displays + {args.pages} page(s) ...", flush=True)
    env = prepare(tmp, args.displays + args.pages)
    py_tokens, page_tokens = env["displays"][: args.displays], env["displays"][args.displays :]
    ctx = mp.get_context("spawn")
    stop, out = ctx.Event(), ctx.Queue()
    calls: Calls = {}
    latency, errors = list[float](), list[str]()
    with serving(tmp, env, args.voice) as (proc, base):
        workers = [ctx.Process(target=display_worker, args=(base, py_tokens[i::PROCESSES], stop,
                   out), daemon=True) for i in range(PROCESSES)]  # fmt: skip
        for w in workers:
            w.start()
        connected = sum(out.get(timeout=180)[1] for _ in workers)
        kiosk = {"Authorization": f"Bearer {env['kiosk']}"}
        for i in range(args.calls + 10):
            body = {"service": env["services"][i % len(env["services"])]}
            requests.post(f"{base}/api/v1/halls/{env['hall']}/tickets", json=body, headers=kiosk,
                          timeout=10).raise_for_status()  # fmt: skip
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            pages = [open_page(browser, base, env["hall"], t) for t in page_tokens]
            print(f"server {base}: {connected}/{args.displays} python displays, {len(pages)} "
                  f"page(s) live; calling at {args.rate:g}/s ...", flush=True)  # fmt: skip
            start = time.perf_counter() + 1.0
            schedule = [start + i / args.rate for i in range(args.calls)]
            threads = [threading.Thread(target=clerk_loop, args=(
                base, clerk, schedule[i::windows], calls, latency, errors))
                for i, clerk in enumerate(env["clerks"])]  # fmt: skip
            srv0, t0 = server_usage(proc.pid)[0], time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            wall, srv = time.perf_counter() - t0, server_usage(proc.pid)[0] - srv0
            time.sleep(GRACE)
            seen_pages = [page.evaluate("window.__bench") for page in pages]
            browser.close()
        stop.set()
        results = [out.get(timeout=120) for _ in workers]
        hwm = server_usage(proc.pid)[1]
        [w.join(10) for w in workers]
    report(args, calls, seen_pages, results, connected, (latency, errors), wall, srv, hwm)


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q / 100 * len(s) + 0.5) - 1))]


def summary(v: list[float]) -> str:
    if not v:
        return "no samples"
    return f"p50 {pct(v, 50) * 1e3:6.1f} ms  p99 {pct(v, 99) * 1e3:6.1f} ms  n={len(v)}"


def delays(calls: Calls, seen: dict[tuple[str, int], float], monotonic: bool) -> list[float]:
    return [seen[k] - t[monotonic] for k, t in calls.items() if k in seen]


def report(args, calls, pages, results, connected, requests_, wall, srv, hwm) -> None:  # type: ignore[no-untyped-def]  # noqa: E501
    (latency, errors), received, drawn = requests_, [], []
    for seen in pages:
        got = {(e["number"], e["window"]): e for e in seen if e["name"] == "ticket.called"}
        received += delays(calls, {k: e["receivedAt"] / 1000 for k, e in got.items()}, False)
        drawn += delays(calls, {k: e["renderedAt"] / 1000 for k, e in got.items()}, False)
    python = [d for _, lists in results for seen in lists
              for d in delays(calls, {(n, w): t for n, w, t in seen}, True)]  # fmt: skip
    lost = (len(calls) * len(pages) - len(received), len(calls) * connected - len(python))
    ok = bool(received) and pct(received, 99) < 0.3 and not lost[0]
    rows = [
        ("call -> page received", summary(received)),
        ("call -> page redrawn", summary(drawn)),
        ("call -> python display", summary(python)),
        ("call-next request", summary(latency)),
        ("lost events", f"page {lost[0]}, python {lost[1]}; call errors {errors[:3]}"),
        ("server", f"CPU {srv / wall:.0%} of one core, VmHWM {hwm / 1024:.0f} MB"),
        ("target", f"browser p99 < 300 ms: {'ok' if ok else 'MISSED'}"),
        ("command", f".venv/bin/python bench/display.py --displays {args.displays} --pages "
         f"{args.pages} --calls {args.calls} --rate {args.rate:g} --voice {args.voice}"),
    ]  # fmt: skip
    print(f"\n== onewindow display bench: {connected} python displays + {len(pages)} page(s), "
          f"{len(calls)} calls in {wall:.1f} s ==")  # fmt: skip
    for name, text in rows:
        print(f"{name:24}{text}")


def main() -> None:
    args = parse_args()
    if not Path(CHROMIUM).is_file():
        sys.exit(f"no Chromium at {CHROMIUM}: apt-get install chromium")
    tmp = Path(tempfile.mkdtemp(prefix="onewindow-display-bench-"))
    try:
        run(args, tmp)
    finally:
        print(f"kept {tmp}") if args.keep else shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
