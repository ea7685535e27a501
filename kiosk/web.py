"""The touch UI on 127.0.0.1: one page, and a small JSON API the page calls. Views parse,
call one flow, render; typed errors come back as {"error": {code, zh, en}, "retry": ...},
refused requests too (a malformed body or value: 400 bad_request, never a 500)."""

from __future__ import annotations

import logging
import re
from importlib.util import find_spec
from pathlib import Path

from flask import Flask, Response, abort, jsonify, render_template, request, send_from_directory
from werkzeug.exceptions import HTTPException

from drivers.errors import DeviceError
from kiosk import texts
from kiosk.errors import KioskError, ServerRefused, ServerUnreachable
from kiosk.flows import Faces
from kiosk.program import Kiosk

log = logging.getLogger(__name__)

# Only the kiosk's own files run; QR pictures come as data: URIs, voice from this origin.
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "media-src 'self' blob:; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'none'"
)
REQUEST_ID = re.compile(r"[A-Za-z0-9-]{8,64}")
SERVICE = re.compile(r"[a-z0-9_]{1,40}")
CASE_NUMBER = re.compile(r"[A-Za-z0-9-]{0,32}")
HELP_REASON = re.compile(r"failed|no_face")
UNPRINTABLE = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")
MAX_DEPTH = 4


def create_ui_app(kiosk: Kiosk) -> Flask:
    app = Flask(__name__, template_folder="templates", static_folder="static")
    app.config["KIOSK"] = kiosk
    flows, session = kiosk.flows, kiosk.session
    kit = kit_folder()

    def faces() -> Faces:
        """The face flows, which build_kiosk gives every kiosk."""
        if flows.faces is None:
            raise RuntimeError("the kiosk was built without its face flows")
        return flows.faces

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = POLICY
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.before_request
    def _guard() -> None:
        # A custom header cannot be sent cross-origin without a preflight nobody answers:
        # no other page in the kiosk browser can take numbers in a citizen's name.
        if request.method == "POST" and request.headers.get("X-Kiosk") != "1":
            abort(403)
        if request.path.startswith("/api/") and request.endpoint != "state":
            session.touch()

    @app.errorhandler(KioskError)
    def _kiosk_error(e: KioskError) -> tuple[Response, int]:
        status = 503 if isinstance(e, ServerUnreachable) else 409
        if isinstance(e, ServerRefused):
            status = e.status
        return jsonify({"error": e.view(), "retry": isinstance(e, ServerUnreachable)}), status

    @app.errorhandler(DeviceError)
    def _device_error(e: DeviceError) -> tuple[Response, int]:
        return jsonify({"error": {"code": e.code, "zh": e.zh, "en": e.en}, "retry": False}), 503

    @app.errorhandler(HTTPException)
    def _refused(e: HTTPException) -> tuple[Response, int]:
        status = e.code or 400
        code = {400: "bad_request", 403: "forbidden", 404: "not_found"}.get(status, "kiosk_error")
        words = texts.both("error.kiosk_error")
        return jsonify({"error": {"code": code, **words}, "retry": False}), status

    @app.get("/")
    def index() -> str:
        page = {
            "idle_seconds": kiosk.cfg.idle_timeout_seconds,
            "kiosk": kiosk.cfg.name,
            "hall_name": kiosk.cfg.hall_name or kiosk.cfg.hall,
        }
        return render_template(
            "kiosk/index.html", page=page, strings=texts.catalogue(), tr=texts.both
        )

    @app.get("/kit/<path:name>")
    def kit_file(name: str) -> Response:
        """The static kit the display and consoles share (i18n, API client, DOM, base styles)."""
        return send_from_directory(kit, name)

    @app.get("/api/state", endpoint="state")
    def state() -> Response:
        return jsonify(kiosk.state())

    @app.get("/api/services")
    def services() -> Response:
        query = request.args.get("q", "")[:40]
        return jsonify(flows.services(query, elderly=request.args.get("elderly") == "1"))

    @app.post("/api/tickets")
    def take_number() -> tuple[Response, int]:
        body = _body()
        result = flows.take_number(
            _match(body.get("service"), SERVICE),
            _match(body.get("request_id"), REQUEST_ID),
            body.get("green_channel") is True,
        )
        return jsonify(result), 201

    @app.get("/api/guides/<service>")
    def guide(service: str) -> Response:
        return jsonify(flows.guide(_match(service, SERVICE)))

    @app.post("/api/guides/<service>/print")
    def print_checklist(service: str) -> Response:
        return jsonify(flows.print_checklist(_match(service, SERVICE)))

    @app.post("/api/check-in")
    def check_in() -> Response:
        body = _body()
        method = body.get("method")
        if not isinstance(method, str) or method not in ("card", "qr", "face"):
            abort(400)
        key = _match(body.get("request_id"), REQUEST_ID)
        if method == "face":
            return jsonify(faces().check_in(key))
        return jsonify(flows.check_in(method, key))

    @app.post("/api/identity-check")
    def identity_check() -> Response:
        """人证核验: the live face against the photo of the card just read."""
        return jsonify(faces().identity_check(_match(_body().get("service"), SERVICE)))

    @app.post("/api/help")
    def call_staff() -> Response:
        body = _body()
        service = body.get("service")
        return jsonify(
            faces().call_staff(
                _match(body.get("reason"), HELP_REASON),
                _match(service, SERVICE) if service is not None else None,
            )
        )

    @app.post("/api/cases")
    def look_up() -> Response:
        body = _body()
        return jsonify(flows.look_up(_match(body.get("case_number") or "", CASE_NUMBER)))

    @app.post("/api/touch")
    def touch() -> Response:
        """The citizen is still there (scrolling, reading): keep the person (see _guard)."""
        return jsonify({"ok": True})

    @app.post("/api/reset")
    def reset() -> Response:
        session.forget()
        return jsonify({"ok": True})

    @app.get("/api/voice/<key>")
    def voice(key: str) -> Response:
        """A prompt as WAV. The number it may say is the one of the ticket this kiosk just
        showed (the server's answer), never text from the page: nothing to check here."""
        if not re.fullmatch(r"[a-z_]{1,40}", key) or f"voice.{key}" not in texts.catalogue()["zh"]:
            abort(404)
        words = texts.both(f"voice.{key}", number=" ".join(flows.shown_number or ""))
        audio = kiosk.devices.speak(words["zh"], words["en"])
        if not audio:
            return Response(status=204)
        return Response(audio, mimetype="audio/wav")

    return app


def _body() -> dict[str, object]:
    """The page's JSON object; anything else is a 400 (the page never sends it)."""
    try:
        body = request.get_json(silent=True)
    except RecursionError:  # nested thousands deep: as malformed as any other bad body
        body = None
    if not isinstance(body, dict) or not _clean(body):
        abort(400)
    return body


def _clean(body: dict[str, object]) -> bool:
    """No deep nesting, no control character or lone surrogate in any key or string: the
    page's bodies are flat objects of codes and flags."""
    stack: list[tuple[object, int]] = [(body, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, str) and UNPRINTABLE.search(node):
            return False
        if isinstance(node, dict | list) and depth > MAX_DEPTH:
            return False
        if isinstance(node, dict):
            stack += [(k, depth) for k in node] + [(v, depth + 1) for v in node.values()]
        elif isinstance(node, list):
            stack += [(v, depth + 1) for v in node]
    return True


def _match(value: object, pattern: re.Pattern[str]) -> str:
    if not isinstance(value, str) or not pattern.fullmatch(value):
        abort(400)
    return value


def kit_folder() -> Path:
    """display/static/kit, found without importing the display package (its blueprint)."""
    spec = find_spec("display")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the display package (the static kit's home) is not installed")
    return Path(spec.submodule_search_locations[0]) / "static" / "kit"
