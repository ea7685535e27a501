"""The live face in front of the kiosk: camera frames through the quality gates to an embedding.

The picture never leaves the kiosk: only the 128-number embedding is sent to the server.
The engine (OpenCV + the models) is loaded on first use; no anti-spoofing is claimed.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING

from config.kiosk import KioskConfig
from kiosk.devices import Devices
from kiosk.errors import KioskError
from kiosk.texts import both

if TYPE_CHECKING:  # the face engine loads OpenCV and its models: on first use only
    from drivers.camera import Camera
    from drivers.face import FaceEngine, Reason

log = logging.getLogger(__name__)

LOOK_SECONDS = 4.0  # how long the camera looks for a face good enough to match
MAX_FRAMES = 24


class NoUsableFace(KioskError):
    """No frame passed the quality gates; the words say what the citizen should change."""

    code = "no_usable_face"

    def __init__(self, reasons: tuple[Reason, ...]) -> None:
        head = both("error.no_usable_face")
        zh = "；".join(r.zh for r in reasons) or both("face.look_at_camera")["zh"]
        en = " ".join(r.en for r in reasons) or both("face.look_at_camera")["en"]
        self.reasons = tuple(r.code for r in reasons)
        super().__init__(",".join(self.reasons), zh=f"{head['zh']}：{zh}", en=f"{head['en']}: {en}")


class FaceCapture:
    """Find one good face in the camera's frames and embed it; safe from any thread."""

    def __init__(self, cfg: KioskConfig, devices: Devices) -> None:
        self.cfg, self.devices = cfg, devices
        self._engine: FaceEngine | None = None
        self._lock = threading.Lock()

    def engine(self) -> FaceEngine:
        """The face engine from the kiosk file's [face] settings (FaceModelUnavailable if not)."""
        with self._lock:
            if self._engine is None:
                from drivers.face import FaceConfig, FaceEngine

                self._engine = FaceEngine(
                    FaceConfig(
                        detector_model=self.cfg.face_detector_model or None,
                        recognizer_model=self.cfg.face_recognizer_model or None,
                        match_threshold=self.cfg.face_threshold,
                    )
                )
            return self._engine

    def live_embedding(self, seconds: float = LOOK_SECONDS) -> list[float]:
        """The embedding of the first frame that passes the gates; NoUsableFace if none does."""
        engine = self.engine()

        def look(camera: Camera) -> list[float]:
            deadline = time.monotonic() + seconds
            reasons: tuple[Reason, ...] = ()
            for _ in range(MAX_FRAMES):
                frame = camera.read()
                quality = engine.assess(frame)
                if quality.ok and quality.face is not None:
                    return [float(v) for v in engine.embed(frame, quality.face)]
                reasons = quality.reasons
                if time.monotonic() >= deadline:
                    break
            log.info("no usable face: %s", ",".join(r.code for r in reasons))
            raise NoUsableFace(reasons)

        return self.devices.with_camera(look)
