"""A throw-away Redis server: Debian's redis-server on a free loopback port in a temp dir."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path


class RedisServer:
    def __init__(self, proc: subprocess.Popen[bytes], port: int, base: Path) -> None:
        self.proc, self.port, self.base = proc, port, base
        self.url = f"redis://127.0.0.1:{port}/0"

    @classmethod
    def start(cls, base: Path) -> RedisServer:
        """Start it and wait for PING; FileNotFoundError when redis-server is not installed."""
        program = shutil.which("redis-server") or "/usr/bin/redis-server"
        if not Path(program).exists():
            raise FileNotFoundError("redis-server is not installed (apt-get install redis-server)")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = int(s.getsockname()[1])
        base.mkdir(parents=True, exist_ok=True)
        args = [program, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(base)]
        args += ["--save", "", "--appendonly", "no", "--daemonize", "no"]
        with (base / "redis.log").open("wb") as log:
            proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        server = cls(proc, port, base)
        for _ in range(100):
            if proc.poll() is not None:
                break
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as c:
                    c.sendall(b"PING\r\n")
                    if c.recv(16).startswith(b"+PONG"):
                        return server
            except OSError:
                time.sleep(0.05)
        server.stop()
        raise RuntimeError(f"redis-server did not start: {(base / 'redis.log').read_text()}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
