"""Face detection, quality gates and matching with OpenCV's YuNet and SFace models.

OpenCV is imported only when a FaceEngine is built. No anti-spoofing is claimed.
"""

from __future__ import annotations

from drivers.face.detection import Face
from drivers.face.engine import FaceConfig, FaceEngine
from drivers.face.errors import FaceModelUnavailable, FaceQualityError, Reason
from drivers.face.matching import (
    SFACE_COSINE_THRESHOLD,
    Decision,
    Match,
    VerifyResult,
    cosine,
    identify,
    verify,
)
from drivers.face.quality import Quality, QualityGates

__all__ = [
    "SFACE_COSINE_THRESHOLD",
    "Decision",
    "Face",
    "FaceConfig",
    "FaceEngine",
    "FaceModelUnavailable",
    "FaceQualityError",
    "Match",
    "Quality",
    "QualityGates",
    "Reason",
    "VerifyResult",
    "cosine",
    "identify",
    "verify",
]
