"""Extension objects, wired to an app by create_app with init_app."""

from __future__ import annotations

from flask_socketio import SocketIO

socketio = SocketIO()
