"""办事指南: what a service needs (conditions, materials, time limit, fees), Chinese first.

The hall catalogue wins when it carries a guide for a service (a ``guide`` object with the
same keys); otherwise the kiosk's own guide file (config/guides.example.toml) answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict

from config.reader import Table, load_toml


class Words(TypedDict):
    """One text in both languages."""

    zh: str
    en: str


class WordLists(TypedDict):
    zh: list[str]
    en: list[str]


class GuideView(TypedDict):
    """A guide as the page shows it."""

    service: str
    hint: Words
    conditions: WordLists
    materials: WordLists
    time_limit: Words
    fees: Words


@dataclass(frozen=True)
class Guide:
    service: str
    hint_zh: str = ""
    hint_en: str = ""
    conditions_zh: tuple[str, ...] = ()
    conditions_en: tuple[str, ...] = ()
    materials_zh: tuple[str, ...] = ()
    materials_en: tuple[str, ...] = ()
    time_limit_zh: str = ""
    time_limit_en: str = ""
    fees_zh: str = ""
    fees_en: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def view(self) -> GuideView:
        """Return the guide as the page shows it."""
        return {
            "service": self.service,
            "hint": {"zh": self.hint_zh, "en": self.hint_en},
            "conditions": {"zh": list(self.conditions_zh), "en": list(self.conditions_en)},
            "materials": {"zh": list(self.materials_zh), "en": list(self.materials_en)},
            "time_limit": {"zh": self.time_limit_zh, "en": self.time_limit_en},
            "fees": {"zh": self.fees_zh, "en": self.fees_en},
        }


_LISTS = ("conditions_zh", "conditions_en", "materials_zh", "materials_en")
_TEXTS = ("hint_zh", "hint_en", "time_limit_zh", "time_limit_en", "fees_zh", "fees_en")


def _guide_from_table(t: Table) -> Guide:
    values: dict[str, Any] = {"service": t.get("service", str)}
    for key in _TEXTS:
        values[key] = t.get(key, str, "")
    for key in _LISTS:
        values[key] = tuple(t.strings(key, []) or ())
    t.finish()
    return Guide(**values)


def load_guides(path: str | Path) -> dict[str, Guide]:
    """Read a guide file; ConfigError names the first bad key. A missing file gives none."""
    if not Path(path).is_file():
        return {}
    root = Table(load_toml(path), str(path), "")
    guides = {g.service: g for g in map(_guide_from_table, root.tables("guides"))}
    root.finish()
    return guides


def guide_from_catalogue(code: str, raw: Any) -> Guide | None:
    """Read a ``guide`` object of a catalogue service, ignoring what it does not know."""
    if not isinstance(raw, dict):
        return None
    values: dict[str, Any] = {"service": code}
    for key in _TEXTS:
        values[key] = str(raw.get(key) or "")
    for key in _LISTS:
        items = raw.get(key) or []
        values[key] = tuple(str(i) for i in items) if isinstance(items, list) else ()
    return Guide(**values)
