"""A kiosk's heartbeat body (POST /api/v1/devices/me/status) and its HealthReport.

Every part is optional, at least one is sent; a part the kiosk leaves out keeps its last state.
Wrong shapes and types are 400 bad_request naming the field (server/web/schema.py); the state
values and reasons the document lists are checked by the use case (400 invalid_value naming
the field, in its words), so the model takes any short text there.
"""

from __future__ import annotations

from pydantic import ConfigDict, Field

from server.domain.device_health import CAMERA_STATES, PAPER_STATES, READER_STATES, REASON
from server.services.commands import Actor
from server.services.device_health import HealthReport, PartState
from server.web.schema import Body, one_of


class PrinterPart(Body):
    online: bool | None = None
    paper: str | None = Field(None, max_length=20, json_schema_extra=one_of(PAPER_STATES))


class ReaderPart(Body):
    state: str = Field(max_length=20, json_schema_extra=one_of(READER_STATES))
    reason: str | None = Field(None, max_length=40, json_schema_extra={"pattern": REASON.pattern})


class CameraPart(ReaderPart):
    state: str = Field(max_length=20, json_schema_extra=one_of(CAMERA_STATES))


class StatusBody(Body):
    model_config = ConfigDict(json_schema_extra={"minProperties": 1})
    printer: PrinterPart | None = None
    reader: ReaderPart | None = None
    camera: CameraPart | None = None


def _part(part: ReaderPart | None) -> PartState | None:
    return None if part is None else PartState(part.state, part.reason)


def heartbeat_report(who: Actor, body: StatusBody) -> HealthReport:
    online, paper = None, None
    if body.printer is not None:
        online, paper = body.printer.online, body.printer.paper or "unknown"
    return HealthReport(who, online, paper, _part(body.reader), _part(body.camera))
