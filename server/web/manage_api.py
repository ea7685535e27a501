"""REST for the manager console: board, live actions, catalogue, staff, devices, audit."""

from __future__ import annotations

from flask import Blueprint

manage_api = Blueprint("manage_api", __name__, url_prefix="/api/v1")
