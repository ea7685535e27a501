"""The words the console pages show, Chinese first: console/i18n/<screen>.<locale>.json, merged."""

from __future__ import annotations

from pathlib import Path

from config.texts import TextCatalogue

_TEXTS = TextCatalogue(Path(__file__).resolve().parent / "i18n")
catalogue = _TEXTS.catalogue
both = _TEXTS.both
