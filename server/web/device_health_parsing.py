"""Parse a kiosk's heartbeat body (POST /api/v1/devices/me/status) into a HealthReport.

Wrong shapes and types are 400 bad_request naming the field; unknown state values are
refused by the use case (400 invalid_value naming the field).
"""

from __future__ import annotations

from typing import Any

from server.services.commands import Actor
from server.services.device_health import HealthReport, PartState
from server.web.parsing import field, json_body, reject_unknown


def _part(body: dict[str, Any], name: str) -> PartState | None:
    part = field(body, name, dict)
    if part is None:
        return None
    reject_unknown(part, "state", "reason")
    state = field(part, "state", str, required=True, max_len=20)
    return PartState(state, field(part, "reason", str, max_len=40))


def heartbeat_report(who: Actor) -> HealthReport:
    body = json_body()
    reject_unknown(body, "printer", "reader", "camera")
    printer = field(body, "printer", dict)
    online, paper = None, None
    if printer is not None:
        reject_unknown(printer, "online", "paper")
        online = field(printer, "online", bool)
        paper = field(printer, "paper", str, max_len=20) or "unknown"
    return HealthReport(who, online, paper, _part(body, "reader"), _part(body, "camera"))
