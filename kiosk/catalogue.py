"""The services a citizen chooses from: grouped the way people think, searchable by pinyin.

Built from the hall catalogue, the waiting counts and the guides; the search matches the
Chinese name, the English name, the category, and the name's pinyin in full or by initials
(社保业务: "shebaoyewu", "sbyw"), so "sb" finds social security.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, TypedDict

from kiosk.guides import Guide, Words, guide_from_catalogue

# The order people expect on the screen; categories not listed follow in catalogue order.
CATEGORY_ORDER = ("社保医保", "户籍证件", "民政", "不动产", "企业开办", "工程建设", "咨询")
OTHER_CATEGORY = "其他"
CATEGORY_EN = {
    "社保医保": "Social security & medical insurance",
    "户籍证件": "Household registration & ID",
    "民政": "Civil affairs",
    "不动产": "Real estate",
    "企业开办": "Starting a business",
    "工程建设": "Construction",
    "咨询": "Enquiries",
    OTHER_CATEGORY: "Other",
}


@cache
def pinyin_keys(text: str) -> tuple[str, str]:
    """Return (full pinyin, initials) of `text` in lower case, without tones or spaces."""
    from pypinyin import Style, lazy_pinyin

    letters = [c for c in text if not c.isspace()]
    full = lazy_pinyin(letters, style=Style.NORMAL, errors="default")
    initials = lazy_pinyin(letters, style=Style.FIRST_LETTER, errors="default")
    return "".join(full).lower(), "".join(initials).lower()


class ServiceView(TypedDict):
    """A service as its button shows it."""

    code: str
    name: Words
    prefix: str
    category: str
    waiting: int | None
    estimated_minutes: float | None
    hint: Words
    has_guide: bool
    identity_check: bool


class CategoryView(TypedDict):
    """A category of services on the screen."""

    category: str
    name: Words
    services: list[ServiceView]


@dataclass(frozen=True)
class ServiceEntry:
    code: str
    name_zh: str
    name_en: str
    prefix: str
    category: str
    waiting: int | None
    estimated_minutes: float | None
    guide: Guide | None
    daily_cap: int | None = None
    identity_check: bool = False  # the live face is checked against the ID photo (人证核验)

    def rank(self, query: str) -> int | None:
        """Return how well a search box text finds this service (0 best), None if not at all.

        0: the name starts with it (社保业务 for "sb", "shebao", "社保", "social");
        1: the name holds it; 2: the category or the hint holds it.
        """
        q = "".join(query.split()).lower()
        if not q:
            return 0
        names = (self.name_zh, self.name_en.lower().replace(" ", ""), *pinyin_keys(self.name_zh))
        if any(n.startswith(q) for n in names):
            return 0
        if any(q in n for n in names):
            return 1
        hint = self.guide.hint_zh if self.guide else ""
        if any(q in k for k in (self.category, hint, *pinyin_keys(self.category))):
            return 2
        return None

    def view(self) -> ServiceView:
        """Return the service as a button shows it."""
        return {
            "code": self.code,
            "name": {"zh": self.name_zh, "en": self.name_en},
            "prefix": self.prefix,
            "category": self.category,
            "waiting": self.waiting,
            "estimated_minutes": self.estimated_minutes,
            "hint": {"zh": self.guide.hint_zh, "en": self.guide.hint_en}
            if self.guide
            else {"zh": "", "en": ""},
            "has_guide": self.guide is not None,
            "identity_check": self.identity_check,
        }


def build_entries(
    catalogue: Mapping[str, Any], queues: Mapping[str, Any] | None, guides: Mapping[str, Guide]
) -> list[ServiceEntry]:
    """Join the catalogue, the waiting counts and the guides into one entry per service."""
    lines = {line["code"]: line for line in (queues or {}).get("lines", [])}
    entries = []
    for s in catalogue.get("services", []):
        line = lines.get(s["code"], {})
        guide = guide_from_catalogue(s["code"], s.get("guide")) or guides.get(s["code"])
        entries.append(
            ServiceEntry(
                code=s["code"],
                name_zh=s.get("name_zh") or s["code"],
                name_en=s.get("name_en") or s["code"],
                prefix=s.get("prefix", ""),
                category=s.get("category") or OTHER_CATEGORY,
                waiting=line.get("waiting"),
                estimated_minutes=line.get("estimated_minutes"),
                guide=guide,
                daily_cap=s.get("daily_cap"),
                identity_check=s.get("identity_check") is True,
            )
        )
    return entries


def group_by_category(entries: Iterable[ServiceEntry]) -> list[CategoryView]:
    """Return [{category, name, services}] in the order people expect."""
    groups: dict[str, list[ServiceEntry]] = {}
    for e in entries:
        groups.setdefault(e.category, []).append(e)

    def rank(category: str) -> int:
        return CATEGORY_ORDER.index(category) if category in CATEGORY_ORDER else len(CATEGORY_ORDER)

    ordered = sorted(groups, key=rank)  # stable: unknown categories keep catalogue order
    return [
        {
            "category": c,
            "name": {"zh": c, "en": CATEGORY_EN.get(c, "")},
            "services": [e.view() for e in groups[c]],
        }
        for c in ordered
    ]


def search(entries: Iterable[ServiceEntry], query: str) -> list[ServiceEntry]:
    """Return the entries the search text finds, best first, then in screen order."""
    ranked = [(rank, i, e) for i, e in enumerate(entries) if (rank := e.rank(query)) is not None]
    return [e for _, _, e in sorted(ranked, key=lambda r: (r[0], r[1]))]


def elderly_choices(entries: list[ServiceEntry], codes: Iterable[str]) -> list[ServiceEntry]:
    """Return the few services elderly mode offers: the configured ones, else the first six."""
    wanted = list(codes)
    if not wanted:
        return entries[:6]
    by_code = {e.code: e for e in entries}
    return [by_code[c] for c in wanted if c in by_code]
