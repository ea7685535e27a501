"""Compare SFace embeddings: one-to-one verification and one-to-many identification."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import ArrayLike, NDArray

    Embedding = NDArray[np.float32]

#: OpenCV's recommended cosine threshold for SFace (same person when the score is higher).
SFACE_COSINE_THRESHOLD = 0.363


class Decision(StrEnum):
    ACCEPT = "accept"
    REJECT = "reject"


@dataclass(frozen=True)
class VerifyResult:
    """A cosine score, the threshold it was held against, and the decision."""

    score: float
    decision: Decision
    threshold: float

    @property
    def accepted(self) -> bool:
        return self.decision is Decision.ACCEPT


@dataclass(frozen=True)
class Match:
    """The gallery entry most like the live face."""

    id: str
    score: float


def unit(vector: ArrayLike) -> Embedding:
    """Return `vector` flattened to float32 and scaled to length one."""
    import numpy as np

    flat = np.asarray(vector, dtype=np.float32).reshape(-1)
    norm = float(np.linalg.norm(flat))
    if norm == 0.0:
        raise ValueError("cannot compare an all-zero embedding")
    return flat / norm


def cosine(a: ArrayLike, b: ArrayLike) -> float:
    """Return the cosine similarity of two embeddings (1 = same direction)."""
    import numpy as np

    return float(np.dot(unit(a), unit(b)))


def verify(
    live: Embedding, reference: Embedding, threshold: float = SFACE_COSINE_THRESHOLD
) -> VerifyResult:
    """Decide whether `live` and `reference` show the same person."""
    score = cosine(live, reference)
    decision = Decision.ACCEPT if score >= threshold else Decision.REJECT
    return VerifyResult(score, decision, threshold)


def identify(
    live: Embedding,
    gallery: Mapping[str, Embedding],
    threshold: float = SFACE_COSINE_THRESHOLD,
) -> Match | None:
    """Return the best gallery match at or above `threshold`, or None."""
    import numpy as np

    if not gallery:
        return None
    ids = list(gallery)
    matrix = np.stack([unit(gallery[key]) for key in ids])
    scores = matrix @ unit(live)
    best = int(np.argmax(scores))
    score = float(scores[best])
    return Match(ids[best], score) if score >= threshold else None
