"""REST for the counter console and the rating pad: each view calls one use case."""

from __future__ import annotations

from flask import Blueprint

counter_api = Blueprint("counter_api", __name__, url_prefix="/api/v1")
