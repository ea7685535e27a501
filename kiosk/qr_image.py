"""The ticket's status URL as a QR picture for the screen (SVG, as a data: URI)."""

from __future__ import annotations

import base64
import io
from functools import lru_cache


@lru_cache(maxsize=32)
def qr_svg(text: str) -> bytes:
    """Return an SVG QR code of `text` (quiet zone included, black on white)."""
    import qrcode
    from qrcode.image.svg import SvgPathFillImage

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(text)
    code.make(fit=True)
    out = io.BytesIO()
    code.make_image(image_factory=SvgPathFillImage).save(out)
    return out.getvalue()


def qr_data_uri(text: str) -> str:
    """Return the QR as a data: URI an <img> may show under the page's CSP."""
    return "data:image/svg+xml;base64," + base64.b64encode(qr_svg(text)).decode("ascii")
