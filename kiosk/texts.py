"""The words the kiosk shows and says, Chinese first: catalogues in kiosk/i18n/."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).resolve().parent / "i18n"
LOCALES = {"zh": "zh_CN", "en": "en"}


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """Every text by language, as the page receives it: {"zh": {...}, "en": {...}}."""
    return {
        lang: json.loads((FOLDER / f"{locale}.json").read_text(encoding="utf-8"))
        for lang, locale in LOCALES.items()
    }


def both(key: str, **params: Any) -> dict[str, str]:
    """One text in both languages; an unknown key shows as itself so a gap is visible."""
    out = {}
    for lang, texts in catalogue().items():
        text = texts.get(key, key)
        try:
            out[lang] = text.format(**params)
        except (KeyError, IndexError, ValueError):
            out[lang] = text
    return out
