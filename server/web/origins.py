"""Which pages may open the live feed: the server's own, and the configured origins.

A browser sends the cookie of a signed-in manager with a WebSocket opened by any page of the
same site, another port of the same host included, and only the Origin header tells them
apart. So a connection whose Origin is neither the address the browser used to reach this
server (its Host, and its scheme as seen through the trusted proxies: ProxyFix runs before
Socket.IO) nor one of ONEWINDOW_ALLOWED_ORIGINS is refused before it is made. A request with
no Origin comes from no browser (a kiosk's or a test's python client) and carries no one
else's cookie: it goes on to be authenticated as usual.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from config.server import normal_origin


def own_origin(environ: dict[str, Any]) -> str | None:
    host = environ.get("HTTP_HOST")
    if not host:
        return None
    return normal_origin(str(environ.get("wsgi.url_scheme", "http")), str(host))


def origin_check(allowed: tuple[str, ...]) -> Callable[[str | None, dict[str, Any]], bool]:
    """engineio's cors_allowed_origins(origin, environ): may a page of `origin` connect?"""
    configured = frozenset(allowed)

    def allowed_origin(origin: str | None, environ: dict[str, Any]) -> bool:
        if not origin:
            return True
        scheme, _, host = origin.partition("://")
        sent = normal_origin(scheme, host)
        return sent in configured or sent == own_origin(environ)

    return allowed_origin
