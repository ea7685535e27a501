"""docs/deploy-nginx.conf in front of the three processes: one address for everything.

The test runs the documented file itself (its upstream pointed at the test's ports, its TLS
listener at a loopback port), under Debian's nginx in a temp dir.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import socketio

from tests.scale.conftest import HALL, ROOT, WAIT, Cluster, Http, Listener

DOC = ROOT / "docs" / "deploy-nginx.conf"


def _config(tmp: Path, cluster: Cluster, port: int) -> Path:
    text = DOC.read_text(encoding="utf-8")
    servers = "".join(
        f"    server {base.removeprefix('http://')} max_fails=1 fail_timeout=5s;\n"
        for base in cluster.bases
    )
    text, n = re.subn(r"(?m)(^    server 127\.0\.0\.1:\d+ .*\n)+", servers, text)
    assert n == 1, "the upstream's server lines"
    text, n = re.subn(r"(?m)^    listen 443 ssl;.*$", f"    listen 127.0.0.1:{port};", text)
    assert n == 1, "the TLS listener"
    text = re.sub(r"(?m)^    ssl_certificate.*\n", "", text)
    text, n = re.subn(r"(?s)\nserver \{\n    listen 80;.*?\n\}\n", "\n", text)
    assert n == 1, "the plain-HTTP redirect"
    temp = "".join(
        f"    {kind}_temp_path {tmp / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf = tmp / "nginx.conf"
    conf.write_text(
        f"{user}worker_processes 1;\npid {tmp / 'nginx.pid'};\nerror_log {tmp / 'error.log'};\n"
        f"events {{ worker_connections 1024; }}\nhttp {{\n    access_log off;\n{temp}{text}}}\n",
        encoding="utf-8",
    )
    return conf


@pytest.fixture(scope="module")
def front(cluster: Cluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of nginx in front of the cluster."""
    program = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(program).exists():
        if os.environ.get("CI"):
            pytest.fail("nginx is required in CI (scripts/setup.sh installs it)")
        pytest.skip("nginx is not installed")
    tmp = tmp_path_factory.mktemp("nginx")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    conf = _config(tmp, cluster, port)
    check = subprocess.run([program, "-t", "-p", str(tmp), "-c", str(conf)], capture_output=True)
    assert check.returncode == 0, check.stderr.decode()
    proc = subprocess.Popen(
        [program, "-p", str(tmp), "-c", str(conf), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(10)


def test_the_documented_config_carries_rest_and_a_polling_then_websocket_display(cluster, front):
    kiosk = Http(front, cluster.tokens[f"{HALL}:kiosk"])
    for _ in cluster.bases:  # one ticket for a call on each process
        ticket = kiosk.post(f"/halls/{HALL}/tickets", {"service": "elderly_card"})
        assert ticket.status_code == 201, ticket.text

    display = Listener(socketio.Client(reconnection=False))

    def heard(event: str, *args: object) -> None:
        with display.cond:
            display.got.append((event, args[0] if args else None))
            display.cond.notify_all()

    display.client.on("*", heard, namespace="/live")
    # Default transports, as a browser: long-polling first, then the upgrade through nginx.
    display.client.connect(
        front,
        namespaces=["/live"],
        auth={"token": cluster.tokens[f"{HALL}:display"]},
        wait_timeout=WAIT,
    )
    cluster.listeners.append(display)
    display.wait_for(lambda n, _: n == "snapshot")

    window = cluster.window_id(HALL, 6)
    for process in range(len(cluster.bases)):  # a call on each process, straight to it
        clerk = cluster.clerk(process, "clerk5", window)
        called = clerk.post(f"/windows/{window}/call-next")
        assert called.status_code == 200, called.text
        number = called.json()["number"]
        display.wait_for(lambda n, d, number=number: n == "ticket.called" and d["number"] == number)
        assert clerk.post(f"/windows/{window}/finish").status_code == 200
    assert display.client.transport() == "websocket", "upgraded behind nginx"
