"""Photo decoding: none configured, the vendor library through ctypes, the emulator's stand-in."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from drivers.idcard import (
    DecodedPhoto,
    NoPhotoDecoder,
    PhotoNotDecodable,
    VendorWltDecoder,
    open_idcard_reader,
    open_photo_decoder,
)
from drivers.idcard.cards import load_cards
from drivers.idcard.errors import PhotoDecoderUnavailable
from drivers.idcard.photo import RAW_SIZE, SimPhotoDecoder, bgr_to_bmp

FAKE_VENDOR_LIBRARY = r"""
/* Stands in for a vendor's libwlt.so: same signature, fills BGR pixels from the WLT bytes. */
int unpack(char *src, char *dst, int code) {
    if (code != 602) return 0;
    for (int i = 0; i < 102 * 126 * 3; i++) dst[i] = src[i % 1024];
    return 1;
}
"""


@pytest.fixture(scope="module")
def vendor_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        pytest.fail("a C compiler (Debian package gcc) is needed to build the fake vendor library")
    folder = tmp_path_factory.mktemp("vendor")
    (folder / "wlt.c").write_text(FAKE_VENDOR_LIBRARY)
    library = folder / "libwlt.so"
    subprocess.run(
        [compiler, "-shared", "-fPIC", "-o", str(library), str(folder / "wlt.c")], check=True
    )
    return library


def test_no_decoder_says_so() -> None:
    outcome = NoPhotoDecoder().decode(bytes(1024))
    assert isinstance(outcome, PhotoNotDecodable)
    assert "无法解码" in outcome.zh and "cannot be decoded" in outcome.en
    assert isinstance(open_photo_decoder(None), NoPhotoDecoder)
    assert isinstance(open_photo_decoder(""), NoPhotoDecoder)


def test_vendor_library_through_ctypes(vendor_library: Path) -> None:
    wlt = bytes(range(256)) * 4
    outcome = open_photo_decoder(str(vendor_library)).decode(wlt)
    assert isinstance(outcome, DecodedPhoto) and outcome.mime == "image/bmp"
    image = Image.open(io.BytesIO(outcome.data))
    assert image.size == (102, 126)
    # The library's first pixel (B, G, R = bytes 0, 1, 2) is the bottom-left one.
    assert image.convert("RGB").getpixel((0, 125)) == (2, 1, 0)


def test_vendor_library_refusing(vendor_library: Path) -> None:
    decoder = VendorWltDecoder(str(vendor_library), vendor_code=603)
    outcome = decoder.decode(bytes(1024))
    assert isinstance(outcome, PhotoNotDecodable) and "returned 0" in outcome.detail
    assert isinstance(decoder.decode(b"short"), PhotoNotDecodable)


def test_vendor_library_missing_or_wrong(vendor_library: Path, tmp_path: Path) -> None:
    with pytest.raises(PhotoDecoderUnavailable):
        VendorWltDecoder(str(tmp_path / "libnothere.so"))
    with pytest.raises(PhotoDecoderUnavailable):
        VendorWltDecoder(str(vendor_library), symbol="Unpack")


def test_bmp_rows_can_come_top_down() -> None:
    pixels = bytes(RAW_SIZE - 3) + b"\x0a\x14\x1e"  # last pixel of the buffer: B=10 G=20 R=30
    bottom_up = Image.open(io.BytesIO(bgr_to_bmp(pixels))).convert("RGB")
    top_down = Image.open(io.BytesIO(bgr_to_bmp(pixels, top_down=True))).convert("RGB")
    assert bottom_up.getpixel((101, 0)) == (30, 20, 10)
    assert top_down.getpixel((101, 125)) == (30, 20, 10)


def test_emulated_card_photo_end_to_end() -> None:
    decoder = open_photo_decoder("sim://")
    assert isinstance(decoder, SimPhotoDecoder)
    with open_idcard_reader("sim://?card=permit-chen") as reader:
        card = reader.read_once()
    assert card is not None
    outcome = decoder.decode(card.photo_wlt)
    assert isinstance(outcome, DecodedPhoto) and outcome.mime == "image/jpeg"
    image = Image.open(io.BytesIO(outcome.data))
    assert (image.format, image.size) == ("JPEG", (102, 126))
    assert isinstance(decoder.decode(bytes(1024)), PhotoNotDecodable)


def test_stand_in_photos_differ_per_card() -> None:
    cards = load_cards()
    decoder = SimPhotoDecoder(cards)
    photos = {decoder.decode(card.wlt) for card in cards}
    assert len(photos) == len(cards)
