"""Counter console (/counter), rating pad (/rate/<window>) and sign-in page (/login)."""

from __future__ import annotations
