"""A selfie in, its SFace embedding out (drivers.face), with the reasons a picture is refused.

The picture is decoded in memory and dropped at once: nothing of it is written anywhere.
OpenCV and the models are loaded on first use, so a server without them still starts and
answers enrolment with `face_unavailable`.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from drivers.face.matching import SFACE_COSINE_THRESHOLD
from server.services.face_check_in import FaceEngineUnavailable, FacePhotoRefused

log = logging.getLogger(__name__)

# SFace's published cosine threshold: above it, two embeddings are one person. The kiosks send
# SFace embeddings, so the server's matching uses the same number.
MATCH_THRESHOLD = SFACE_COSINE_THRESHOLD
MAX_PHOTO_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a decompression bomb is refused before OpenCV decodes it


class SelfieReader:
    """Turn an uploaded photo into a unit-length embedding; one engine per process."""

    def __init__(self) -> None:
        self._engine: Any = None
        self._lock = threading.Lock()

    def engine(self) -> Any:
        with self._lock:
            if self._engine is None:
                from drivers.face import FaceEngine, FaceModelUnavailable

                try:
                    self._engine = FaceEngine()
                except (FaceModelUnavailable, ImportError) as exc:
                    log.warning("face engine unavailable: %s", exc)
                    raise FaceEngineUnavailable() from exc
            return self._engine

    def embedding_of(self, photo: bytes) -> tuple[float, ...]:
        """The embedding of the one clear face in `photo`; FacePhotoRefused says what is wrong."""
        engine = self.engine()
        frame = _decode(photo)
        from drivers.face import FaceQualityError

        faces = engine.detect(frame)
        if not faces:
            raise FacePhotoRefused("no_face")
        if len(faces) > 1:
            raise FacePhotoRefused("many_faces")
        try:
            embedding = engine.embed_frame(frame)
        except FaceQualityError as exc:
            codes = {r.code for r in exc.reasons}
            raise FacePhotoRefused(
                "no_face" if codes == {"no_face"} else "poor_quality",
                reasons=",".join(sorted(codes)),
            ) from None
        return tuple(float(v) for v in embedding)


def _decode(photo: bytes) -> Any:
    import cv2
    import numpy as np

    if not photo or len(photo) > MAX_PHOTO_BYTES:
        raise FacePhotoRefused("unreadable")
    width, height = _declared_size(photo)
    if width * height > MAX_PIXELS:
        raise FacePhotoRefused("unreadable")
    frame = cv2.imdecode(np.frombuffer(photo, dtype=np.uint8), cv2.IMREAD_COLOR)
    if frame is None or frame.size == 0:
        raise FacePhotoRefused("unreadable")
    return frame


def _declared_size(photo: bytes) -> tuple[int, int]:
    """The picture's size from its header (Pillow reads only the header); 0x0 if unknown."""
    import io

    try:
        from PIL import Image

        with Image.open(io.BytesIO(photo)) as image:
            return image.size
    except Exception:  # not a format Pillow knows: OpenCV decides
        return 0, 0
