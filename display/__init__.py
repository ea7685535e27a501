"""Hall wall display and window screens: pages fed only by Socket.IO events.

The blueprint (mounted at /display by the server's app factory with `mount(app, Host(...))`)
serves the two pages, their static files, the Socket.IO browser client installed by npm
(display/package.json) and the spoken calls rendered by the voice driver.
"""

from __future__ import annotations

from flask import Flask

from display.host import EXTENSION, Caller, Host
from display.pages import blueprint

__all__ = ["Caller", "Host", "blueprint", "mount"]


def mount(app: Flask, host: Host) -> None:
    """Serve the display's pages and routes on `app`, asking `host` who calls."""
    app.extensions[EXTENSION] = host
    app.register_blueprint(blueprint)
