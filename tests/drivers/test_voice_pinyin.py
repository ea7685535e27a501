"""What the voices are asked to say: pinyin for the Chinese line, SSML for the English one."""

from __future__ import annotations

import importlib
import os

import pytest

from drivers.voice import Announcement
from drivers.voice.phrase import english_ssml, espeak_pinyin, to_pinyin, tokens

if os.environ.get("CI"):
    importlib.import_module("pypinyin")
else:
    pytest.importorskip("pypinyin")

CALL = Announcement.call("A012", "3")


def test_the_call_is_built_in_both_languages() -> None:
    assert CALL.zh == "请 A012 号到 3 号窗口办理"
    assert CALL.en == "Number A012, please go to window 3"


def test_the_call_sentence_in_tone_numbered_pinyin() -> None:
    assert to_pinyin(CALL.zh) == [
        "qing3",
        "A",
        "ling2",
        "yi1",
        "er4",
        "hao4",
        "dao4",
        "san1",
        "hao4",
        "chuang1",
        "kou3",
        "ban4",
        "li3",
    ]
    assert espeak_pinyin(CALL.zh) == (
        "qing3 A ling2 yi1 er4 hao4 dao4 san1 hao4 chuang1 kou3 ban4 li3"
    )


def test_numbers_are_read_digit_by_digit() -> None:
    assert to_pinyin("9876543210") == [
        "jiu3",
        "ba1",
        "qi1",
        "liu4",
        "wu3",
        "si4",
        "san1",
        "er4",
        "yi1",
        "ling2",
    ]
    assert to_pinyin("12号") == ["yi1", "er4", "hao4"]


def test_letters_are_read_as_letters_and_full_width_counts() -> None:
    assert to_pinyin("vip b05") == ["V", "I", "P", "B", "ling2", "wu3"]
    assert to_pinyin("Ｂ０５") == ["B", "ling2", "wu3"]
    assert [t.kind for t in tokens("A1号")] == ["letter", "digit", "syllable"]


def test_polyphones_follow_the_word_and_neutral_tone_is_five() -> None:
    assert to_pinyin("重新办理") == ["chong2", "xin1", "ban4", "li3"]
    assert to_pinyin("绿色通道的女士") == ["lv4", "se4", "tong1", "dao4", "de5", "nv3", "shi4"]


def test_punctuation_becomes_a_pause_and_symbols_are_dropped() -> None:
    assert espeak_pinyin("请取号，谢谢！") == "qing3 qu3 hao4 , xie4 xie4 ,"
    assert to_pinyin("#A-1") == ["A", "yi1"]


def test_english_line_spells_ticket_numbers_and_escapes_markup() -> None:
    assert english_ssml(CALL.en) == (
        '<speak>Number <say-as interpret-as="characters">A012</say-as>, please go to window '
        '<say-as interpret-as="characters">3</say-as></speak>'
    )
    assert english_ssml("Tom & <Jerry>") == "<speak>Tom &amp; &lt;Jerry&gt;</speak>"
