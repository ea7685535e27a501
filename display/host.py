"""What the display's routes take from the server that mounts them: who is calling.

The server's app factory mounts the display (`display.mount(app, Host(...))`) and hands over
its way of telling the caller of a request: the device of a Bearer token, else the signed-in
user of the session. So the display imports nothing of the server's web layer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from flask import current_app

EXTENSION = "display.host"


class Caller(Protocol):
    """A device or user calling a display route, as the route checks them."""

    @property
    def role(self) -> str: ...


@dataclass(frozen=True)
class Host:
    """What the mounting server gives the display's routes; called inside a request."""

    caller: Callable[[], Caller | None]


def host() -> Host:
    """The host the app factory mounted the display with."""
    found = current_app.extensions.get(EXTENSION)
    if not isinstance(found, Host):
        raise RuntimeError("the display is not mounted: display.mount(app, Host(...))")
    return found
