"""The gevent WSGI handler we serve with: responses leave at once (TCP_NODELAY).

gevent's pywsgi writes a response's headers and body separately; with Nagle's algorithm on,
the body then waits for the client's delayed ACK, about 40 ms on every request.
"""

from __future__ import annotations

import socket

from gevent import pywsgi


class NoDelayHandler(pywsgi.WSGIHandler):  # type: ignore[misc]
    def handle(self) -> None:
        try:
            self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:  # not a TCP socket (a Unix socket in front of a proxy)
            pass
        super().handle()
