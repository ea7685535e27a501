"""Real faces for the face check-in tests, from scikit-image's bundled pictures.

The citizen: the astronaut (Eileen Collins), as a selfie, as a kiosk camera frame (flipped,
brighter) and as a 102x126 ID-card photo. Somebody else: the cameraman, enlarged and
sharpened so that he passes the kiosk's quality gates as a live face.
"""

from __future__ import annotations

import base64
import importlib
import os
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest


def require(name: str) -> ModuleType:
    """Import a test dependency; in CI a missing one is a failure, never a skip."""
    if os.environ.get("CI"):
        return importlib.import_module(name)
    return pytest.importorskip(name)


def _cv2() -> Any:
    return require("cv2")


@cache
def engine() -> Any:
    from drivers.face import FaceEngine

    return FaceEngine()


def astronaut() -> Any:
    np = require("numpy")
    return np.ascontiguousarray(require("skimage.data").astronaut()[:, :, ::-1])


def astronaut_at_kiosk() -> Any:
    """The same person as the kiosk camera sees her: mirrored and in brighter light."""
    cv2 = _cv2()
    return cv2.convertScaleAbs(cv2.flip(astronaut(), 1), alpha=1.0, beta=30)


def astronaut_id_photo() -> Any:
    """Her ID-card photo: the head and shoulders at the card's 102x126 pixels."""
    cv2 = _cv2()
    picture = astronaut()
    x, y, w, h = (int(v) for v in engine().detect(picture)[0].box)
    portrait = picture[max(y - 40, 0) : y + h + 30, max(x - 20, 0) : x + w + 20]
    return cv2.resize(portrait, (102, 126), interpolation=cv2.INTER_AREA)


def cameraman() -> Any:
    """Another person, large and sharp enough to pass the kiosk's quality gates."""
    cv2, np = _cv2(), require("numpy")
    grey = require("skimage.data").camera()
    frame = cv2.resize(cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR), None, fx=1.4, fy=1.4,
                       interpolation=cv2.INTER_CUBIC)  # fmt: skip
    sharpen = np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], np.float32)
    return cv2.filter2D(frame, -1, sharpen)


def jpeg(frame: Any) -> bytes:
    ok, data = _cv2().imencode(".jpg", frame, [_cv2().IMWRITE_JPEG_QUALITY, 92])
    assert ok
    return bytes(data)


def jpeg_b64(frame: Any) -> str:
    return base64.b64encode(jpeg(frame)).decode()


def embedding(frame: Any) -> list[float]:
    return [float(v) for v in engine().embed_frame(frame)]


def camera_folder(folder: Path, *frames: Any) -> Path:
    """A folder the sim:// camera shows, one picture per frame."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.jpg"):
        old.unlink()
    for index, frame in enumerate(frames):
        (folder / f"{index:02d}.jpg").write_bytes(jpeg(frame))
    return folder


FACE_CARD = {
    "label": "resident-collins",
    "type": "resident",
    "fields": {
        "name": "柯林斯",
        "sex": "2",
        "nation": "01",
        "birth": "19560919",
        "address": "湖南省常德市鼎城区示例路1号",
        "id_number": "430703195609190028",
        "authority": "常德市公安局鼎城分局",
        "valid_from": "20160101",
        "valid_to": "20360101",
    },
    "photo": "astronaut_id.jpg",
}


def face_cards(folder: Path) -> Path:
    """A card file for the sim:// reader and photo decoder: one card with her ID photo."""
    import json

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "astronaut_id.jpg").write_bytes(jpeg(astronaut_id_photo()))
    path = folder / "cards.json"
    path.write_text(json.dumps({"cards": [FACE_CARD]}, ensure_ascii=False), encoding="utf-8")
    return path


def face_kiosk_options(tmp_path: Path) -> dict[str, Any]:
    """Kiosk settings (for sim_config) whose reader holds her card, whose sim photo decoder
    knows its photo, and whose camera shows her."""
    from config.kiosk import DeviceUrls

    cards = face_cards(tmp_path / "cards")
    camera = camera_folder(tmp_path / "face-camera", astronaut_at_kiosk())
    devices = DeviceUrls(printer="sim://?paper=80", idcard=f"sim://?cards={cards}",
                         camera=f"sim://?dir={camera}", voice="none://")  # fmt: skip
    return {"devices": devices, "photo_decoder_library": f"sim://?cards={cards}"}


def show_camera(rig: Any, *frames: Any) -> None:
    """Put these pictures in front of the served kiosk's sim:// camera."""
    camera_folder(Path(rig.kiosk.cfg.devices.camera.split("dir=", 1)[1]), *frames)


def book_with_face(hall: Any, start: str = "11:00") -> str:
    """She books a slot today with her card's number and consents with a selfie."""
    from tests.server.conftest import HALL

    number = FACE_CARD["fields"]["id_number"]  # type: ignore[index]
    body = {"service": "social_security", "date": "2026-11-23", "start": start,
            "name": "柯林斯", "id_number": number, "phone": "13812345678"}  # fmt: skip
    r = hall.anonymous().post(f"/halls/{HALL}/appointments", body)
    assert r.status_code == 201, r.json
    code = r.json["code"]
    selfie = {"id_number": number, "consent": True, "photo": jpeg_b64(astronaut())}
    r = hall.anonymous().post(f"/halls/{HALL}/appointments/{code}/face", selfie)
    assert r.status_code == 201, r.json
    return str(code)
