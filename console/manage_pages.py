"""Manager console (/manage)."""

from __future__ import annotations
