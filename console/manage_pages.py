"""Manager console (/manage): the hall's live board, its actions, catalogue and staff."""

from __future__ import annotations

import re
from typing import Any

from flask import Response, redirect, request, url_for

from console import rendering
from console.base import blueprint
from console.rendering import signed_in

MANAGERS = ("manager", "admin")
PREFIXES = ("common.", "manage.")
LOGIN = "/login?next=/manage"
HALL_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")


def _render(template: str, status: int, page: dict[str, Any]) -> Response:
    """Render on console/_base.html with the manage.* texts and the strict headers."""
    return rendering.render_page(
        template, "manage.title", page, PREFIXES, status, no_hall=page.get("no_hall", False)
    )


@blueprint.get("/manage")
def manage() -> Any:
    """The console of one hall's managers; others are sent to sign in or refused."""
    principal = signed_in()
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
