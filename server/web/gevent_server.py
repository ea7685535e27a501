"""The gevent WSGI server we serve with: responses leave at once, every line it writes masked.

TCP_NODELAY: gevent's pywsgi writes a response's headers and body separately; with Nagle's
algorithm on, the body then waits for the client's delayed ACK, about 40 ms on every request.

Masking: pywsgi writes its access lines to `log` and its error lines (a malformed request
line, a bad header, with the request's text in them) to `error_log`, both sys.stderr unless
given. Here both are loggers, so their records are masked like all others
(server/log_privacy.py); gevent's hub prints a failed greenlet and its WSGI environ (path and
query string) to its exception_stream, which is made a masked stream.
"""

from __future__ import annotations

import logging
import socket
import sys
from typing import Any

import gevent
from gevent import pywsgi

from server.log_privacy import MaskedStream

access_log = logging.getLogger("onewindow.access")
error_log = logging.getLogger("onewindow.http")


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


def make_server(app: Any, host: str, port: int) -> pywsgi.WSGIServer:
    """The server for `app` (the Flask app with its Socket.IO middleware) on host:port."""
    gevent.get_hub().exception_stream = MaskedStream.around(sys.stderr)
    return pywsgi.WSGIServer(
        (host, port),
        app,
        handler_class=NoDelayHandler,
        log=access_log,  # pywsgi logs it at INFO; NoDelayHandler's own lines are DEBUG
        error_log=error_log,  # pywsgi logs it at ERROR
    )
