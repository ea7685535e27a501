"""Resident ID-card readers (SAM modules, GA 467 style) opened by URL.

``open_idcard_reader(url)`` gives an `IdCardReader`; `CardWatcher` polls it and reports each
card once; `open_photo_decoder` gives the optional WLT photo decoder. pyserial is imported
only when a port is opened.
"""

from __future__ import annotations

from drivers.idcard.opener import SimIdCardReader, open_idcard_reader
from drivers.idcard.photo import (
    DecodedPhoto,
    NoPhotoDecoder,
    PhotoDecoder,
    PhotoNotDecodable,
    PhotoOutcome,
    VendorWltDecoder,
    open_photo_decoder,
)
from drivers.idcard.reader import IdCardReader, SamId
from drivers.idcard.records import (
    CardRecord,
    CardType,
    ForeignerCard2017,
    ForeignerCard2023,
    IdCard,
    ResidencePermit,
    ResidentCard,
    Sex,
    Validity,
)
from drivers.idcard.watcher import CardEvent, CardRejected, CardWatcher

__all__ = [
    "CardEvent",
    "CardRecord",
    "CardRejected",
    "CardType",
    "CardWatcher",
    "DecodedPhoto",
    "ForeignerCard2017",
    "ForeignerCard2023",
    "IdCard",
    "IdCardReader",
    "NoPhotoDecoder",
    "PhotoDecoder",
    "PhotoNotDecodable",
    "PhotoOutcome",
    "ResidencePermit",
    "ResidentCard",
    "SamId",
    "Sex",
    "SimIdCardReader",
    "Validity",
    "VendorWltDecoder",
    "open_idcard_reader",
    "open_photo_decoder",
]
