"""The app factory: settings in, a wired Flask app out (nothing is built at import time)."""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from flask import Flask, jsonify
from werkzeug.middleware.proxy_fix import ProxyFix

import console
import display
from config.server import ServerSettings
from server.adapters.clock import SystemClock
from server.adapters.database import make_engine
from server.adapters.publisher import SocketIOPublisher
from server.adapters.sessions import end_sessions
from server.domain.limits import SignInPolicy
from server.log_privacy import install_log_privacy
from server.services import supervision
from server.web import live
from server.web.api import api
from server.web.appointments_api import appointments_api
from server.web.auth import current_principal
from server.web.counter_api import counter_api
from server.web.csrf import csrf_token, install_sessions, signed_in
from server.web.device_api import device_api
from server.web.errors import error_body, install_error_handlers
from server.web.extensions import socketio
from server.web.faces_api import faces_api
from server.web.lines import LinesFlusher, WindowsFlusher
from server.web.manage_api import manage_api
from server.web.openapi import openapi_document
from server.web.origins import origin_check
from server.web.parsing import reject_huge_ids
from server.web.ratelimit import install_limit_errors
from server.web.runtime import Runtime

log = logging.getLogger(__name__)


def create_app(settings: ServerSettings, clock: Any = None, async_mode: str = "threading") -> Flask:
    install_log_privacy()  # no ID or phone number in any log record from here on
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=settings.secret_key,
        TESTING=settings.testing,
        ONEWINDOW_SIGN_IN=SignInPolicy(**settings.sign_in),
    )
    install_sessions(app, settings)  # cookie flags, lifetime, CSRF (server/web/csrf.py)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.url_value_preprocessor(reject_huge_ids)  # an id too big for a column: 404, not 500
    engine = make_engine(settings.database_url)
    socketio.init_app(
        app,
        async_mode=async_mode,
        message_queue=settings.redis_url,
        # a page of another origin (another port of this host too) opens no live feed
        cors_allowed_origins=origin_check(settings.allowed_origins),
    )
    if settings.trusted_proxies:  # the client's address and scheme from the proxy's headers
        n = settings.trusted_proxies  # outside Socket.IO's middleware: it sees them as well
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n)  # type: ignore[method-assign]
    # The app wires the Socket.IO publisher's coalescing hooks; the use cases' port
    # (unit_of_work.Publisher) only publishes.
    publisher = SocketIOPublisher(socketio, lambda user_id: end_sessions(engine, user_id))
    runtime = Runtime(
        engine,
        clock or SystemClock(),
        publisher,
        settings.secret_key,
        cache_seconds=0.0 if settings.redis_url else 5.0,  # several processes: read fresh
    )
    app.extensions["onewindow"] = runtime
    publisher.on_lines_stale = LinesFlusher(
        socketio, runtime, settings.lines_coalesce_seconds
    ).stale
    windows = WindowsFlusher(socketio, publisher, settings.lines_coalesce_seconds)
    publisher.on_window_changed = windows.changed
    app.register_blueprint(api)
    app.register_blueprint(counter_api)
    app.register_blueprint(manage_api)
    app.register_blueprint(device_api)
    app.register_blueprint(appointments_api)
    app.register_blueprint(faces_api)
    display.mount(app, display.Host(caller=current_principal))
    console.mount(
        app, console.Host(signed_in=signed_in, csrf_token=csrf_token, reports=_reports(runtime))
    )
    live.register(socketio)
    install_error_handlers(app)
    install_limit_errors(app)

    @app.get("/api/v1/openapi.json")
    def openapi() -> Any:
        return jsonify(openapi_document())

    @app.get("/healthz")
    def healthz() -> Any:
        return jsonify({"ok": True})

    return app


def _reports(runtime: Runtime) -> console.Reports:
    """The printable report's use case for the console, run in this app's units of work."""
    return console.Reports(
        hall_now=partial(runtime.read, supervision.hall_now),
        figures=partial(runtime.read, supervision.report_with_series),
        words=lambda e: error_body(e.code, e.params)["error"]["message"],
    )
