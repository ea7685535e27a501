"""What every use case is handed besides its command and unit of work."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Context:
    now: datetime
    hash_id: Callable[[str], str]  # keyed hash of an ID number, for look-up without storing it
