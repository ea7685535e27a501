"""How every console page is served: texts embedded, the strict headers, who is signed in.

The pages are static shells: a few texts and a little page config are embedded, every datum
comes from the authorised API and the live Socket.IO feed. They act with the session cookie or
a device token, so no script from elsewhere may run in them and they may not be framed
(clickjacking a call or revoke button). Each page carries its session's CSRF token in a meta
tag (before sign-in: the sign-in form's); the scripts send it back as X-CSRF-Token.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import Response, render_template
from markupsafe import Markup, escape

from console import texts
from console.base import Staff, host

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'none'"
)
both = texts.both


def bi(key: str, cls: str = "", **params: Any) -> Markup:
    """A bilingual text for a template: the Chinese line first, the English line second."""
    text = both(key, **params)
    return Markup(
        f'<span class="bi {escape(cls)}"><span class="zh" lang="zh-CN">{escape(text["zh"])}'
        f'</span><span class="en" lang="en">{escape(text["en"])}</span></span>'
    )


def render_page(
    template: str,
    title_key: str,
    page: dict[str, Any],
    prefixes: Sequence[str],
    status: int = 200,
    **context: Any,
) -> Response:
    """A page with the texts of its screens (keys starting with `prefixes`) embedded."""
    strings = {
        lang: {k: v for k, v in table.items() if k.startswith(tuple(prefixes))}
        for lang, table in texts.catalogue().items()
    }
    html = render_template(
        template, page=page, strings=strings, tr=both, bi=bi, title_key=title_key,
        csrf=host().csrf_token(), **context,
    )  # fmt: skip
    response = Response(html, status=status, mimetype="text/html")
    response.headers["Content-Security-Policy"] = POLICY
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store"
    return response


def signed_in() -> Staff | None:
    """The user of this session, if still active (the server's sessions decide)."""
    return host().signed_in()
