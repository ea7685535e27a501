"""The clients bench/load.py drives the server with.

Wall displays are asyncio coroutines, a hundred per worker process, websocket transport only:
one event loop carries a hundred sockets for a few megabytes, where the threaded client would
need two or three OS threads per socket fighting over one GIL. By default each display speaks
Engine.IO 4 / Socket.IO 5 itself on an aiohttp websocket and decodes only "ticket.called";
python-socketio's AsyncClient (--sio-displays) does the same job for 5-8x the CPU, and on a
2-core machine that CPU is taken from the server being measured (at K=200 it used 1.3 cores,
the server fell behind, and every display missed its ping deadline and was dropped).
Receive times are time.perf_counter(), which on Linux is CLOCK_MONOTONIC: one system-wide
clock, so times taken in a worker process compare with the clerks' request start times
taken in the main process.

Kiosks and clerks are plain threads with a requests.Session each (HTTP keep-alive, Nagle off
on the client side): blocking I/O releases the GIL, and latency is timed around the call.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import resource
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import requests

TIMEOUT = 10.0  # seconds for any one request; every loop below is bounded by the deadline
Seen = list[tuple[str, int, float]]  # one display's ticket.called: number, window, receive time


def cpu_seconds() -> float:
    """CPU time of this process (all its threads) so far."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


# ---------------------------------------------------------------- wall displays (processes)


def display_worker(
    urls: list[str], tokens: list[str], lean: bool, go: Any, stop: Any, out: Any
) -> None:
    """Process entry: connect display i to urls[i] with tokens[i]; record every ticket.called
    until stop (with several server processes, displays are spread as a sticky proxy would)."""
    asyncio.run(_displays(urls, tokens, lean, go, stop, out))


async def _wait(flag: Any) -> None:
    while not flag.is_set():
        await asyncio.sleep(0.05)


async def _displays(
    urls: list[str], tokens: list[str], lean: bool, go: Any, stop: Any, out: Any
) -> None:
    seen: list[Seen] = [[] for _ in tokens]
    counts: Counter[str] = Counter()
    gate, ended = asyncio.Semaphore(20), asyncio.Event()
    loop = asyncio.get_running_loop()
    ready = [loop.create_future() for _ in tokens]
    one = _lean_display if lean else _sio_display
    tasks = [
        asyncio.create_task(one(urls[i], tok, seen[i], counts, gate, ready[i], ended))
        for i, tok in enumerate(tokens)
    ]
    ok = await asyncio.gather(*ready)
    out.put(("ready", sum(ok)))
    await _wait(go)
    cpu0, t0 = cpu_seconds(), time.perf_counter()
    await _wait(stop)
    cpu, wall = cpu_seconds() - cpu0, time.perf_counter() - t0
    ended.set()
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)  # unclosed sessions at hang-up
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    out.put(
        ("done", [s for s, good in zip(seen, ok, strict=True) if good], dict(counts), cpu, wall)
    )


async def _sio_display(
    url: str, token: str, calls: Seen, counts: Counter[str], gate: Any, ready: Any, ended: Any
) -> None:
    """A display on python-socketio's AsyncClient (reconnects by itself, like a real screen)."""
    import socketio  # the AsyncClient needs aiohttp for its websocket transport

    client = socketio.AsyncClient(reconnection=True)

    async def on_called(data: dict[str, Any]) -> None:
        calls.append((data["number"], data["window"]["number"], time.perf_counter()))

    async def on_any(event: str, *_: Any) -> None:
        counts[event] += 1

    async def on_disconnect(*_: Any) -> None:
        if not ended.is_set():  # a drop during the run, not our own hang-up at the end
            counts["(dropped)"] += 1

    client.on("ticket.called", on_called, namespace="/live")
    client.on("*", on_any, namespace="/live")
    client.on("disconnect", on_disconnect, namespace="/live")
    async with gate:
        try:
            await client.connect(
                url,
                transports=["websocket"],
                namespaces=["/live"],
                auth={"token": token},
                wait_timeout=TIMEOUT,
            )
        except Exception as exc:  # a refused display is a result, not a crash
            counts[f"(connect failed: {type(exc).__name__})"] += 1
            ready.set_result(False)
            return
    ready.set_result(True)
    try:
        await ended.wait()
    finally:
        await client.disconnect()


CALLED = '42/live,["ticket.called",'


async def _lean_display(
    url: str, token: str, calls: Seen, counts: Counter[str], gate: Any, ready: Any, ended: Any
) -> None:
    """The same display speaking Engine.IO 4 / Socket.IO 5 itself over an aiohttp websocket.

    It decodes only ticket.called (other events are counted by name), so that the bench's
    own CPU stays small next to the server's on a small machine.
    """
    import aiohttp

    ws_url = "ws" + url[4:] + "/socket.io/?EIO=4&transport=websocket"
    async with aiohttp.ClientSession() as session:
        while not ended.is_set():
            try:
                async with gate, asyncio.timeout(TIMEOUT):
                    ws = await session.ws_connect(ws_url)
                    await ws.receive_str()  # "0{...}": the Engine.IO open packet
                    await ws.send_str("40/live," + json.dumps({"token": token}))
                    reply = await ws.receive_str()
                    while reply.startswith('42/live,["snapshot"'):  # sent before the ack
                        counts["snapshot"] += 1
                        reply = await ws.receive_str()
                    if not reply.startswith("40/live"):
                        raise ConnectionRefusedError(reply[:80])
            except Exception as exc:
                counts[f"(connect failed: {type(exc).__name__})"] += 1
                if not ready.done():
                    ready.set_result(False)
                    return
                await asyncio.sleep(1)
                continue
            if ready.done():
                counts["(reconnected)"] += 1
            else:
                ready.set_result(True)
            try:
                async for msg in ws:
                    if msg.type is not aiohttp.WSMsgType.TEXT:
                        break
                    data = msg.data
                    if data == "2":  # Engine.IO ping
                        await ws.send_str("3")
                    elif data.startswith(CALLED):
                        t = time.perf_counter()
                        p = json.loads(data[8:])[1]
                        calls.append((p["number"], p["window"]["number"], t))
                    elif data.startswith('42/live,["'):
                        counts[data[10 : data.find('"', 10)]] += 1
            finally:
                await ws.close()
            if not ended.is_set():
                counts["(dropped)"] += 1


# ---------------------------------------------------------------- kiosks and clerks (threads)


@dataclass
class Tally:
    """What one kind of client saw: latencies of successes and errors by status and code."""

    latency: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def timed_post(self, s: requests.Session, url: str, body: dict[str, Any], ok: int) -> Any:
        """POST and time it; the JSON body on the expected status, None otherwise."""
        t0 = time.perf_counter()
        try:
            r = s.post(url, json=body, timeout=TIMEOUT)
        except requests.RequestException as exc:
            with self.lock:
                self.errors[f"exception {type(exc).__name__}"] += 1
            return None
        dt = time.perf_counter() - t0
        with self.lock:
            if r.status_code == ok:
                self.latency.append(dt)
                return r.json()
            try:
                code = r.json()["error"]["code"]
            except (ValueError, KeyError, TypeError):
                code = "?"
            self.errors[f"{r.status_code} {code}"] += 1
        return None


def kiosk(
    base: str,
    hall: str,
    token: str,
    services: list[str],
    start: float,
    end: float,
    tally: Tally,
    issued: list[str],
) -> None:
    """Issue tickets back to back until the deadline, as a kiosk device."""
    s = requests.Session()
    s.headers["Authorization"] = f"Bearer {token}"
    url = f"{base}/api/v1/halls/{hall}/tickets"
    rnd = random.Random(token)
    time.sleep(max(0.0, start - time.perf_counter()))
    while time.perf_counter() < end:
        body = tally.timed_post(s, url, {"service": rnd.choice(services)}, 201)
        if body is not None:
            issued.append(body["number"])
    s.close()


def clerk_session(base: str, username: str, password: str, window_id: int) -> requests.Session:
    """Log in and sign in to the window; raise if the server refuses."""
    s = requests.Session()
    csrf = s.get(f"{base}/api/v1/auth/csrf", timeout=TIMEOUT).json()["csrf_token"]
    s.headers["X-CSRF-Token"] = csrf  # the sign-in form's token, then the session's own
    for path, body in (
        ("auth/login", {"username": username, "password": password}),
        (f"windows/{window_id}/sign-in", {}),
    ):
        r = s.post(f"{base}/api/v1/{path}", json=body, timeout=TIMEOUT)
        if r.status_code != 200:
            raise RuntimeError(f"{username}: {path} -> {r.status_code} {r.text[:200]}")
        s.headers["X-CSRF-Token"] = r.json().get("csrf_token", s.headers["X-CSRF-Token"])
    return s


def clerk(
    base: str,
    s: requests.Session,
    window_id: int,
    pause: float,
    start: float,
    end: float,
    call: Tally,
    finish: Tally,
    calls: dict[tuple[str, int], float],
) -> None:
    """Call next, finish, then wait `pause` after the call's reply before calling again.

    Waiting from the reply (not the request) keeps the server's own gap between two calls at
    this window above `pause`, so a pause longer than call_guard_seconds is never refused.
    """
    url = f"{base}/api/v1/windows/{window_id}"
    time.sleep(max(0.0, start - time.perf_counter()))
    while time.perf_counter() < end:
        t0 = time.perf_counter()
        ticket = call.timed_post(s, f"{url}/call-next", {}, 200)
        replied = time.perf_counter()
        if ticket is not None:
            calls[(ticket["number"], ticket["window"]["number"])] = t0
            finish.timed_post(s, f"{url}/finish", {"ticket_id": ticket["id"]}, 200)
        time.sleep(max(0.0, min(replied + pause, end) - time.perf_counter()))
    s.close()
