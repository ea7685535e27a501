"""Pages staff and citizens use at the counters: /counter, /rate/<window>, /manage, /login.

Each screen's routes live in their own module; importing them here registers them on the one
blueprint the server's app factory mounts.
"""

from __future__ import annotations

from console import (  # noqa: F401  (routes register on import)
    booking_pages,
    counter_pages,
    manage_pages,
    report_pages,
)
from console.base import blueprint

__all__ = ["blueprint"]
