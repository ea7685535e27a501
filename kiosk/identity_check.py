"""The person-ID check (人证核验): the live face against the photo on the ID card just read.

Outcomes: `passed`; `failed` (another face) and `no_face` (no usable live face), where the
citizen is asked to call staff; `manual` when no photo decoder is configured or the photo
cannot be decoded here, and the identity is then checked at the window. Everything stays on
the kiosk; nothing of the faces is kept. No anti-spoofing is claimed: staff can override.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Any, cast

from config.kiosk import KioskConfig
from drivers.errors import DeviceError
from kiosk.face_capture import FaceCapture, NoUsableFace
from kiosk.person import Person
from kiosk.texts import both

if TYPE_CHECKING:  # OpenCV, numpy and the decoder library load on first use only
    from drivers.camera.base import Frame
    from drivers.face.matching import Embedding
    from drivers.idcard.photo import PhotoDecoder

log = logging.getLogger(__name__)

OUTCOMES = ("passed", "failed", "no_face", "manual")


def outcome(kind: str, **extra: Any) -> dict[str, Any]:
    """What the screen shows of an outcome: its kind and words (zh, en)."""
    return {"outcome": kind, "message": both(f"identity.{kind}"), **extra}


class IdentityCheck:
    def __init__(self, cfg: KioskConfig, capture: FaceCapture) -> None:
        self.cfg, self.capture = cfg, capture
        self._decoder: PhotoDecoder | None = None
        self._lock = threading.Lock()

    def decoder(self) -> PhotoDecoder:
        """The photo decoder of the kiosk file ([idcard] photo_decoder_library), once."""
        with self._lock:
            if self._decoder is None:
                from drivers.idcard.photo import NoPhotoDecoder, open_photo_decoder

                try:
                    self._decoder = open_photo_decoder(self.cfg.photo_decoder_library)
                except DeviceError as exc:
                    log.warning("photo decoder %s: %s", self.cfg.photo_decoder_library, exc)
                    self._decoder = NoPhotoDecoder()
            return self._decoder

    def check(self, person: Person) -> dict[str, Any]:
        """Compare the live face with the card's photo and say what came out."""
        reference = self._reference(person)
        if reference is None:
            return outcome("manual")
        try:
            live = self.capture.live_embedding()
        except NoUsableFace as exc:
            return outcome("no_face", advice={"zh": exc.zh, "en": exc.en})
        result = self.capture.engine().verify(_array(live), reference)
        log.info("person-ID check of %r: %s (%.3f)", person, result.decision, result.score)
        return outcome("passed" if result.accepted else "failed")

    def _reference(self, person: Person) -> Embedding | None:
        """The embedding of the card's photo, None when it cannot be had on this kiosk."""
        from drivers.idcard.photo import DecodedPhoto

        if not person.photo_wlt:
            return None
        decoded = self.decoder().decode(person.photo_wlt)
        if not isinstance(decoded, DecodedPhoto):
            log.info("ID photo not decodable: %s", decoded.detail)
            return None
        import cv2
        import numpy as np

        from drivers.face import FaceQualityError

        frame = cv2.imdecode(np.frombuffer(decoded.data, dtype=np.uint8), cv2.IMREAD_COLOR)
        if frame is None:
            return None
        # cv2's stubs give imdecode any MatLike; IMREAD_COLOR decodes to BGR uint8, a Frame
        bgr = cast("Frame", frame)
        try:  # a card photo is small: matched without the live-face gates
            return self.capture.engine().embed_frame(bgr, check_quality=False)
        except FaceQualityError:
            log.info("no face found on the ID photo")
            return None


def _array(values: list[float]) -> Embedding:
    import numpy as np

    return np.asarray(values, dtype=np.float32)
