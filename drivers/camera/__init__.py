"""Cameras opened from a URL.

- ``cv://0?width=640&height=480``: a local camera by device index
- ``cv+file:///path/video.mp4?loop=1``: a video file (loops by default)
- ``rtsp://user:pass@host/stream``: a network camera
- ``sim://?dir=/path/to/images&loop=1``: the images of a folder in name order

OpenCV is imported only when a camera is opened.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from drivers.camera import opencv, sim
from drivers.camera.base import Camera, check_frame
from drivers.camera.errors import CameraUnavailable, EndOfStream, FrameError
from drivers.errors import UnsupportedDeviceUrl

__all__ = [
    "Camera",
    "CameraUnavailable",
    "EndOfStream",
    "FrameError",
    "check_frame",
    "open_camera",
]

DEFAULT_STREAM_TIMEOUT_MS = 5000


def _query(url: str, query: str) -> dict[str, str]:
    try:
        pairs = parse_qs(query, strict_parsing=bool(query))
    except ValueError:
        raise UnsupportedDeviceUrl(f"{url}: malformed query {query!r}") from None
    return {key: values[-1] for key, values in pairs.items()}


def _int(url: str, options: dict[str, str], key: str, default: int | None) -> int | None:
    raw = options.get(key)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise UnsupportedDeviceUrl(f"{url}: {key} must be a whole number, not {raw!r}") from None


def _flag(url: str, options: dict[str, str], key: str, default: bool) -> bool:
    value = _int(url, options, key, int(default))
    return bool(value)


def _have_opencv() -> bool:
    return importlib.util.find_spec("cv2") is not None


def open_camera(url: str, *, timeout_ms: int = DEFAULT_STREAM_TIMEOUT_MS) -> Camera:
    """Open the camera named by `url`; raise CameraUnavailable if it cannot be opened."""
    parts = urlsplit(url)
    options = _query(url, parts.query)
    if parts.scheme in ("cv", "cv+file", "rtsp", "rtsps", "sim") and not _have_opencv():
        raise CameraUnavailable(f"{url}: OpenCV is not installed (opencv-python-headless<5)")
    if parts.scheme == "cv":
        if not parts.netloc.isdigit():
            raise UnsupportedDeviceUrl(f"{url}: expected a device index such as cv://0")
        width = _int(url, options, "width", None)
        height = _int(url, options, "height", None)
        size = (width, height) if width and height else None
        return opencv.open_device(url, int(parts.netloc), size)
    if parts.scheme == "cv+file":
        path = Path(unquote(parts.netloc + parts.path))
        return opencv.open_file(url, path, loop=_flag(url, options, "loop", True))
    if parts.scheme in ("rtsp", "rtsps"):
        return opencv.open_stream(url, timeout_ms)
    if parts.scheme == "sim":
        if "dir" not in options:
            raise UnsupportedDeviceUrl(f"{url}: sim camera needs ?dir=/path/to/images")
        loop = _flag(url, options, "loop", True)
        return sim.FolderCamera(url, Path(options["dir"]), loop=loop)
    raise UnsupportedDeviceUrl(url)
