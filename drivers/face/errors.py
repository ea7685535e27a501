"""Typed face-engine faults a kiosk can show in Chinese and English, and the reasons a picture
is refused (the quality gates name them, FaceQualityError carries them)."""

from __future__ import annotations

from dataclasses import dataclass

from drivers.errors import DeviceError


@dataclass(frozen=True)
class Reason:
    """Why a picture was refused: a stable code and what to tell the citizen."""

    code: str
    zh: str
    en: str


class FaceModelUnavailable(DeviceError):
    code = "face_model_unavailable"
    zh = "人脸识别模型不可用"
    en = "Face recognition model unavailable"


class FaceQualityError(DeviceError):
    """The picture failed a quality gate; `reasons` say what the citizen should change."""

    code = "face_quality"
    zh = "人脸图像不合格"
    en = "The face picture is not good enough"

    def __init__(self, reasons: tuple[Reason, ...]) -> None:
        self.reasons = reasons
        super().__init__(
            ", ".join(r.code for r in reasons),
            zh="；".join(r.zh for r in reasons) or None,
            en=" ".join(r.en for r in reasons) or None,
        )
