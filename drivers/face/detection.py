"""YuNet face detection through OpenCV's FaceDetectorYN."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from drivers.face.errors import FaceModelUnavailable

if TYPE_CHECKING:
    import cv2
    import numpy as np
    from numpy.typing import NDArray

    from drivers.camera.base import Frame

log = logging.getLogger(__name__)

Point = tuple[float, float]


@dataclass(frozen=True)
class Face:
    """One detected face: box (x, y, width, height), five landmarks, detector confidence.

    Landmarks are right eye, left eye, nose tip, right and left mouth corner, in pixels.
    """

    box: tuple[float, float, float, float]
    landmarks: tuple[Point, Point, Point, Point, Point]
    score: float

    @property
    def width(self) -> float:
        return self.box[2]

    def row(self) -> NDArray[np.float32]:
        """Return the 15-number YuNet row that FaceRecognizerSF.alignCrop expects."""
        import numpy as np

        flat = [c for point in self.landmarks for c in point]
        return np.array([*self.box, *flat, self.score], dtype=np.float32)

    @classmethod
    def from_row(cls, row: NDArray[np.float32], scale: float = 1.0) -> Face:
        """Build a face from a YuNet output row, mapping coordinates back by `scale`."""
        v = [float(x) * scale for x in row[:14]]
        landmarks = ((v[4], v[5]), (v[6], v[7]), (v[8], v[9]), (v[10], v[11]), (v[12], v[13]))
        return cls((v[0], v[1], v[2], v[3]), landmarks, float(row[14]))


class Detector:
    """Find faces in BGR frames; frames larger than `max_side` are shrunk first for speed."""

    def __init__(self, model: Path, *, score: float, nms: float, top_k: int, max_side: int) -> None:
        import cv2

        try:
            self._net: cv2.FaceDetectorYN = cv2.FaceDetectorYN.create(
                str(model), "", (320, 320), score, nms, top_k
            )
        except cv2.error as exc:
            raise FaceModelUnavailable(f"cannot load detector {model}: {exc}") from None
        self._size = (320, 320)
        self._max_side = max_side

    def detect(self, frame: Frame) -> list[Face]:
        """Return the faces in `frame`, largest first."""
        import cv2

        height, width = frame.shape[:2]
        scale = max(height, width) / self._max_side
        work: cv2.typing.MatLike = frame
        if scale > 1.0:
            size = (round(width / scale), round(height / scale))
            work = cv2.resize(frame, size, interpolation=cv2.INTER_AREA)
        else:
            scale = 1.0
        size = (work.shape[1], work.shape[0])
        if size != self._size:
            self._net.setInputSize(size)
            self._size = size
        _, rows = self._net.detect(work)
        if rows is None:
            return []
        faces = [Face.from_row(row, scale) for row in rows]
        return sorted(faces, key=lambda f: f.box[2] * f.box[3], reverse=True)
