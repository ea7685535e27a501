"""The gevent WSGI handler we serve with: responses leave at once (TCP_NODELAY).

gevent's pywsgi writes a response's headers and body separately; with Nagle's algorithm on,
the body then waits for the client's delayed ACK, about 40 ms on every request.
"""

from __future__ import annotations

import logging
import socket

from gevent import pywsgi

access_log = logging.getLogger("onewindow.access")


class NoDelayHandler(pywsgi.WSGIHandler):  # type: ignore[misc]
    def handle(self) -> None:
        try:
            self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:  # not a TCP socket (a Unix socket in front of a proxy)
            pass
        super().handle()

    def log_request(self) -> None:
        """Access lines go to logging at DEBUG (`onewindow --verbose`), masked like all records
        (server/log_privacy.py): a query string never shows an ID or phone number."""
        if access_log.isEnabledFor(logging.DEBUG):
            access_log.debug("%s", self.format_request())
