"""The staff and citizen consoles' blueprint, and what its pages take from the server.

The server's app factory mounts the console (`console.mount(app, Host(...))`) and hands over
what the pages need from its web and service layers: who is signed in on this request's
session, the session's CSRF token, and the printable report's use case with the wording of
its errors (`Reports`). So the console imports nothing of the server but its pure domain, and
the server's sessions, use cases and error texts stay written once, in server/.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from flask import Blueprint, current_app

from server.domain.errors import DomainError

blueprint = Blueprint(
    "console",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/console/static",
)
EXTENSION = "console.host"


class Staff(Protocol):
    """A signed-in user, as the pages show and check them."""

    @property
    def name(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def hall_id(self) -> str | None: ...
    @property
    def window_id(self) -> int | None: ...


@dataclass(frozen=True)
class Reports:
    """The printable report's use case as the host runs it: the report API's own calls."""

    hall_now: Callable[[str], datetime]  # the hall's local time: default period, the stamp
    figures: Callable[[str, date, date], dict[str, Any]]  # (hall, first, last): with series
    words: Callable[[DomainError], dict[str, str]]  # a refusal's {zh, en}, as the API says it


@dataclass(frozen=True)
class Host:
    """What the mounting server gives the pages; all are called inside a request."""

    signed_in: Callable[[], Staff | None]  # the session's user, if still active
    csrf_token: Callable[[], str]  # the session's token (before sign-in: the form's)
    reports: Reports | None = None  # None: this host prints no report (/manage/report is 404)


def host() -> Host:
    """The host the app factory mounted the console with."""
    found = current_app.extensions.get(EXTENSION)
    if not isinstance(found, Host):
        raise RuntimeError("the console is not mounted: console.mount(app, Host(...))")
    return found
