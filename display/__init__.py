"""Hall wall display and window screens: pages fed only by Socket.IO events.

The blueprint (mounted at /display by the server's app factory) serves the two pages, their
static files, the Socket.IO browser client installed by npm (display/package.json) and the
spoken calls rendered by the voice driver.
"""

from __future__ import annotations

from display.pages import blueprint

__all__ = ["blueprint"]
