"""Bilingual text catalogues (Chinese first, English second) for every screen's i18n folder.

A folder holds `<locale>.json` files (zh_CN.json, en.json), or several `<part>.<locale>.json`
files that are merged (a key defined twice is an error). Each screen package keeps one
`TextCatalogue` over its own folder.
"""

from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path

LOCALES = {"zh": "zh_CN", "en": "en"}


class TextCatalogue:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @cached_property
    def _tables(self) -> dict[str, dict[str, str]]:
        out: dict[str, dict[str, str]] = {}
        for lang, locale in LOCALES.items():
            merged: dict[str, str] = {}
            for path in sorted(self.folder.glob(f"*{locale}.json")):
                if path.name != f"{locale}.json" and not path.name.endswith(f".{locale}.json"):
                    continue
                texts = json.loads(path.read_text(encoding="utf-8"))
                clash = merged.keys() & texts.keys()
                if clash:
                    raise ValueError(f"{path.name} redefines {sorted(clash)}")
                merged.update(texts)
            out[lang] = merged
        return out

    def catalogue(self) -> dict[str, dict[str, str]]:
        """Every text by language, as the pages receive it: {"zh": {...}, "en": {...}}."""
        return self._tables

    def both(self, key: str, **params: object) -> dict[str, str]:
        """One text in both languages; an unknown key shows as itself so a gap is visible."""
        out = {}
        for lang, texts in self._tables.items():
            text = texts.get(key, key)
            try:
                out[lang] = text.format(**params)
            except (KeyError, IndexError, ValueError):
                out[lang] = text
        return out
