"""Turn announcement text into what a voice reads: pinyin syllables, digits, letters, pauses.

Digits are read one by one (A012 is 'A 零 一 二'), Latin letters as letters.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from html import escape
from typing import Literal

log = logging.getLogger(__name__)

DIGIT_PINYIN = {
    "0": "ling2",
    "1": "yi1",
    "2": "er4",
    "3": "san1",
    "4": "si4",
    "5": "wu3",
    "6": "liu4",
    "7": "qi1",
    "8": "ba1",
    "9": "jiu3",
}

_PARTS = re.compile(
    r"(?P<han>[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)"
    r"|(?P<digit>[0-9])|(?P<letter>[A-Za-z])|(?P<pause>[,.!?;:、。])|(?P<other>\S)"
)
_CODE = re.compile(r"[A-Za-z]*[0-9][A-Za-z0-9]*")

Kind = Literal["syllable", "digit", "letter", "pause"]


@dataclass(frozen=True)
class Token:
    """One spoken unit: its source text and tone-numbered pinyin (a letter stays itself)."""

    kind: Kind
    text: str
    pinyin: str

    @property
    def toneless(self) -> str:
        return self.pinyin.rstrip("012345") if self.kind == "syllable" else self.pinyin

    @property
    def clip_name(self) -> str:
        """Return the usual recorded-clip name: `qing`, `0`, `A`."""
        return self.toneless if self.kind == "syllable" else self.text


def _hanzi(run: str) -> list[Token]:
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(run, style=Style.TONE3, neutral_tone_with_five=True)
    if len(syllables) != len(run):  # pypinyin keeps one syllable per character for hanzi
        syllables = [
            lazy_pinyin(ch, style=Style.TONE3, neutral_tone_with_five=True)[0] for ch in run
        ]
    return [Token("syllable", ch, py) for ch, py in zip(run, syllables, strict=True)]


def tokens(text: str) -> list[Token]:
    """Split Chinese text into tokens; full-width digits and letters count as plain ones."""
    result: list[Token] = []
    for part in _PARTS.finditer(unicodedata.normalize("NFKC", text)):
        kind, value = part.lastgroup, part.group()
        if kind == "han":
            result.extend(_hanzi(value))
        elif kind == "digit":
            result.append(Token("digit", value, DIGIT_PINYIN[value]))
        elif kind == "letter":
            result.append(Token("letter", value.upper(), value.upper()))
        elif kind == "pause":
            result.append(Token("pause", value, ","))
        else:
            log.debug("not spoken: %r in %r", value, text)
    return result


def to_pinyin(text: str) -> list[str]:
    """Return what is spoken, as tone-numbered pinyin and upper-case letters."""
    return [t.pinyin for t in tokens(text) if t.kind != "pause"]


def espeak_pinyin(text: str) -> str:
    """Return the text for espeak-ng's `cmn-latn-pinyin` voice."""
    return " ".join(t.pinyin for t in tokens(text))


def english_ssml(text: str) -> str:
    """Return SSML in which ticket numbers and other codes are spelled character by character."""
    spelled = []
    last = 0
    for code in _CODE.finditer(text):
        spelled.append(escape(text[last : code.start()]))
        spelled.append(f'<say-as interpret-as="characters">{code.group()}</say-as>')
        last = code.end()
    spelled.append(escape(text[last:]))
    return "<speak>" + "".join(spelled) + "</speak>"
