"""The kiosk program: its touch UI on localhost, its devices, the hall server (issue 6).

`build_kiosk(cfg)` wires the parts (server client, devices, session, flows, heartbeat, UI
app) into a `Kiosk` (kiosk/program.py) without starting anything; `Kiosk.start()` opens the
devices and starts the threads; `run_kiosk(cfg)` does both and serves the UI until stopped.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import Flask

from config.kiosk import KioskConfig
from kiosk.catalogue_cache import CatalogueCache
from kiosk.devices import Devices
from kiosk.face_capture import FaceCapture
from kiosk.face_flows import FaceFlows
from kiosk.flows import Flows
from kiosk.guides import load_guides
from kiosk.hall_client import HallClient
from kiosk.heartbeat import Heartbeat
from kiosk.identity_check import IdentityCheck
from kiosk.program import Kiosk
from kiosk.session import Session
from kiosk.web import create_ui_app

log = logging.getLogger(__name__)

TOKEN_ENV = "ONEWINDOW_KIOSK_TOKEN"


def read_token(cfg: KioskConfig) -> str:
    """Return the device token from $ONEWINDOW_KIOSK_TOKEN or the config's token file."""
    token = os.environ.get(TOKEN_ENV, "").strip()
    if token:
        return token
    path = Path(cfg.token_file)
    try:
        token = path.read_text(encoding="utf-8").strip()
    except OSError:
        token = ""
    if not token:
        raise SystemExit(
            f"没有设备令牌：请将管理员发放的令牌写入 {path}（onewindow issue-device-token）\n"
            f"no device token: put the token an admin issued into {path} or ${TOKEN_ENV}"
        )
    return token


def build_kiosk(cfg: KioskConfig, token: str | None = None) -> Kiosk:
    client = HallClient(
        cfg.server_url, cfg.hall, token or read_token(cfg), cfg.request_timeout_seconds
    )
    devices = Devices(cfg.devices)
    session = Session(cfg.idle_timeout_seconds)
    cache = CatalogueCache(client, load_guides(cfg.guides_file))
    flows = Flows(cfg, client, devices, session, cache)
    heartbeat = Heartbeat(
        client,
        devices,
        cfg.heartbeat_seconds,
        on_server=flows.server.mark,
    )
    flows.on_print_fault = heartbeat.beat_soon  # the manager hears of it at once
    flows.faces = FaceFlows(flows, IdentityCheck(cfg, FaceCapture(cfg, devices)))
    kiosk = Kiosk(cfg, client, devices, session, flows, heartbeat, Flask(__name__))
    kiosk.app = create_ui_app(kiosk)
    return kiosk


def run_kiosk(cfg: KioskConfig) -> None:
    """Serve the kiosk's touch UI on 127.0.0.1:cfg.ui_port until stopped."""
    import signal
    import threading

    from werkzeug.serving import WSGIRequestHandler, make_server

    class QuietHandler(WSGIRequestHandler):
        def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
            """The page polls twice a second: log only what went wrong."""
            if str(code)[:1] in ("4", "5"):
                super().log_request(code, size)

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    kiosk = build_kiosk(cfg).start()
    server = make_server(
        "127.0.0.1", cfg.ui_port, kiosk.app, threaded=True, request_handler=QuietHandler
    )
    log.info("kiosk %s: touch UI on http://127.0.0.1:%d/", cfg.name, cfg.ui_port)
    # SIGTERM (systemd, the bench) ends the loop like Ctrl-C, so the devices close cleanly;
    # shutdown() waits for the loop, so it runs from another thread.
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        kiosk.close()
