"""Read a QR code (an appointment's booking QR) from camera frames with OpenCV."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from drivers.camera import Camera
    from drivers.camera.base import Frame

log = logging.getLogger(__name__)


def decode_qr(frame: Frame) -> str | None:
    """Return the text of a QR code in a BGR frame, None when there is none to read."""
    import cv2

    detector = cv2.QRCodeDetector()
    try:
        text, points, _ = detector.detectAndDecode(frame)
    except cv2.error as exc:  # a frame OpenCV cannot work on is "no code here"
        log.debug("QR detection failed: %s", exc)
        return None
    return text or None


def scan(camera: Camera, seconds: float, *, max_frames: int = 60) -> str | None:
    """Read frames for up to `seconds` (and `max_frames`); return the first QR text found."""
    deadline = time.monotonic() + seconds
    for _ in range(max_frames):
        text = decode_qr(camera.read())
        if text:
            return text
        if time.monotonic() >= deadline:
            break
    return None
