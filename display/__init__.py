"""Hall wall display and window screens: pages fed only by Socket.IO events."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("display", __name__, url_prefix="/display")
