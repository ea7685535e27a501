"""A simulated camera that shows the pictures of a folder one after another."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from drivers.camera.base import Camera, check_frame
from drivers.camera.errors import CameraUnavailable, EndOfStream, FrameError

if TYPE_CHECKING:
    from drivers.camera.base import Frame

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff", ".ppm"})


class FolderCamera(Camera):
    """Cycle through the images of a folder in name order (stop after one pass if not looping)."""

    def __init__(self, url: str, directory: Path, *, loop: bool = True) -> None:
        super().__init__(url)
        if not directory.is_dir():
            raise CameraUnavailable(f"{url}: no such folder {directory}")
        self.files = sorted(p for p in directory.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        if not self.files:
            raise CameraUnavailable(f"{url}: no images in {directory}")
        self._loop = loop
        self._next = 0
        self._closed = False
        log.info("sim camera %s: %d images in %s", url, len(self.files), directory)

    def read(self) -> Frame:
        """Return the next image as a BGR frame."""
        import cv2

        if self._closed:
            raise CameraUnavailable(f"{self.url}: camera is closed")
        if self._next >= len(self.files):
            if not self._loop:
                raise EndOfStream(self.url)
            self._next = 0
        path = self.files[self._next]
        self._next += 1
        frame = cv2.imread(str(path), cv2.IMREAD_COLOR)
        if frame is None:
            raise FrameError(f"{self.url}: cannot decode {path.name}")
        return check_frame(frame, f"{self.url} ({path.name})")

    def close(self) -> None:
        """Stop serving pictures."""
        self._closed = True
