"""REST for the manager console (/manage): the live board, live actions, catalogue and staff.

The contract (paths, bodies, answers, events) is written out in docs/manager-api.md; the
bodies are the models of server/web/manage_models.py.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, current_app

from server.services import board, catalogue_admin, manage, staff_admin
from server.services.commands import (
    AddDevice,
    AddUser,
    AssignClerk,
    CloseFollowUp,
    DeviceCommand,
    EditService,
    EditUser,
    EditWindow,
    Reroute,
    SetNotice,
    SetWindowServices,
)
from server.services.manage_results import (
    Board,
    BoardWindow,
    HallNotice,
    HallStaffMember,
    QueuedTicket,
    ServiceSettings,
)
from server.services.records import (
    AuditRecord,
    DeviceView,
    FollowUpRecord,
    IssuedDevice,
    StaffAccount,
)
from server.services.views import TicketView
from server.web.auth import actor, require
from server.web.manage_models import (
    AssignBody,
    AuditQuery,
    CloseFollowUpBody,
    DeviceBody,
    EmptyBody,
    NewServiceBody,
    NoticeBody,
    RerouteBody,
    ServiceBody,
    UserBody,
    UserEditBody,
    WindowEditBody,
    WindowServicesBody,
)
from server.web.responses import answers, reply
from server.web.runtime import Runtime
from server.web.schema import spec

log = logging.getLogger(__name__)

manage_api = Blueprint("manage_api", __name__, url_prefix="/api/v1")
MANAGERS = ("manager", "admin")


def runtime() -> Runtime:
    return current_app.extensions["onewindow"]  # type: ignore[no-any-return]


# -- reads: the board and the lists the console edits
READS: dict[str, tuple[Any, Any, str]] = {
    "board": (board.board, Board, "The manager's live board"),
    "waiting": (board.waiting, list[QueuedTicket], "Waiting tickets, oldest first"),
    "services": (board.services, list[ServiceSettings], "Every service, inactive ones too"),
    "windows": (board.windows, list[BoardWindow], "Windows with clerk and current ticket"),
    "users": (board.users, list[HallStaffMember], "Staff accounts (no password hashes)"),
    "devices": (board.devices, list[DeviceView], "Devices with presence and printer state"),
}


def _reader(name: str, handler: Any, answer: Any, summary: str) -> Any:
    def view(hall_id: str) -> Any:
        return reply(runtime().read(handler, hall_id), shape=answer)

    view.__name__, view.__doc__ = f"hall_{name}", summary
    return require(*MANAGERS)(spec.validate(resp=answers(answer))(view))


for _name, (_handler, _answer, _summary) in READS.items():
    manage_api.add_url_rule(
        f"/halls/<hall_id>/{_name}", f"hall_{_name}", _reader(_name, _handler, _answer, _summary)
    )


@manage_api.get("/halls/<hall_id>/audit")
@require(*MANAGERS)
@spec.validate(resp=answers(list[AuditRecord]))
def hall_audit(hall_id: str, query: AuditQuery) -> Any:
    """The latest changes, newest first"""
    return reply(runtime().read(board.audit, hall_id, query.limit), shape=list[AuditRecord])


# -- live actions
@manage_api.post("/windows/<int:window_id>/assign")
@require(*MANAGERS)
@spec.validate(resp=answers(BoardWindow))
def assign(window_id: int, json: AssignBody) -> Any:
    """Move a clerk to the window, or free it (user_id null)"""
    cmd = AssignClerk(window_id, actor(), json.user_id)
    return reply(runtime().execute(manage.assign_clerk, cmd))


@manage_api.put("/windows/<int:window_id>/services")
@require(*MANAGERS)
@spec.validate(resp=answers(BoardWindow))
def window_services(window_id: int, json: WindowServicesBody) -> Any:
    """Change the services a window serves"""
    cmd = SetWindowServices(window_id, actor(), tuple(json.services))
    return reply(runtime().execute(manage.set_window_services, cmd))


@manage_api.post("/halls/<hall_id>/tickets/<int:ticket_id>/reroute")
@require(*MANAGERS)
@spec.validate(resp=answers(TicketView))
def reroute(hall_id: str, ticket_id: int, json: RerouteBody) -> Any:
    """Re-route a waiting ticket"""
    cmd = Reroute(hall_id, ticket_id, actor(), json.service, json.window_id)
    return reply(runtime().execute(manage.reroute, cmd))


@manage_api.put("/halls/<hall_id>/notice")
@require(*MANAGERS)
@spec.validate(resp=answers(HallNotice))
def notice(hall_id: str, json: NoticeBody) -> Any:
    """Set the display's notice line"""
    cmd = SetNotice(hall_id, actor(), json.notice_zh, json.notice_en or "")
    return reply(runtime().execute(manage.set_notice, cmd))


@manage_api.post("/followups/<int:followup_id>/close")
@require(*MANAGERS)
@spec.validate(resp=answers(FollowUpRecord))
def close_followup(followup_id: int, json: CloseFollowUpBody) -> Any:
    """Close a bad-rating follow-up"""
    cmd = CloseFollowUp(followup_id, actor(), json.note)
    return reply(runtime().execute(manage.close_follow_up, cmd))


# -- catalogue: an edit changes only the fields given
@manage_api.post("/halls/<hall_id>/services")
@require(*MANAGERS)
@spec.validate(resp=answers(ServiceSettings, 201))
def add_service(hall_id: str, json: NewServiceBody) -> Any:
    """Add a service"""
    changes = json.model_dump(exclude_unset=True, exclude={"code"})
    cmd = EditService(hall_id, actor(), json.code, changes, create=True)
    return reply(runtime().execute(catalogue_admin.save_service, cmd), 201)


@manage_api.put("/halls/<hall_id>/services/<code>")
@require(*MANAGERS)
@spec.validate(resp=answers(ServiceSettings))
def edit_service(hall_id: str, code: str, json: ServiceBody) -> Any:
    """Edit or deactivate a service"""
    cmd = EditService(hall_id, actor(), code, json.model_dump(exclude_unset=True))
    return reply(runtime().execute(catalogue_admin.save_service, cmd))


@manage_api.post("/halls/<hall_id>/windows")
@require(*MANAGERS)
@spec.validate(resp=answers(BoardWindow, 201))
def add_window(hall_id: str, json: WindowEditBody) -> Any:
    """Add a window"""
    cmd = EditWindow(actor(), json.model_dump(exclude_unset=True), hall_id=hall_id)
    return reply(runtime().execute(catalogue_admin.save_window, cmd), 201)


@manage_api.put("/windows/<int:window_id>")
@require(*MANAGERS)
@spec.validate(resp=answers(BoardWindow))
def edit_window(window_id: int, json: WindowEditBody) -> Any:
    """Edit a window"""
    cmd = EditWindow(actor(), json.model_dump(exclude_unset=True), window_id=window_id)
    return reply(runtime().execute(catalogue_admin.save_window, cmd))


# -- staff and devices
@manage_api.post("/halls/<hall_id>/users")
@require(*MANAGERS)
@spec.validate(resp=answers(StaffAccount, 201))
def add_user(hall_id: str, json: UserBody) -> Any:
    """Add a staff account"""
    cmd = AddUser(hall_id, actor(), username=json.username, password=json.password,
                  role=json.role, name=json.name or "")  # fmt: skip
    return reply(runtime().execute(staff_admin.add_user, cmd), 201)


@manage_api.put("/users/<int:user_id>")
@require(*MANAGERS)
@spec.validate(resp=answers(StaffAccount))
def edit_user(user_id: int, json: UserEditBody) -> Any:
    """Edit a staff account"""
    cmd = EditUser(user_id, actor(), role=json.role, name=json.name, active=json.active,
                   password=json.password)  # fmt: skip
    return reply(runtime().execute(staff_admin.edit_user, cmd))


@manage_api.post("/halls/<hall_id>/devices")
@require(*MANAGERS)
@spec.validate(resp=answers(IssuedDevice, 201))
def add_device(hall_id: str, json: DeviceBody) -> Any:
    """Issue a device token (shown once)"""
    cmd = AddDevice(hall_id, actor(), kind=json.kind, name=json.name, window_id=json.window_id)
    return reply(runtime().execute(staff_admin.add_device, cmd), 201)


@manage_api.post("/devices/<int:device_id>/revoke")
@require(*MANAGERS)
@spec.validate(resp=answers(DeviceView))
def revoke_device(device_id: int, json: EmptyBody) -> Any:
    """Revoke a device token at once"""
    return reply(runtime().execute(staff_admin.revoke_device, DeviceCommand(device_id, actor())))
