"""Public pages on a citizen's phone: booking (/book/<hall>) and case look-up (/case).

Static shells like the other console pages (texts and page config embedded, strict CSP);
every datum comes from the public appointment and case API, personal data masked.
"""

from __future__ import annotations

from typing import Any

from flask import Response, render_template, request

from console import texts
from console.base import blueprint
from console.counter_pages import POLICY, bi, both

PREFIXES = ("common.", "book.", "case.")


def render_public(template: str, title_key: str, page: dict[str, Any]) -> Response:
    """A public page: its own texts only, the console's strict headers."""
    strings = {
        lang: {k: v for k, v in table.items() if k.startswith(PREFIXES)}
        for lang, table in texts.catalogue().items()
    }
    html = render_template(
        template, page=page, strings=strings, tr=both, bi=bi, title_key=title_key
    )
    response = Response(html, mimetype="text/html")
    response.headers["Content-Security-Policy"] = POLICY
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.get("/book/<hall_id>")
def book(hall_id: str) -> Response:
    return render_public("console/book.html", "book.title", {"hall": hall_id})


@blueprint.get("/case")
@blueprint.get("/case/<hall_id>")
def case(hall_id: str | None = None) -> Response:
    """The case look-up; the hall comes in the path or as ?hall= (a printed QR's link)."""
    hall = hall_id or request.args.get("hall", "")
    return render_public("console/case.html", "case.title", {"hall": hall[:40]})
