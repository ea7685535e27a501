"""The Socket.IO namespace: authenticate on connect, join rooms, send a full snapshot."""

from __future__ import annotations

import logging
import threading
from typing import Any

from flask import current_app, request
from flask_socketio import ConnectionRefusedError, Namespace, join_room

from server.adapters.accounts import Principal, device_principal, user_principal
from server.adapters.publisher import (
    NAMESPACE,
    device_room,
    hall_room,
    manage_room,
    staff_room,
    ticket_room,
    window_room,
)
from server.domain.errors import DomainError
from server.services import presence, snapshot, tickets
from server.web.csrf import session_user_id

log = logging.getLogger(__name__)


def _principal(auth: Any) -> Principal | None:
    engine = current_app.extensions["onewindow"].engine
    if isinstance(auth, dict) and isinstance(auth.get("token"), str):
        return device_principal(engine, auth["token"])
    user_id = session_user_id()  # None once the session timed out (server/web/csrf.py)
    return user_principal(engine, user_id) if user_id is not None else None


class LiveNamespace(Namespace):
    """Rooms: hall:<id> (displays, managers, clerks), staff:<id> (users), manage:<id>
    (managers, admins), window:<id> (counter), ticket:<token>.

    A device is online while it holds a connection: connect and disconnect are counted in
    the database (so every server process sees it) and announced as `device.status`.
    """

    def __init__(self, namespace: str) -> None:
        super().__init__(namespace)
        self._devices: dict[str, int] = {}  # sid -> device id, for the disconnect
        self._lock = threading.Lock()

    def on_connect(self, auth: Any = None) -> None:
        runtime = current_app.extensions["onewindow"]
        if isinstance(auth, dict) and isinstance(auth.get("ticket"), str):
            self._join_ticket(runtime, auth["ticket"])
            return
        principal = _principal(auth)
        if principal is None:
            raise ConnectionRefusedError("unauthorized")
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
            join_room(window_room(principal.window_id))
            data = runtime.read(snapshot.window_snapshot, principal.window_id, hall_id)
            runtime.publisher.send_to(request.sid, "snapshot", {"scope": "window", **data})
        if principal.kind == "device" and principal.device_id is not None:
            join_room(device_room(principal.device_id))
            with self._lock:
                self._devices[request.sid] = principal.device_id
            self._presence(runtime, presence.device_connected, principal.device_id)

    def on_disconnect(self, *args: Any) -> None:
        with self._lock:
            device_id = self._devices.pop(request.sid, None)
        if device_id is not None:
            runtime = current_app.extensions["onewindow"]
            self._presence(runtime, presence.device_disconnected, device_id)

    def _presence(self, runtime: Any, handler: Any, device_id: int) -> None:
        try:
            runtime.execute(handler, device_id)
        except Exception:  # presence is a nicety: a failure must not drop the connection
            log.exception("recording presence of device %s failed", device_id)

    def _send_hall(self, runtime: Any, hall_id: str) -> None:
        try:
            data = runtime.read(snapshot.hall_snapshot, hall_id)
        except DomainError:
            raise ConnectionRefusedError("unknown hall") from None
        runtime.publisher.send_to(request.sid, "snapshot", {"scope": "hall", **data})

    def _join_ticket(self, runtime: Any, token: str) -> None:
        try:
            data = runtime.read(tickets.ticket_status, token)
        except DomainError:
            raise ConnectionRefusedError("unknown ticket") from None
        join_room(ticket_room(token))
        runtime.publisher.send_to(request.sid, "snapshot", {"scope": "ticket", "ticket": data})


def register(socketio: Any) -> None:
    socketio.on_namespace(LiveNamespace(NAMESPACE))
