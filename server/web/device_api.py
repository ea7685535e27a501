"""REST for devices about themselves: a kiosk's heartbeat, and every device request noted as
presence (the manager console shows who is online; docs/manager-api.md)."""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta
from typing import Any

from flask import Blueprint, Response, current_app, g

from server.services import presence
from server.services.records import DeviceView
from server.web.auth import actor, require
from server.web.device_health_parsing import StatusBody, heartbeat_report
from server.web.responses import answers, reply
from server.web.runtime import Runtime
from server.web.schema import spec

log = logging.getLogger(__name__)

device_api = Blueprint("device_api", __name__, url_prefix="/api/v1")


def runtime() -> Runtime:
    found: Runtime = current_app.extensions["onewindow"]
    return found


@device_api.post("/devices/me/status")
@require("kiosk")
@spec.validate(resp=answers(DeviceView))
def device_status(json: StatusBody) -> Any:
    """A kiosk's heartbeat: its printer, ID-card reader and camera (the kiosk's device view)"""
    report = heartbeat_report(actor(), json)
    return reply(runtime().execute(presence.report_status, report))


# -- presence: a device that made a request counts as online for two minutes
PRESENCE_EVERY = timedelta(seconds=30)  # record at most this often per device and process


class _RequestPresence:
    """When this process last recorded each device's request (one per app)."""

    def __init__(self) -> None:
        self.last: dict[int, datetime] = {}
        self.lock = threading.Lock()

    def due(self, device_id: int, now: datetime) -> bool:
        with self.lock:
            last = self.last.get(device_id)
            if last is not None and timedelta(0) <= now - last < PRESENCE_EVERY:
                return False
            self.last[device_id] = now
            return True


@device_api.after_app_request
def _note_device_request(response: Response) -> Response:
    """Record that an authenticated device made a request (at most every 30 s)."""
    principal = g.get("principal")
    if principal is None or principal.kind != "device" or principal.device_id is None:
        return response
    rt = runtime()
    seen = current_app.extensions.setdefault("onewindow.presence", _RequestPresence())
    if seen.due(principal.device_id, rt.clock.now()):
        try:
            rt.execute(presence.device_requested, principal.device_id)
        except Exception:  # presence is a nicety: never fail the request over it
            log.exception("recording device %s presence failed", principal.device_id)
    return response
