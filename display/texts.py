"""The words the display pages show, Chinese first: catalogues in display/i18n/."""

from __future__ import annotations

from pathlib import Path

from config.texts import TextCatalogue

_TEXTS = TextCatalogue(Path(__file__).resolve().parent / "i18n")
catalogue = _TEXTS.catalogue
both = _TEXTS.both
