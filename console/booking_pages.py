"""Public pages on a citizen's phone: booking (/book/<hall>) and case look-up (/case).

Static shells like the other console pages (texts and page config embedded, strict CSP);
every datum comes from the public appointment and case API, personal data masked.
"""

from __future__ import annotations

from typing import Any

from flask import Response, request

from console import rendering
from console.base import blueprint

PREFIXES = ("common.", "book.", "case.")


def render_public(template: str, title_key: str, page: dict[str, Any]) -> Response:
    """A public page: its own texts only, the console's strict headers."""
    return rendering.render_page(template, title_key, page, PREFIXES)


@blueprint.get("/book/<hall_id>")
def book(hall_id: str) -> Response:
    return render_public("console/book.html", "book.title", {"hall": hall_id})


@blueprint.get("/case")
@blueprint.get("/case/<hall_id>")
def case(hall_id: str | None = None) -> Response:
    """The case look-up; the hall comes in the path or as ?hall= (a printed QR's link)."""
    hall = hall_id or request.args.get("hall", "")
    return render_public("console/case.html", "case.title", {"hall": hall[:40]})
