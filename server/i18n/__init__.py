"""Words people read, in Chinese first and English second: message catalogues by key."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

LOCALES = ("zh_CN", "en")


@cache
def catalogue(locale: str) -> dict[str, str]:
    """The locale's messages by key (a flat JSON object of strings)."""
    path = Path(__file__).parent / f"{locale}.json"
    loaded = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(loaded, dict) or not all(isinstance(v, str) for v in loaded.values()):
        raise ValueError(f"{path.name}: a catalogue is one JSON object of strings")
    return {str(key): text for key, text in loaded.items()}


def translate(key: str, locale: str, **params: Any) -> str:
    """Look the key up; an unknown key falls back to the key itself (and is logged by tests)."""
    text = catalogue(locale).get(key, key)
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text


def both(key: str, **params: Any) -> dict[str, str]:
    """The message in every locale, Chinese first: {"zh": ..., "en": ...}."""
    return {"zh": translate(key, "zh_CN", **params), "en": translate(key, "en", **params)}
