"""Pages staff and citizens use at the counters: /counter, /rate/<window>, /manage, /login.

Each screen's routes live in their own module; importing them here registers them on the one
blueprint the server's app factory mounts with `mount(app, Host(...))` (console/base.py).
"""

from __future__ import annotations

from flask import Flask

from console import (  # noqa: F401  (routes register on import)
    booking_pages,
    counter_pages,
    manage_pages,
    report_pages,
)
from console.base import EXTENSION, Host, Reports, Staff, blueprint

__all__ = ["Host", "Reports", "Staff", "blueprint", "mount"]


def mount(app: Flask, host: Host) -> None:
    """Serve the console's pages on `app`, asking `host` about sessions and reports."""
    app.extensions[EXTENSION] = host
    app.register_blueprint(blueprint)
