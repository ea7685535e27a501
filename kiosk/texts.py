"""The words the kiosk shows and says, Chinese first: catalogues in kiosk/i18n/."""

from __future__ import annotations

from pathlib import Path

from config.texts import TextCatalogue

_TEXTS = TextCatalogue(Path(__file__).resolve().parent / "i18n")
catalogue = _TEXTS.catalogue
both = _TEXTS.both
