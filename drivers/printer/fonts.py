"""Find a CJK font from the Debian packages fonts-noto-cjk or fonts-wqy-microhei."""

from __future__ import annotations

import glob
import logging
import os
from dataclasses import dataclass
from functools import lru_cache

from drivers.printer.errors import FontNotFound

log = logging.getLogger(__name__)

CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
)
PATTERNS = ("/usr/share/fonts/**/NotoSansCJK*.tt[cf]", "/usr/share/fonts/**/wqy-*.tt[cf]")
MAX_FACES = 10


@dataclass(frozen=True)
class CjkFont:
    """A font file and the face index inside it (a .ttc holds several faces)."""

    path: str
    index: int = 0


def _simplified_face(path: str) -> int:
    """Return the index of the Simplified Chinese face in a collection, else 0."""
    from PIL import ImageFont

    for index in range(MAX_FACES):
        try:
            family = ImageFont.truetype(path, 24, index=index).getname()[0] or ""
        except OSError:
            break
        if family.endswith(" SC"):
            return index
    return 0


@lru_cache(maxsize=8)
def find_cjk_font(explicit: str | None = None) -> CjkFont:
    """Return the configured font, or the first Debian CJK font found; raise FontNotFound."""
    if explicit:
        if not os.path.isfile(explicit):
            raise FontNotFound(f"font file {explicit} does not exist")
        return CjkFont(explicit, _simplified_face(explicit))
    found = [path for path in CANDIDATES if os.path.isfile(path)]
    for pattern in PATTERNS:
        found.extend(sorted(glob.glob(pattern, recursive=True)))
    if not found:
        searched = ", ".join(CANDIDATES + PATTERNS)
        raise FontNotFound(f"searched {searched}; apt-get install fonts-noto-cjk")
    log.debug("using CJK font %s", found[0])
    return CjkFont(found[0], _simplified_face(found[0]))
