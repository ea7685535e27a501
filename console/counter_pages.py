"""Counter console (/counter), rating pad (/rate/<window>) and sign-in page (/login)."""

from __future__ import annotations

import re
from typing import Any

from flask import Response, redirect, request, url_for

from console import rendering
from console.base import blueprint
from console.rendering import signed_in

PREFIXES = ("common.", "login.", "counter.", "rate.")
SAFE_NEXT = re.compile(r"/(?![/\\])[\w\-./?=&%#]*")
WHOLE_NUMBER = re.compile("[0-9]{1,9}")  # ASCII only: int() would also read "٣" as 3


def render_page(template: str, title_key: str, page: dict[str, Any], status: int = 200) -> Response:
    """A counter, pad or sign-in page with its texts embedded and the strict headers."""
    return rendering.render_page(template, title_key, page, PREFIXES, status)


def safe_next(raw: str | None, default: str = "/counter") -> str:
    """Only a path on this site: never //evil.example or a scheme."""
    if raw and SAFE_NEXT.fullmatch(raw):
        return raw
    return default


def _client() -> str:
    return url_for("display.vendor", name="socket.io.esm.min.js")


def _number(name: str) -> int | None:
    """A whole number from the query string, or None when absent or not ASCII digits."""
    raw = request.args.get(name)
    return int(raw) if raw is not None and WHOLE_NUMBER.fullmatch(raw) else None


def _seconds(name: str, default: int) -> int:
    """A page timing from the query string (short in tests), within sane bounds."""
    value = _number(name)
    return default if value is None else max(1, min(value, 600))


@blueprint.get("/login")
def login() -> Response:
    return render_page(
        "console/login.html", "login.title", {"next": safe_next(request.args.get("next"))}
    )


@blueprint.get("/counter")
def counter() -> Any:
    """The clerk's console; a visitor without a session signs in first."""
    principal = signed_in()
    if principal is None:
        return redirect(url_for("console.login", next=request.full_path.rstrip("?")))
    page = {
        "user": principal.name,
        "role": principal.role,
        "hall": principal.hall_id,
        "window": _number("window") or principal.window_id,
        "client": _client(),
    }
    return render_page("console/counter.html", "counter.title", page)


@blueprint.get("/rate/<int:window_id>")
def rate(window_id: int) -> Response:
    """The citizen-facing rating pad of one window; its device token comes in #token=."""
    page = {
        "window": window_id,
        "client": _client(),
        "thanks_seconds": _seconds("thanks", 6),
        "ask_seconds": _seconds("ask", 120),
    }
    return render_page("console/rate.html", "rate.title", page)
