"""The Socket.IO namespace: authenticate on connect, join rooms, send a full snapshot."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from flask import current_app, request
from flask_socketio import ConnectionRefusedError, join_room
from pydantic_core import to_jsonable_python

from server.adapters.publisher import (
    NAMESPACE,
    SocketIOPublisher,
    desk_room,
    device_room,
    hall_room,
    manage_room,
    staff_room,
    ticket_room,
    window_room,
)
from server.domain.errors import DomainError
from server.services import presence, principals, snapshot, staff_sessions, tickets
from server.services.principals import Principal
from server.web.csrf import session_credentials
from server.web.runtime import Runtime

log = logging.getLogger(__name__)


def socket_id() -> str:
    """The Socket.IO id of the connection whose event is being handled (Flask-SocketIO sets
    it on the request it makes for each event)."""
    sid = getattr(request, "sid", None)
    if not isinstance(sid, str):
        raise RuntimeError("no Socket.IO connection is being handled")
    return sid


def _runtime() -> Runtime:
    found: Runtime = current_app.extensions["onewindow"]
    return found


def _send_snapshot(runtime: Runtime, scope: str, data: dict[str, Any]) -> None:
    """Send the connection its snapshot (a use case's result, made JSON here)."""
    publisher = runtime.publisher
    if not isinstance(publisher, SocketIOPublisher):
        raise TypeError(f"live snapshots are sent by the Socket.IO publisher, not {publisher!r}")
    publisher.send_to(socket_id(), "snapshot", {"scope": scope, **data})


def _plain(result: object) -> dict[str, Any]:
    data: dict[str, Any] = to_jsonable_python(result)
    return data


class LiveNamespace:
    """Rooms (server/adapters/publisher.py tells which audience hears what): hall:<id>
    (displays, kiosks, and staff), staff:<id> (users), manage:<id> (managers, admins),
    desk:<window> (the user signed in there), window:<id> (its counter screen and rating
    pad), device:<id>, ticket:<token> (a phone).

    A device is online while it holds a connection: connect and disconnect are counted in
    the database (so every server process sees it) and announced as `device.status`. A
    signed-in user's connection is recorded too (staff_connections), so that ending their
    sessions closes it, on whichever process holds it.
    """

    def __init__(self, namespace: str) -> None:
        self.namespace = namespace
        self._devices: dict[str, int] = {}  # sid -> device id, for the disconnect
        self._users: set[str] = set()  # sids recorded in staff_connections
        self._lock = threading.Lock()

    def on_connect(self, auth: Any = None) -> None:
        runtime = _runtime()
        if isinstance(auth, dict) and isinstance(auth.get("ticket"), str):
            self._join_ticket(runtime, auth["ticket"])
            return
        principal = self._principal(runtime, auth)
        if principal is None:
            raise ConnectionRefusedError("unauthorized")
        try:
            self._join(runtime, principal, auth)
        except BaseException:
            self._forget_user(runtime, socket_id())
            raise

    def _principal(self, runtime: Runtime, auth: Any) -> Principal | None:
        """A device by its token, or the user of a live session. The user's socket is recorded
        before their session is checked: if their sessions end meanwhile, either the check
        sees it or the ending finds this socket (server/adapters/sessions.py)."""
        if isinstance(auth, dict) and isinstance(auth.get("token"), str):
            return runtime.read(principals.token_device, auth["token"])
        found = session_credentials()  # None once the session timed out (server/web/csrf.py)
        if found is None:
            return None
        user_id, stamp = found
        sid = socket_id()
        runtime.execute(staff_sessions.socket_opened, sid, user_id)
        with self._lock:
            self._users.add(sid)
        principal = runtime.read(principals.session_user, user_id, stamp)
        if principal is None:
            self._forget_user(runtime, sid)
        return principal

    def _forget_user(self, runtime: Runtime, sid: str) -> None:
        with self._lock:
            if sid not in self._users:
                return
            self._users.discard(sid)
        runtime.execute(staff_sessions.socket_closed, sid)

    def _join(self, runtime: Runtime, principal: Principal, auth: Any) -> None:
        hall_id = principal.hall_id
        if hall_id is None and isinstance(auth, dict):  # an admin picks the hall to watch
            hall_id = auth.get("hall")
        if not isinstance(hall_id, str):
            raise ConnectionRefusedError("no hall")
        if principal.role in ("display", "manager", "admin", "clerk", "kiosk"):
            join_room(hall_room(hall_id))
            if principal.kind == "user":
                join_room(staff_room(hall_id))
            if principal.role in ("manager", "admin"):
                join_room(manage_room(hall_id))
            self._send_hall(runtime, hall_id)
        if principal.window_id is not None and principal.role in ("clerk", "counter", "rating_pad"):
            at_window = desk_room if principal.kind == "user" else window_room
            join_room(at_window(principal.window_id))
            data = runtime.read(snapshot.window_snapshot, principal.window_id, hall_id)
            _send_snapshot(runtime, "window", _plain(data))
        if principal.kind == "device" and principal.device_id is not None:
            join_room(device_room(principal.device_id))
            with self._lock:
                self._devices[socket_id()] = principal.device_id
            self._presence(runtime, presence.device_connected, principal.device_id)

    def on_disconnect(self, *args: Any) -> None:
        runtime, sid = _runtime(), socket_id()
        with self._lock:
            device_id = self._devices.pop(sid, None)
        if device_id is not None:
            self._presence(runtime, presence.device_disconnected, device_id)
        try:
            self._forget_user(runtime, sid)
        except Exception:  # a row left behind costs one useless disconnect later, no more
            log.exception("forgetting the connection %s failed", sid)

    def _presence(self, runtime: Runtime, handler: Callable[..., None], device_id: int) -> None:
        try:
            runtime.execute(handler, device_id)
        except Exception:  # presence is a nicety: a failure must not drop the connection
            log.exception("recording presence of device %s failed", device_id)

    def _send_hall(self, runtime: Runtime, hall_id: str) -> None:
        try:
            data = runtime.read(snapshot.hall_snapshot, hall_id)
        except DomainError:
            raise ConnectionRefusedError("unknown hall") from None
        _send_snapshot(runtime, "hall", _plain(data))

    def _join_ticket(self, runtime: Runtime, token: str) -> None:
        try:
            data = runtime.read(tickets.ticket_status, token)
        except DomainError:
            raise ConnectionRefusedError("unknown ticket") from None
        join_room(ticket_room(token))
        _send_snapshot(runtime, "ticket", {"ticket": _plain(data)})


def register(socketio: Any) -> None:
    """Handle the namespace's connects and disconnects (Flask-SocketIO calls each handler in
    a request context that names the connection: socket_id())."""
    live = LiveNamespace(NAMESPACE)
    socketio.on_event("connect", live.on_connect, namespace=NAMESPACE)
    socketio.on_event("disconnect", live.on_disconnect, namespace=NAMESPACE)
