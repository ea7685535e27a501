"""Cameras opened by URL: the sim folder camera, video files, and sources that fail."""

from __future__ import annotations

import importlib
import os
import socket
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from drivers.camera import (
    CameraUnavailable,
    EndOfStream,
    FrameError,
    check_frame,
    open_camera,
)
from drivers.errors import DeviceError, UnsupportedDeviceUrl


def _require(name: str) -> ModuleType:
    """Import a test dependency; in CI a missing one is a failure, never a skip."""
    if os.environ.get("CI"):
        return importlib.import_module(name)
    return pytest.importorskip(name)


cv2 = _require("cv2")
skdata = _require("skimage.data")


def _bgr(rgb: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(rgb[:, :, ::-1])


@pytest.fixture
def folder(tmp_path: Path) -> tuple[Path, list[np.ndarray]]:
    """Write three real pictures (and a file that is not one) into a folder."""
    pictures = [
        _bgr(skdata.astronaut()),
        cv2.cvtColor(skdata.camera(), cv2.COLOR_GRAY2BGR),
        _bgr(skdata.coffee()),
    ]
    for name, picture in zip(["a.png", "b.png", "c.png"], pictures, strict=True):
        assert cv2.imwrite(str(tmp_path / name), picture)
    (tmp_path / "notes.txt").write_text("not a picture")
    return tmp_path, pictures


def test_sim_camera_cycles_through_the_folder_in_name_order(folder) -> None:
    directory, pictures = folder
    with open_camera(f"sim://?dir={directory}") as camera:
        frames = [camera.read() for _ in range(7)]
    expected = [pictures[i % 3] for i in range(7)]
    for frame, picture in zip(frames, expected, strict=True):
        assert frame.dtype == np.uint8 and frame.shape == picture.shape
        assert np.array_equal(frame, picture)


def test_sim_camera_without_loop_ends_after_one_pass(folder) -> None:
    directory, _ = folder
    camera = open_camera(f"sim://?dir={directory}&loop=0")
    for _ in range(3):
        camera.read()
    with pytest.raises(EndOfStream):
        camera.read()


def test_sim_camera_gives_grey_pictures_as_bgr(tmp_path: Path) -> None:
    assert cv2.imwrite(str(tmp_path / "grey.png"), skdata.camera())
    frame = open_camera(f"sim://?dir={tmp_path}").read()
    assert frame.shape == (512, 512, 3)


def test_sim_camera_names_a_picture_it_cannot_decode(tmp_path: Path) -> None:
    (tmp_path / "broken.jpg").write_bytes(b"\xff\xd8 this is not really a jpeg")
    camera = open_camera(f"sim://?dir={tmp_path}")
    with pytest.raises(FrameError, match="broken.jpg"):
        camera.read()


@pytest.mark.parametrize("make", ["missing", "empty"])
def test_sim_camera_without_pictures_is_unavailable(tmp_path: Path, make: str) -> None:
    directory = tmp_path / "missing" if make == "missing" else tmp_path
    with pytest.raises(CameraUnavailable):
        open_camera(f"sim://?dir={directory}")


def test_closed_camera_is_unavailable(folder) -> None:
    directory, _ = folder
    camera = open_camera(f"sim://?dir={directory}")
    camera.close()
    with pytest.raises(CameraUnavailable):
        camera.read()


@pytest.fixture
def video(tmp_path: Path) -> Path:
    """Write a five-frame video whose frames get brighter one after another."""
    path = tmp_path / "clip.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10, (64, 48))
    assert writer.isOpened()
    for level in (20, 60, 100, 140, 180):
        writer.write(np.full((48, 64, 3), level, dtype=np.uint8))
    writer.release()
    return path


def test_video_file_plays_in_order_and_loops(video: Path) -> None:
    with open_camera(f"cv+file://{video}") as camera:
        means = [float(camera.read().mean()) for _ in range(7)]
    # MJPG is lossy: each frame's mean stays within a few levels of what was written.
    assert means == pytest.approx([20, 60, 100, 140, 180, 20, 60], abs=4)


def test_video_file_without_loop_ends(video: Path) -> None:
    camera = open_camera(f"cv+file://{video}?loop=0")
    frames = [camera.read() for _ in range(5)]
    assert all(f.shape == (48, 64, 3) for f in frames)
    with pytest.raises(EndOfStream):
        camera.read()
    camera.close()


@pytest.mark.parametrize("content", [None, b"this is not a video" * 100])
def test_missing_or_garbage_video_file_is_unavailable(tmp_path: Path, content) -> None:
    path = tmp_path / "clip.mp4"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CameraUnavailable):
        open_camera(f"cv+file://{path}")


def test_absent_device_index_is_unavailable() -> None:
    with pytest.raises(CameraUnavailable):
        open_camera("cv://63")


def test_unreachable_rtsp_stream_is_unavailable() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(CameraUnavailable):
        open_camera(f"rtsp://127.0.0.1:{port}/live", timeout_ms=2000)


@pytest.mark.parametrize(
    "url",
    ["usb://0", "cv://front", "sim://", "sim://?dir=/tmp&loop=yes", "cv://0?width=wide"],
)
def test_bad_urls_are_refused(url: str) -> None:
    with pytest.raises(UnsupportedDeviceUrl):
        open_camera(url)


@pytest.mark.parametrize(
    "garbage",
    [
        None,
        np.zeros((48, 64), dtype=np.uint8),
        np.zeros((48, 64, 3), dtype=np.float32),
        np.zeros((0, 64, 3), dtype=np.uint8),
        np.zeros((48, 64, 4), dtype=np.uint8),
    ],
)
def test_frame_check_refuses_garbage(garbage) -> None:
    with pytest.raises(FrameError) as caught:
        check_frame(garbage, "test")
    assert isinstance(caught.value, DeviceError)
    assert caught.value.zh and caught.value.en
