"""Counter console (/counter), rating pad (/rate/<window>) and sign-in page (/login).

The pages are static shells: the texts and a little page config are embedded, every datum
comes from the authorised API and the live Socket.IO feed. Strict CSP: only our own files run.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Response, current_app, redirect, render_template, request, session, url_for
from markupsafe import Markup, escape

from console import texts
from console.base import blueprint
from server.adapters.accounts import Principal, user_principal

# The pages act with the session cookie or a device token in localStorage: no script from
# elsewhere may run in them, and they may not be framed (clickjacking a call button).
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'none'"
)
PREFIXES = ("common.", "login.", "counter.", "rate.")
SAFE_NEXT = re.compile(r"/(?![/\\])[\w\-./?=&%#]*")


def both(key: str, **params: Any) -> dict[str, str]:
    """One text in both languages; an unknown key shows as itself so a gap is visible."""
    out = {}
    for lang, strings in texts.catalogue().items():
        text = strings.get(key, key)
        try:
            out[lang] = text.format(**params)
        except (KeyError, IndexError, ValueError):
            out[lang] = text
    return out


def bi(key: str, cls: str = "", **params: Any) -> Markup:
    """A bilingual text for a template: the Chinese line first, the English line second."""
    text = both(key, **params)
    return Markup(
        f'<span class="bi {escape(cls)}"><span class="zh" lang="zh-CN">{escape(text["zh"])}'
        f'</span><span class="en" lang="en">{escape(text["en"])}</span></span>'
    )


def render_page(template: str, title_key: str, page: dict[str, Any], status: int = 200) -> Response:
    """A console page with its texts embedded and the strict headers every page carries."""
    strings = {
        lang: {k: v for k, v in table.items() if k.startswith(PREFIXES)}
        for lang, table in texts.catalogue().items()
    }
    html = render_template(
        template, page=page, strings=strings, tr=both, bi=bi, title_key=title_key
    )
    response = Response(html, status=status, mimetype="text/html")
    response.headers["Content-Security-Policy"] = POLICY
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store"
    return response


def safe_next(raw: str | None, default: str = "/counter") -> str:
    """Only a path on this site: never //evil.example or a scheme."""
    if raw and SAFE_NEXT.fullmatch(raw):
        return raw
    return default


def signed_in() -> Principal | None:
    user_id = session.get("user_id")
    if user_id is None:
        return None
    return user_principal(current_app.extensions["onewindow"].engine, user_id)


def _client() -> str:
    return url_for("display.vendor", name="socket.io.esm.min.js")


def _seconds(name: str, default: int) -> int:
    """A page timing from the query string (short in tests), within sane bounds."""
    value = request.args.get(name, type=int)
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
        "window": request.args.get("window", type=int) or principal.window_id,
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
