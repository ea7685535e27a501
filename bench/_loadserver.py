"""The server side of bench/load.py: start and stop `onewindow serve`, read /proc about it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parent.parent


def start_server(
    tmp: Path, env: dict[str, Any], program: str | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    """Run `onewindow serve` (or `program serve`, which must exec the server in-process)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [
        program or str(ROOT / ".venv" / "bin" / "onewindow"),
        "serve",
        "--config",
        str(env["file"]),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--database",
        env["db"],
    ]
    child_env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    child_env["ONEWINDOW_SECRET_KEY"] = "bench-" + os.urandom(16).hex()
    # The checkout first on the path: an editable install made before display/ was a package
    # maps `display` to a namespace, and the server's `from display import blueprint` fails.
    child_env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])
    )
    log = (tmp / "server.log").open("w")
    proc = subprocess.Popen(cmd, cwd=tmp, env=child_env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        if proc.poll() is not None:
            break
        try:
            if requests.get(f"{base}/healthz", timeout=1).ok:
                return proc, base
        except requests.RequestException:
            time.sleep(0.1)
    stop_server(proc)
    sys.exit(f"server did not come up; log:\n{(tmp / 'server.log').read_text()[-3000:]}")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def proc_status(pid: int) -> dict[str, int]:
    """VmRSS / VmHWM of a process in kB."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0])
    return out


def proc_cpu(pid: int) -> tuple[float, float]:
    """Seconds on a CPU and seconds runnable but waiting for one (other load on the box)."""
    on_cpu, waiting, _ = Path(f"/proc/{pid}/schedstat").read_text().split()
    return int(on_cpu) / 1e9, int(waiting) / 1e9


def machine_busy() -> tuple[int, int]:
    cols = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return sum(cols) - cols[3] - cols[4], sum(cols)  # busy, total (idle + iowait excluded)


def sample_rss(pid: int, stop: threading.Event, peak: list[int]) -> None:
    while not stop.wait(0.25):
        try:
            peak[0] = max(peak[0], proc_status(pid)["VmRSS"])
        except (OSError, KeyError):
            return
