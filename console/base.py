"""The staff and citizen consoles' blueprint: counter console, rating pad, manager console."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint(
    "console",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/console/static",
)
