"""ID photo decoding: the card holds a 1,024-byte WLT image only the vendor's library decodes.

The decoder is optional. Without one the outcome is `PhotoNotDecodable`, which face
verification shows as "photo not decodable here" instead of failing silently.
"""

from __future__ import annotations

import ctypes
import logging
import struct
import threading
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import parse_qs, urlsplit

from drivers.idcard.cards import DEMO_CARDS, SimCard, load_cards, stand_in_jpeg
from drivers.idcard.errors import PhotoDecoderUnavailable

log = logging.getLogger(__name__)

WLT_SIZE = 1024
PHOTO_WIDTH = 102
PHOTO_HEIGHT = 126
RAW_SIZE = PHOTO_WIDTH * PHOTO_HEIGHT * 3  # 38,556 bytes of BGR
# Some vendor builds write a whole BMP (38,862 bytes) or run past it: leave them room.
_OUTPUT_ROOM = 38862 + 4096


@dataclass(frozen=True)
class DecodedPhoto:
    """A decoded ID photo as image file bytes."""

    data: bytes
    mime: str
    width: int = PHOTO_WIDTH
    height: int = PHOTO_HEIGHT

    def __repr__(self) -> str:
        return f"DecodedPhoto({self.mime}, {self.width}x{self.height}, {len(self.data)} bytes)"


@dataclass(frozen=True)
class PhotoNotDecodable:
    """The photo cannot be decoded on this machine; `detail` says why (for the log)."""

    detail: str
    zh: str = "本机无法解码身份证照片，请工作人员人工核验"
    en: str = "The ID card photo cannot be decoded here; a clerk must check the face"


PhotoOutcome = DecodedPhoto | PhotoNotDecodable


class PhotoDecoder(Protocol):
    """Anything that turns WLT bytes into a photo, or says it cannot."""

    def decode(self, wlt: bytes) -> PhotoOutcome:
        """Return the decoded photo, or why it is not decodable here."""
        ...


class NoPhotoDecoder:
    """The decoder used when no vendor library is configured."""

    def decode(self, wlt: bytes) -> PhotoOutcome:
        """Return PhotoNotDecodable: no decoder is configured."""
        return PhotoNotDecodable("no WLT decoder library configured")


class VendorWltDecoder:
    """Decode through a vendor library exporting ``int unpack(char *wlt, char *bgr, int code)``.

    `vendor_code` is the value the vendor's library expects as third argument (602 asks most
    builds to decode in memory without writing a file); `unpack` returns 1 on success and
    fills 102x126 BGR pixels, bottom row first unless `top_down`.
    """

    def __init__(
        self,
        path: str,
        *,
        symbol: str = "unpack",
        vendor_code: int = 602,
        top_down: bool = False,
    ) -> None:
        try:
            library = ctypes.CDLL(path)
            function = getattr(library, symbol)
        except (OSError, AttributeError) as exc:
            raise PhotoDecoderUnavailable(f"{path}: {exc}") from exc
        function.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int]
        function.restype = ctypes.c_int
        self._unpack = function
        self._vendor_code = vendor_code
        self._top_down = top_down
        self._lock = threading.Lock()  # vendor decoders keep global state
        self.path = path

    def decode(self, wlt: bytes) -> PhotoOutcome:
        """Return the photo as a BMP file, or PhotoNotDecodable when the library refuses."""
        if len(wlt) != WLT_SIZE:
            return PhotoNotDecodable(f"WLT photo is {len(wlt)} bytes, want {WLT_SIZE}")
        source = ctypes.create_string_buffer(wlt, WLT_SIZE)
        target = ctypes.create_string_buffer(_OUTPUT_ROOM)
        with self._lock:
            result = self._unpack(source, target, self._vendor_code)
        if result != 1:
            log.warning("WLT decoder %s returned %s", self.path, result)
            return PhotoNotDecodable(f"vendor decoder returned {result}")
        pixels = target.raw[:RAW_SIZE]
        return DecodedPhoto(bgr_to_bmp(pixels, top_down=self._top_down), "image/bmp")


def bgr_to_bmp(pixels: bytes, *, top_down: bool = False) -> bytes:
    """Return a 24-bit BMP file of the 102x126 BGR pixels (rows bottom-up unless `top_down`)."""
    row = PHOTO_WIDTH * 3
    stride = (row + 3) & ~3
    rows = [pixels[i : i + row] for i in range(0, RAW_SIZE, row)]
    if top_down:
        rows.reverse()  # BMP stores the bottom row first
    padding = b"\x00" * (stride - row)
    image = b"".join(line + padding for line in rows)
    header_size = 14 + 40
    file_header = struct.pack("<2sIHHI", b"BM", header_size + len(image), 0, 0, header_size)
    info = struct.pack(
        "<IiiHHIIiiII", 40, PHOTO_WIDTH, PHOTO_HEIGHT, 1, 24, 0, len(image), 3780, 3780, 0, 0
    )
    return file_header + info + image


def open_photo_decoder(spec: str | None) -> PhotoDecoder:
    """Return the decoder named in config: empty for none, ``sim://?cards=…``, or a .so path."""
    if not spec:
        return NoPhotoDecoder()
    if spec.startswith("sim://"):
        return SimPhotoDecoder.from_url(spec)
    return VendorWltDecoder(spec)


class SimPhotoDecoder:
    """Photo decoder for emulated cards: maps their stand-in WLT bytes to their JPEG.

    Pillow is needed only to draw the stand-in of a card that names no photo file.
    """

    def __init__(self, cards: list[SimCard]) -> None:
        self._cards = {card.wlt: card for card in cards}
        self._cache: dict[bytes, bytes] = {}

    @classmethod
    def from_url(cls, url: str) -> SimPhotoDecoder:
        """Return a decoder for ``sim://?cards=PATH`` (the demo cards when PATH is absent)."""
        query = parse_qs(urlsplit(url).query)
        return cls(load_cards(query.get("cards", [str(DEMO_CARDS)])[0]))

    def decode(self, wlt: bytes) -> PhotoOutcome:
        """Return the JPEG of the emulated card with these WLT bytes."""
        card = self._cards.get(wlt)
        if card is None:
            return PhotoNotDecodable("not a photo of an emulated card")
        if wlt not in self._cache:
            self._cache[wlt] = stand_in_jpeg(card)
        return DecodedPhoto(self._cache[wlt], "image/jpeg")
