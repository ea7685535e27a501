"""Manager console (/manage): the hall's live board, its actions, catalogue and staff."""

from __future__ import annotations

import re
from typing import Any

from flask import Response, current_app, redirect, render_template, request, session, url_for
from markupsafe import Markup, escape

from console import texts
from console.base import blueprint
from server.adapters.accounts import Principal, user_principal

MANAGERS = ("manager", "admin")
PREFIXES = ("common.", "manage.")
LOGIN = "/login?next=/manage"
HALL_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
# The page runs only its own files; it acts with the session cookie, so no script from
# elsewhere may ever run in it, and it may not be framed (clickjacking a revoke button).
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'none'"
)


def _both(key: str, **params: Any) -> dict[str, str]:
    """One text in both languages; an unknown key shows as itself so a gap is visible."""
    out = {}
    for lang, strings in texts.catalogue().items():
        text = strings.get(key, key)
        try:
            out[lang] = text.format(**params)
        except (KeyError, IndexError, ValueError):
            out[lang] = text
    return out


def _bi(key: str, cls: str = "", **params: Any) -> Markup:
    """A bilingual text for the shared header: the Chinese line first, the English second."""
    text = _both(key, **params)
    return Markup(
        f'<span class="bi {escape(cls)}"><span class="zh" lang="zh-CN">{escape(text["zh"])}'
        f'</span><span class="en" lang="en">{escape(text["en"])}</span></span>'
    )


def _signed_in() -> Principal | None:
    user_id = session.get("user_id")
    if user_id is None:
        return None
    return user_principal(current_app.extensions["onewindow"].engine, user_id)


def _render(template: str, status: int, page: dict[str, Any]) -> Response:
    """Render on console/_base.html with the manage.* texts and the strict headers."""
    strings = {
        lang: {k: v for k, v in table.items() if k.startswith(PREFIXES)}
        for lang, table in texts.catalogue().items()
    }
    html = render_template(
        template, page=page, strings=strings, tr=_both, bi=_bi, title_key="manage.title",
        no_hall=page.get("no_hall", False),
    )  # fmt: skip
    response = Response(html, status=status, mimetype="text/html")
    response.headers["Content-Security-Policy"] = POLICY
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.get("/manage")
def manage() -> Any:
    """The console of one hall's managers; others are sent to sign in or refused."""
    principal = _signed_in()
    if principal is None:
        return redirect(LOGIN)
    if principal.role not in MANAGERS:
        return _render("console/manage_refused.html", 403, {"user": principal.name})
    # a manager runs their own hall; an admin (of no one hall) names it: /manage?hall=<id>
    hall = principal.hall_id or request.args.get("hall", "")
    if not HALL_ID.fullmatch(hall):
        page = {"user": principal.name, "no_hall": True}
        return _render("console/manage_refused.html", 400, page)
    page = {
        "hall": hall,
        "role": principal.role,
        "user": principal.name,
        "client": url_for("display.vendor", name="socket.io.esm.min.js"),
        "display": url_for("display.hall", hall_id=hall),
        "login": LOGIN,
    }
    return _render("console/manage.html", 200, page)
