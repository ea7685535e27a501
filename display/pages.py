"""The display blueprint: the wall display and window screen pages, and their vendored client."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, abort, render_template, url_for

from display import audio, texts

blueprint = Blueprint(
    "display",
    __name__,
    url_prefix="/display",
    template_folder="templates",
    static_folder="static",
)
blueprint.add_url_rule("/audio/call.wav", view_func=audio.call_audio, methods=["GET"])

HALL_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
# The Socket.IO browser client comes from npm (display/package.json), never from a CDN.
CLIENT_DIST = Path(__file__).resolve().parent / "node_modules" / "socket.io-client" / "dist"
CLIENT_FILES = {
    "socket.io.esm.min.js": "text/javascript",
    "socket.io.min.js": "text/javascript",
    "socket.io.esm.min.js.map": "application/json",
    "socket.io.min.js.map": "application/json",
}
# The pages run only their own files; the token lives in the URL fragment and localStorage,
# so no script from elsewhere may ever read it.
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "media-src 'self' blob:; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'none'"
)


def _page(config: dict[str, Any]) -> Response:
    config = {
        **config,
        "audio": url_for("display.call_audio"),
        "client": url_for("display.vendor", name="socket.io.esm.min.js"),
    }
    html = render_template(
        f"display/{config['kind']}.html",
        page=config,
        strings=texts.catalogue(),
        tr=texts.both,
        title_key=f"page.{config['kind']}_title",
    )
    response = Response(html, mimetype="text/html")
    response.headers["Content-Security-Policy"] = POLICY
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.get("/hall/<hall_id>")
def hall(hall_id: str) -> Response:
    """The wall display of one hall; the device token comes in the URL fragment (#token=)."""
    if not HALL_ID.fullmatch(hall_id):
        abort(404)
    return _page({"kind": "hall", "hall": hall_id})


@blueprint.get("/window/<int:window_id>")
def window(window_id: int) -> Response:
    """The small screen above one counter (window id as in the API and the snapshot)."""
    return _page({"kind": "window", "window": window_id})


@blueprint.get("/vendor/<name>")
def vendor(name: str) -> Any:
    """The Socket.IO browser client from display/node_modules (npm install --prefix display)."""
    if name not in CLIENT_FILES:
        abort(404)
    path = CLIENT_DIST / name
    if not path.is_file():
        message = "socket.io-client missing: run `npm ci --prefix display`"
        return Response(message, status=503, mimetype="text/plain")
    response = Response(path.read_bytes(), mimetype=CLIENT_FILES[name])
    response.headers["Cache-Control"] = "public, max-age=3600"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
