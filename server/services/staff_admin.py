"""Staff accounts and device tokens, as a manager (own hall) or an admin (any) edits them."""

from __future__ import annotations

from dataclasses import replace

from server.domain.errors import (
    OwnAccount,
    RoleNotAllowed,
    UsernameTaken,
    invalid,
)
from server.services.audit import Audit, ensure_hall, row_fields
from server.services.commands import AddDevice, AddUser, DeviceCommand, EditUser
from server.services.context import Context
from server.services.events import DeviceStatus, SessionsEnded, UserChanged
from server.services.records import (
    DEVICE_KINDS,
    ROLES,
    DeviceView,
    IssuedDevice,
    StaffAccount,
    StaffUser,
    device_view,
    issued_device,
)
from server.services.unit_of_work import UnitOfWork

AT_A_WINDOW = ("rating_pad", "counter")  # these belong to one window
MIN_PASSWORD = 8


def _check_role(actor_role: str, role: str) -> None:
    if role not in ROLES:
        raise invalid("role", f"use {', '.join(ROLES)}", f"只能是 {', '.join(ROLES)}")
    if role == "admin" and actor_role != "admin":
        raise RoleNotAllowed(role=role)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise invalid("password", f"at least {MIN_PASSWORD} characters", f"至少 {MIN_PASSWORD} 位")


def add_user(cmd: AddUser, uow: UnitOfWork, ctx: Context) -> StaffAccount:
    """Create a staff account of the hall (an admin account belongs to no hall)."""
    ensure_hall(cmd.actor, cmd.hall_id)
    hall = uow.halls.get(cmd.hall_id)
    username = cmd.username.strip()
    if not username:
        raise invalid("username", "required", "必填")
    _check_role(cmd.actor.role, cmd.role)
    _check_password(cmd.password)
    if uow.staff.username_taken(username):
        raise UsernameTaken(username=username)
    hall_id = None if cmd.role == "admin" else hall.id
    name = cmd.name.strip() or username
    user_id = uow.staff.add(username, cmd.password, cmd.role, hall_id, name)
    view = uow.staff.get(user_id).view()
    uow.collect(UserChanged(hall.id, view))
    Audit(uow, ctx, cmd.actor).write(hall.id, "user.add", f"user:{user_id}", None, view)
    return view


def edit_user(cmd: EditUser, uow: UnitOfWork, ctx: Context) -> StaffAccount:
    """Change a role, name, active flag or password; a manager never touches an admin.

    A new password or role, and (de)activation, end every session of the user at once."""
    user = uow.staff.get(cmd.user_id)
    if user.hall_id is None and cmd.actor.role != "admin":
        raise RoleNotAllowed(role=user.role)
    if user.hall_id is not None:
        ensure_hall(cmd.actor, user.hall_id)
    if cmd.role is not None:
        _check_role(cmd.actor.role, cmd.role)
        if cmd.role == "admin" or user.role == "admin":
            if cmd.role != user.role:  # admins live outside halls: make a new account
                raise invalid("role", "an admin stays an admin", "管理员角色不能改变")
    if cmd.password is not None:
        _check_password(cmd.password)
    if cmd.name is not None and not cmd.name.strip():
        raise invalid("name", "required", "必填")
    changed = replace(
        user,
        role=cmd.role if cmd.role is not None else user.role,
        name=cmd.name.strip() if cmd.name is not None else user.name,
        active=cmd.active if cmd.active is not None else user.active,
    )
    _ensure_not_locking_out(cmd.actor.user_id, user, changed)
    uow.staff.update(changed, cmd.password)
    unlocked = cmd.password is not None and uow.limits.unlock_sign_in(user.username)
    view = changed.view()
    after = {**row_fields(view), "password_changed": cmd.password is not None}
    if unlocked:  # a new password lifts a sign-in lockout
        after["sign_in_unlocked"] = True
    if user.hall_id is not None:
        uow.collect(UserChanged(user.hall_id, view))
    if cmd.password is not None or changed.role != user.role or changed.active != user.active:
        uow.collect(SessionsEnded(user.id))  # the new password or role is in force at once
    Audit(uow, ctx, cmd.actor).write(
        user.hall_id, "user.edit", f"user:{user.id}", user.view(), after
    )
    return view


def enrol_user(
    username: str,
    password: str,
    role: str,
    hall_id: str | None,
    name: str,
    uow: UnitOfWork,
    ctx: Context,
) -> int:
    """Create an account from the command line or a demo start (no actor, no audit row);
    the same role and password rules as the console's."""
    _check_role("admin", role)
    _check_password(password)
    if uow.staff.username_taken(username):
        raise UsernameTaken(username=username)
    return uow.staff.add(username, password, role, hall_id, name or username)


def reset_demo_user(
    username: str, password: str, role: str, hall_id: str, uow: UnitOfWork, ctx: Context
) -> int:
    """A demo start's account: made, or given this new password and made active again."""
    login = uow.credentials.login(username)
    if login is None:
        return enrol_user(username, password, role, hall_id, username, uow, ctx)
    _check_password(password)
    user = uow.staff.get(login.account.user_id)
    uow.staff.update(replace(user, active=True), password)
    return user.id


def revoke_hall_devices(hall_id: str, uow: UnitOfWork, ctx: Context) -> int:
    """Revoke every live device of the hall (a demo start's devices of the last start)."""
    live = [d for d in uow.devices.of_hall(hall_id) if d.revoked_at is None]
    for device in live:
        uow.devices.revoke(device.id, ctx.now)
    return len(live)


def issue_device(
    hall_id: str, kind: str, name: str, window_id: int | None, uow: UnitOfWork, ctx: Context
) -> str:
    """Create a device from the command line or a demo start; its token, returned once."""
    if kind not in DEVICE_KINDS:
        raise invalid("kind", f"use {', '.join(DEVICE_KINDS)}", f"只能是 {', '.join(DEVICE_KINDS)}")
    hall = uow.halls.get(hall_id)
    return uow.devices.add(hall.id, kind, name, window_id, ctx.now)[1]


def sign_out(user_id: int, uow: UnitOfWork, ctx: Context) -> None:
    """End every session of the user: signing out in one browser signs out all of them."""
    uow.collect(SessionsEnded(user_id))


def _ensure_not_locking_out(actor_id: int | None, user: StaffUser, changed: StaffUser) -> None:
    if actor_id == user.id and (not changed.active or changed.role != user.role):
        raise OwnAccount(user=user.id)


def add_device(cmd: AddDevice, uow: UnitOfWork, ctx: Context) -> IssuedDevice:
    """Issue a device token: returned once here, stored only as a digest."""
    ensure_hall(cmd.actor, cmd.hall_id)
    hall = uow.halls.get(cmd.hall_id)
    if cmd.kind not in DEVICE_KINDS:
        raise invalid("kind", f"use {', '.join(DEVICE_KINDS)}", f"只能是 {', '.join(DEVICE_KINDS)}")
    name = cmd.name.strip()
    if not name:
        raise invalid("name", "required", "必填")
    if cmd.window_id is None and cmd.kind in AT_A_WINDOW:
        raise invalid(
            "window_id", f"a {cmd.kind} belongs to a window", f"{cmd.kind} 必须属于一个窗口"
        )
    if cmd.window_id is not None:
        if not any(w.id == cmd.window_id for w in uow.windows.list(hall.id)):
            raise invalid(
                "window_id", f"no window {cmd.window_id} here", f"本大厅没有窗口 {cmd.window_id}"
            )
    device_id, token = uow.devices.add(hall.id, cmd.kind, name, cmd.window_id, ctx.now)
    view = device_view(uow.devices.get(device_id), ctx.now)
    uow.collect(DeviceStatus(hall.id, view))
    Audit(uow, ctx, cmd.actor).write(hall.id, "device.add", f"device:{device_id}", None, view)
    return issued_device(view, token)


def revoke_device(cmd: DeviceCommand, uow: UnitOfWork, ctx: Context) -> DeviceView:
    """Revoke at once: the device's next request is refused (401)."""
    device = uow.devices.get(cmd.device_id)
    ensure_hall(cmd.actor, device.hall_id)
    before = device_view(device, ctx.now)
    if device.revoked_at is not None:
        return before
    uow.devices.revoke(device.id, ctx.now)
    view = device_view(uow.devices.get(device.id), ctx.now)
    uow.collect(DeviceStatus(device.hall_id, view))
    Audit(uow, ctx, cmd.actor).write(
        device.hall_id, "device.revoke", f"device:{device.id}", before, view
    )
    return view
