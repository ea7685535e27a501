"""Public pages on a citizen's phone: booking (/book/<hall>) and case look-up (/case)."""

from __future__ import annotations
