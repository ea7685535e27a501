"""The server side of bench/load.py: start and stop `onewindow serve` (one process or
`--processes N`), read /proc about the server processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import requests
from _cluster import free_ports

ROOT = Path(__file__).resolve().parent.parent


def start_server(
    tmp: Path, env: dict[str, Any], program: str | None = None, processes: int = 1
) -> tuple[subprocess.Popen[bytes], list[str]]:
    """Run `onewindow serve` (or `program serve`, which must exec the server in-process);
    with processes > 1, `serve --processes N` on N consecutive ports, sharing env["db"]
    (PostgreSQL) and env["redis"]. Returns the supervisor and each process's base URL."""
    port = free_ports(processes)
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
        "--processes",
        str(processes),
    ]
    child_env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    if env.get("redis"):
        child_env["REDIS_URL"] = env["redis"]
    child_env["ONEWINDOW_SECRET_KEY"] = "bench-" + os.urandom(16).hex()
    # The checkout first on the path: an editable install made before display/ was a package
    # maps `display` to a namespace, and the server's `from display import blueprint` fails.
    child_env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])
    )
    log = (tmp / "server.log").open("w")
    proc = subprocess.Popen(cmd, cwd=tmp, env=child_env, stdout=log, stderr=subprocess.STDOUT)
    bases = [f"http://127.0.0.1:{port + i}" for i in range(processes)]
    up = 0
    for _ in range(600):
        if proc.poll() is not None:
            break
        try:
            if requests.get(f"{bases[up]}/healthz", timeout=1).ok:
                up += 1
                if up == len(bases):
                    return proc, bases
        except requests.RequestException:
            time.sleep(0.1)
    stop_server(proc)
    sys.exit(f"server did not come up; log:\n{(tmp / 'server.log').read_text()[-3000:]}")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def proc_status(pids: list[int]) -> dict[str, int]:
    """VmRSS / VmHWM in kB, summed over the server processes, and VmHWM of the largest."""
    out = {"VmRSS": 0, "VmHWM": 0, "VmHWM_max": 0}
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] += int(value.split()[0])
                if key == "VmHWM":
                    out["VmHWM_max"] = max(out["VmHWM_max"], int(value.split()[0]))
    return out


def proc_cpu(pids: list[int]) -> tuple[float, float]:
    """Seconds on a CPU and seconds runnable but waiting for one (other load on the box)."""
    on_cpu = waiting = 0.0
    for pid in pids:
        run, wait, _ = Path(f"/proc/{pid}/schedstat").read_text().split()
        on_cpu, waiting = on_cpu + int(run) / 1e9, waiting + int(wait) / 1e9
    return on_cpu, waiting


def machine_busy() -> tuple[int, int]:
    cols = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return sum(cols) - cols[3] - cols[4], sum(cols)  # busy, total (idle + iowait excluded)


def sample_rss(pids: list[int], stop: threading.Event, peak: list[int]) -> None:
    while not stop.wait(0.25):
        try:
            peak[0] = max(peak[0], proc_status(pids)["VmRSS"])
        except (OSError, KeyError):
            return
