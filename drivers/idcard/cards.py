"""Made-up cards for the emulator, loaded from JSON, and their stand-in photos.

A card file looks like ``{"cards": [{"label": …, "type": "resident", "fields": {…}}]}``;
`type` is a `CardType` name in lower case and `fields` holds each slot of the layout exactly
as the card stores it (dates as YYYYMMDD, sex and nation as codes, "长期" allowed). Optional
keys: `photo` (a JPEG path relative to the file), `fingerprint` (true for two templates),
`new_address`. The WLT bytes are a pseudo-random stand-in: no free WLT encoder exists, so
`drivers.idcard.photo.SimPhotoDecoder` maps them back to the card's JPEG (`stand_in_jpeg`)
instead of decoding them.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drivers.idcard.commands import PHOTO_SIZE
from drivers.idcard.layout import encode_fields
from drivers.idcard.records import CardType

DEMO_CARDS = Path(__file__).with_name("data") / "demo_cards.json"
FINGERPRINT_SIZE = 1024
_ENGLISH_HEAD = 35  # characters in the first English-name slot of the 2023 card


@dataclass(frozen=True)
class SimCard:
    """One emulated card: the blocks the reader sends, plus its stand-in photo source."""

    label: str
    card_type: CardType
    text: bytes
    wlt: bytes
    fingerprint: bytes | None = None
    new_address: str | None = None
    photo_path: Path | None = None

    def __repr__(self) -> str:
        return f"SimCard({self.label!r}, {self.card_type.name})"


def load_cards(path: Path | str = DEMO_CARDS) -> list[SimCard]:
    """Return the cards of a JSON card file."""
    path = Path(path)
    document = json.loads(path.read_text(encoding="utf-8"))
    return [card_from_json(entry, base=path.parent) for entry in document["cards"]]


def card_from_json(entry: dict[str, Any], *, base: Path = Path(".")) -> SimCard:
    """Return one card from its JSON object."""
    card_type = CardType[str(entry["type"]).upper()]
    fields = {name: str(value) for name, value in entry["fields"].items()}
    text = encode_fields(card_type, _split_english_name(card_type, fields))
    seed = hashlib.sha256(text).digest()
    fingerprint = _stand_in(b"fp", seed, FINGERPRINT_SIZE) if entry.get("fingerprint") else None
    photo = entry.get("photo")
    return SimCard(
        label=str(entry.get("label", fields.get("name", "card"))),
        card_type=card_type,
        text=text,
        wlt=_stand_in(b"wlt", seed, PHOTO_SIZE),
        fingerprint=fingerprint,
        new_address=entry.get("new_address"),
        photo_path=base / photo if photo else None,
    )


def _split_english_name(card_type: CardType, fields: dict[str, str]) -> dict[str, str]:
    """Let a file give the 2023 card's English name whole: it runs on from 52/70 into 220/22."""
    name = fields.get("english_name", "")
    if card_type is not CardType.FOREIGNER_2023 or len(name) <= _ENGLISH_HEAD:
        return fields
    head, tail = name[:_ENGLISH_HEAD], name[_ENGLISH_HEAD:]
    return {**fields, "english_name": head, "english_name_more": tail}


def _stand_in(kind: bytes, seed: bytes, size: int) -> bytes:
    return hashlib.shake_256(kind + seed).digest(size)


def stand_in_jpeg(card: SimCard) -> bytes:
    """Return the card's JPEG photo: its file, or a drawn head-and-shoulders stand-in."""
    if card.photo_path is not None:
        return card.photo_path.read_bytes()
    from PIL import Image, ImageDraw  # optional: only the emulator's photos need Pillow

    tone = hashlib.sha256(card.wlt).digest()
    image = Image.new("RGB", (102, 126), (250, 250, 250))
    draw = ImageDraw.Draw(image)
    clothes = (tone[0] // 2, tone[1] // 2, 60 + tone[2] // 3)
    draw.ellipse((6, 88, 96, 160), fill=clothes)
    draw.rectangle((40, 70, 62, 96), fill=(224, 188, 160))
    draw.ellipse((27, 18, 75, 80), fill=(232, 196, 168))
    draw.chord((25, 10, 77, 60), 180, 360, fill=(30 + tone[3] // 8, 24, 20))
    draw.ellipse((38, 42, 44, 48), fill=(40, 30, 30))
    draw.ellipse((58, 42, 64, 48), fill=(40, 30, 30))
    draw.arc((40, 54, 62, 68), 20, 160, fill=(150, 60, 60), width=2)
    output = io.BytesIO()
    image.save(output, format="JPEG", quality=90)
    return output.getvalue()
