"""Quality gates a face picture must pass before it is matched, with reasons for the citizen."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from drivers.face.errors import Reason

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from drivers.camera.base import Frame
    from drivers.face.detection import Face

#: Side of the square the face box is resampled to before it is measured, so that the
#: measures do not depend on how large the face is in the frame (SFace also works at 112).
PATCH_SIDE = 112


NO_FACE = Reason("no_face", "未检测到人脸，请正对摄像头", "No face found. Please face the camera.")
MANY_FACES = Reason(
    "many_faces", "请一人一次，镜头前只能有一个人", "One person at a time in front of the camera."
)
TOO_SMALL = Reason("face_too_small", "请靠近摄像头", "Please come closer to the camera.")
BLURRY = Reason("blurry", "画面模糊，请保持不动", "The picture is blurred. Please hold still.")
TOO_DARK = Reason("too_dark", "光线太暗，请面向光源", "It is too dark. Please face the light.")
TOO_BRIGHT = Reason(
    "too_bright", "光线太强，请避开强光", "It is too bright. Please avoid strong light."
)


@dataclass(frozen=True)
class QualityGates:
    """Thresholds; sharpness is a contrast-normalised Laplacian variance (see `sharpness`)."""

    min_face_px: float = 80.0
    min_sharpness: float = 3.0
    min_brightness: float = 50.0
    max_brightness: float = 220.0


@dataclass(frozen=True)
class Quality:
    """The outcome of the gates: no reasons means the picture is good to match."""

    reasons: tuple[Reason, ...]
    face: Face | None
    sharpness: float | None = None
    brightness: float | None = None

    @property
    def ok(self) -> bool:
        return not self.reasons


def face_patch(frame: Frame, face: Face) -> NDArray[np.float64]:
    """Return the face box as a grey PATCH_SIDE square (the box is clipped to the frame)."""
    import cv2
    import numpy as np

    height, width = frame.shape[:2]
    x0, y0 = max(int(face.box[0]), 0), max(int(face.box[1]), 0)
    x1 = min(int(face.box[0] + face.box[2]), width)
    y1 = min(int(face.box[1] + face.box[3]), height)
    if x1 - x0 < 2 or y1 - y0 < 2:
        return np.zeros((PATCH_SIDE, PATCH_SIDE), dtype=np.float64)
    grey = cv2.cvtColor(frame[y0:y1, x0:x1], cv2.COLOR_BGR2GRAY)
    patch = cv2.resize(grey, (PATCH_SIDE, PATCH_SIDE), interpolation=cv2.INTER_AREA)
    return patch.astype(np.float64)


def sharpness(patch: NDArray[np.float64]) -> float:
    """Return 100 x variance of the Laplacian over variance of the patch.

    Dividing by the contrast keeps a dim but sharp face from counting as blurred.
    """
    import cv2

    contrast = float(patch.var())
    if contrast < 1e-6:
        return 0.0
    return 100.0 * float(cv2.Laplacian(patch, cv2.CV_64F).var()) / contrast


def _light(brightness: float, gates: QualityGates) -> tuple[Reason, ...]:
    if brightness < gates.min_brightness:
        return (TOO_DARK,)
    if brightness > gates.max_brightness:
        return (TOO_BRIGHT,)
    return ()


def assess(frame: Frame, faces: list[Face], gates: QualityGates) -> Quality:
    """Apply the gates to `frame` and its detected `faces` (largest first).

    Faces smaller than the minimum size (people further back in the hall) do not count
    as a second person.
    """
    large = [f for f in faces if f.width >= gates.min_face_px]
    if len(large) > 1:
        return Quality((MANY_FACES,), large[0])
    if not large:
        if faces:
            return Quality((TOO_SMALL,), faces[0])
        return Quality((NO_FACE, *_light(float(frame.mean()), gates)), None)
    face = large[0]
    patch = face_patch(frame, face)
    sharp, bright = sharpness(patch), float(patch.mean())
    blur = (BLURRY,) if sharp < gates.min_sharpness else ()
    return Quality((*_light(bright, gates), *blur), face, sharp, bright)
