"""Cameras read through OpenCV's VideoCapture: device index, video file, RTSP stream."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from drivers.camera.base import Camera, check_frame
from drivers.camera.errors import CameraUnavailable, EndOfStream, FrameError

if TYPE_CHECKING:
    import cv2

    from drivers.camera.base import Frame

log = logging.getLogger(__name__)

#: Consecutive failed reads after which a live source counts as gone, not as a hiccup.
MAX_FAILED_READS = 3


class CvCamera(Camera):
    """Frames from a `cv2.VideoCapture`; a file source may loop back to its start."""

    def __init__(self, url: str, capture: cv2.VideoCapture, *, is_file: bool, loop: bool) -> None:
        super().__init__(url)
        self._capture: cv2.VideoCapture | None = capture
        self._is_file = is_file
        self._loop = loop
        self._failures = 0

    def read(self) -> Frame:
        """Return the next frame; a file rewinds when looping, else ends with EndOfStream."""
        import cv2

        if self._capture is None:
            raise CameraUnavailable(f"{self.url}: camera is closed")
        ok, frame = self._capture.read()
        if not ok and self._is_file and self._loop:
            self._capture.set(cv2.CAP_PROP_POS_FRAMES, 0)
            ok, frame = self._capture.read()
        if ok:
            self._failures = 0
            return check_frame(frame, self.url)
        if self._is_file:
            raise EndOfStream(self.url)
        self._failures += 1
        log.warning("camera %s: read failed (%d in a row)", self.url, self._failures)
        if self._failures >= MAX_FAILED_READS:
            raise CameraUnavailable(f"{self.url}: {self._failures} reads failed in a row")
        raise FrameError(f"{self.url}: read failed")

    def close(self) -> None:
        """Release the capture."""
        if self._capture is not None:
            self._capture.release()
            self._capture = None


def _opened(url: str, capture: cv2.VideoCapture, what: str) -> cv2.VideoCapture:
    if not capture.isOpened():
        capture.release()
        raise CameraUnavailable(f"{url}: cannot open {what}")
    return capture


def open_device(url: str, index: int, size: tuple[int, int] | None = None) -> CvCamera:
    """Open camera number `index` (V4L2 on Linux), optionally asking for a frame size."""
    import cv2

    capture = _opened(url, cv2.VideoCapture(index), f"camera device {index}")
    if size is not None:
        capture.set(cv2.CAP_PROP_FRAME_WIDTH, size[0])
        capture.set(cv2.CAP_PROP_FRAME_HEIGHT, size[1])
    return CvCamera(url, capture, is_file=False, loop=False)


def open_file(url: str, path: Path, *, loop: bool) -> CvCamera:
    """Open a video file through FFmpeg."""
    import cv2

    if not path.is_file():
        raise CameraUnavailable(f"{url}: no such file {path}")
    capture = _opened(url, cv2.VideoCapture(str(path), cv2.CAP_FFMPEG), f"video file {path}")
    return CvCamera(url, capture, is_file=True, loop=loop)


def open_stream(url: str, timeout_ms: int) -> CvCamera:
    """Open a network stream (RTSP) through FFmpeg, giving up after `timeout_ms`."""
    import cv2

    params = [
        cv2.CAP_PROP_OPEN_TIMEOUT_MSEC,
        timeout_ms,
        cv2.CAP_PROP_READ_TIMEOUT_MSEC,
        timeout_ms,
    ]
    capture = _opened(url, cv2.VideoCapture(url, cv2.CAP_FFMPEG, params), "stream")
    return CvCamera(url, capture, is_file=False, loop=False)
