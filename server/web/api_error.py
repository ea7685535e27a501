"""The web layer's typed refusal: a status, a stable code and the parameters of its words.

Its own module so that the request guard (server/web/request_guard.py) and the error mapping
that installs it (server/web/errors.py, which re-exports it) need not import each other.
"""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    def __init__(self, status: int, code: str, **params: Any) -> None:
        self.status, self.code, self.params = status, code, params
        super().__init__(code)
