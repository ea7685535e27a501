"""Quality gates on real and deliberately bad pictures, with the reasons a kiosk shows."""

from __future__ import annotations

import importlib
import os
from types import ModuleType

import numpy as np
import pytest

from drivers.errors import DeviceError
from drivers.face import FaceConfig, FaceEngine, FaceQualityError, QualityGates
from drivers.face.quality import (
    BLURRY,
    MANY_FACES,
    NO_FACE,
    TOO_BRIGHT,
    TOO_DARK,
    TOO_SMALL,
)


def _require(name: str) -> ModuleType:
    """Import a test dependency; in CI a missing one is a failure, never a skip."""
    if os.environ.get("CI"):
        return importlib.import_module(name)
    return pytest.importorskip(name)


cv2 = _require("cv2")
skdata = _require("skimage.data")


@pytest.fixture(scope="module")
def engine() -> FaceEngine:
    return FaceEngine()


@pytest.fixture(scope="module")
def astronaut() -> np.ndarray:
    return np.ascontiguousarray(skdata.astronaut()[:, :, ::-1])


def test_a_good_picture_passes(engine, astronaut) -> None:
    quality = engine.assess(astronaut)
    assert quality.ok and quality.reasons == ()
    assert quality.face is not None and quality.face.width > 80
    assert quality.sharpness is not None and quality.sharpness > 3.0


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("grey blank", (NO_FACE,)),
        ("black blank", (NO_FACE, TOO_DARK)),
        ("white blank", (NO_FACE, TOO_BRIGHT)),
        ("noise", (NO_FACE,)),
        ("a cat", (NO_FACE,)),
        ("coffee cup", (NO_FACE,)),
    ],
)
def test_pictures_without_a_face_are_refused(engine, name, expected) -> None:
    pictures = {
        "grey blank": np.full((480, 640, 3), 128, dtype=np.uint8),
        "black blank": np.zeros((480, 640, 3), dtype=np.uint8),
        "white blank": np.full((480, 640, 3), 255, dtype=np.uint8),
        "noise": np.random.default_rng(7).integers(0, 256, (480, 640, 3), dtype=np.uint8),
        "a cat": np.ascontiguousarray(skdata.chelsea()[:, :, ::-1]),
        "coffee cup": np.ascontiguousarray(skdata.coffee()[:, :, ::-1]),
    }
    assert engine.assess(pictures[name]).reasons == expected


@pytest.mark.parametrize("sigma", [2.0, 3.0])
def test_a_blurred_face_is_refused(engine, astronaut, sigma) -> None:
    quality = engine.assess(cv2.GaussianBlur(astronaut, (0, 0), sigma))
    assert quality.reasons == (BLURRY,)


def test_motion_blur_is_refused(engine, astronaut) -> None:
    smear = np.full((1, 15), 1 / 15, dtype=np.float32)
    assert engine.assess(cv2.filter2D(astronaut, -1, smear)).reasons == (BLURRY,)


def test_a_dim_but_sharp_face_is_too_dark_not_blurred(engine, astronaut) -> None:
    assert engine.assess(cv2.convertScaleAbs(astronaut, alpha=0.25)).reasons == (TOO_DARK,)


def test_a_far_away_face_is_too_small(engine, astronaut) -> None:
    far = cv2.resize(astronaut, (256, 256), interpolation=cv2.INTER_AREA)
    assert engine.assess(far).reasons == (TOO_SMALL,)


def test_two_people_are_refused(engine, astronaut) -> None:
    assert engine.assess(np.hstack([astronaut, cv2.flip(astronaut, 1)])).reasons == (MANY_FACES,)


def test_a_small_face_in_the_background_does_not_count(engine, astronaut) -> None:
    behind = cv2.resize(cv2.flip(astronaut, 1), (256, 256), interpolation=cv2.INTER_AREA)
    behind = cv2.copyMakeBorder(behind, 0, 256, 0, 0, cv2.BORDER_CONSTANT)
    picture = np.hstack([astronaut, behind])
    assert len(engine.detect(picture)) == 2
    assert engine.assess(picture).ok


def test_gates_are_configurable(astronaut) -> None:
    strict = FaceEngine(FaceConfig(gates=QualityGates(min_face_px=200)))
    assert strict.assess(astronaut).reasons == (TOO_SMALL,)


def test_embedding_a_bad_picture_raises_what_to_tell_the_citizen(engine) -> None:
    with pytest.raises(FaceQualityError) as caught:
        engine.embed_frame(np.full((480, 640, 3), 128, dtype=np.uint8))
    error = caught.value
    assert isinstance(error, DeviceError)
    assert error.reasons == (NO_FACE,)
    assert "请正对摄像头" in error.zh and "Please face the camera" in error.en
    assert error.code == "face_quality"


def test_without_the_check_a_picture_still_needs_a_face(engine) -> None:
    with pytest.raises(FaceQualityError) as caught:
        engine.embed_frame(np.zeros((126, 102, 3), dtype=np.uint8), check_quality=False)
    assert caught.value.reasons == (NO_FACE,)


def test_every_reason_speaks_both_languages() -> None:
    for reason in (NO_FACE, MANY_FACES, TOO_SMALL, BLURRY, TOO_DARK, TOO_BRIGHT):
        assert reason.code and reason.zh and reason.en
        assert not any("a" <= ch.lower() <= "z" for ch in reason.zh)
