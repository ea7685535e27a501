"""Services grouped the way people think, and a search box that understands pinyin."""

from __future__ import annotations

from pathlib import Path

from kiosk.catalogue import build_entries, elderly_choices, group_by_category, search
from kiosk.guides import Guide, load_guides
from server.adapters.hall_file import load_hall

ROOT = Path(__file__).resolve().parents[2]
GUIDES = load_guides(ROOT / "config" / "guides.example.toml")


def _catalogue() -> dict:
    hall = load_hall(ROOT / "config" / "hall.example.toml")
    services = [
        {
            "code": s.code,
            "name_zh": s.name_zh,
            "name_en": s.name_en,
            "prefix": s.prefix,
            "category": s.category,
        }  # fmt: skip
        for s in hall.services
    ]
    return {"hall": "dingcheng", "services": services, "windows": []}


QUEUES = {"lines": [{"code": "social_security", "waiting": 7, "estimated_minutes": 12.4}]}


def _entries():
    return build_entries(_catalogue(), QUEUES, GUIDES)


def test_groups_come_in_the_order_people_expect():
    groups = group_by_category(_entries())
    assert [g["category"] for g in groups] == [
        "社保医保", "户籍证件", "民政", "不动产", "企业开办", "工程建设", "咨询",
    ]  # fmt: skip
    first = groups[0]
    assert first["name"] == {"zh": "社保医保", "en": "Social security & medical insurance"}
    social = first["services"][0]
    assert social["code"] == "social_security" and social["waiting"] == 7
    assert social["estimated_minutes"] == 12.4 and social["hint"]["zh"].startswith("参保登记")


def test_an_unknown_category_goes_last_and_an_empty_one_is_other():
    catalogue = _catalogue()
    catalogue["services"].append({"code": "tax", "name_zh": "税务", "name_en": "Tax",
                                  "prefix": "T", "category": "税务"})  # fmt: skip
    catalogue["services"].append({"code": "misc", "name_zh": "其他", "name_en": "Misc",
                                  "prefix": "M", "category": ""})  # fmt: skip
    groups = group_by_category(build_entries(catalogue, None, {}))
    assert [g["category"] for g in groups][-2:] == ["税务", "其他"]


def _codes(query: str) -> list[str]:
    return [e.code for e in search(_entries(), query)]


def test_pinyin_initials_full_pinyin_chinese_and_english_all_find_services():
    # 社保业务 by its name first; 医保业务 after it, by its category 社保医保
    assert _codes("sb") == _codes("SB") == ["social_security", "medical_insurance"]
    assert _codes("bdc") == ["real_estate"]  # 不动产登记
    assert _codes("shebao")[0] == "social_security"
    assert _codes("医保")[0] == "medical_insurance"
    assert _codes("estate") == ["real_estate"]
    assert set(_codes("yb")) >= {"medical_insurance"}
    assert "household" in _codes("hj")  # 户籍证件
    assert _codes("") == [e.code for e in _entries()]
    assert _codes("zzzz") == []


def test_a_category_word_finds_its_services():
    assert set(_codes("民政")) == {"civil_affairs", "elderly_card"}


def test_elderly_mode_offers_few_services():
    entries = _entries()
    assert [e.code for e in elderly_choices(entries, ["elderly_card", "nope", "household"])] == [
        "elderly_card",
        "household",
    ]
    assert len(elderly_choices(entries, [])) == 6


def test_the_catalogues_own_guide_wins_over_the_file():
    catalogue = _catalogue()
    catalogue["services"][0]["guide"] = {"materials_zh": ["社保卡"], "hint_zh": "来自服务器"}
    entry = build_entries(catalogue, None, GUIDES)[0]
    assert isinstance(entry.guide, Guide)
    assert entry.guide.materials_zh == ("社保卡",) and entry.guide.hint_zh == "来自服务器"
