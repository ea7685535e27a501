"""REST for appointments (预约), cases (办件) and supervision reports: one use case per view."""

from __future__ import annotations

from flask import Blueprint

appointments_api = Blueprint("appointments_api", __name__, url_prefix="/api/v1")
