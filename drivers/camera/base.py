"""The camera interface and the check every frame passes before it leaves a driver."""

from __future__ import annotations

from abc import ABC, abstractmethod
from types import TracebackType
from typing import TYPE_CHECKING, Any

from drivers.camera.errors import FrameError

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    Frame = NDArray[np.uint8]


class Camera(ABC):
    """A source of BGR frames (height x width x 3, uint8), opened from a URL."""

    def __init__(self, url: str) -> None:
        self.url = url

    @abstractmethod
    def read(self) -> Frame:
        """Return the next frame or raise a typed camera error."""

    @abstractmethod
    def close(self) -> None:
        """Release the device; closing twice is harmless."""

    def __enter__(self) -> Camera:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.url!r})"


def check_frame(frame: Any, source: str) -> Frame:
    """Return `frame` if it is a non-empty BGR uint8 picture, else raise FrameError."""
    import numpy as np

    if not isinstance(frame, np.ndarray):
        raise FrameError(f"{source}: no picture (got {type(frame).__name__})")
    if frame.dtype != np.uint8 or frame.ndim != 3 or frame.shape[2] != 3:
        raise FrameError(f"{source}: not a BGR picture (dtype {frame.dtype}, shape {frame.shape})")
    if frame.shape[0] < 2 or frame.shape[1] < 2:
        raise FrameError(f"{source}: empty picture of shape {frame.shape}")
    return frame
