"""The words the console pages show, Chinese first.

Every console/i18n/<screen>.<locale>.json is merged into one catalogue per language, so each
screen keeps its own file: counter.zh_CN.json, manage.en.json, ...
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

FOLDER = Path(__file__).resolve().parent / "i18n"
LOCALES = {"zh": "zh_CN", "en": "en"}


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """Every page text by language: {"zh": {...}, "en": {...}}; a key defined twice is a bug."""
    out: dict[str, dict[str, str]] = {}
    for lang, locale in LOCALES.items():
        merged: dict[str, str] = {}
        for path in sorted(FOLDER.glob(f"*.{locale}.json")):
            texts = json.loads(path.read_text(encoding="utf-8"))
            clash = merged.keys() & texts.keys()
            if clash:
                raise ValueError(f"{path.name} redefines {sorted(clash)}")
            merged.update(texts)
        out[lang] = merged
    return out
