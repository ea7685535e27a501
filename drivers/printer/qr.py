"""Build QR module matrices with the `qrcode` package and pack them as raster bit images."""

from __future__ import annotations

from drivers.printer.commands import EccLevel, raster_image

QUIET_ZONE = 4


def qr_matrix(payload: bytes, ecc: EccLevel = "M", border: int = 0) -> list[list[bool]]:
    """Return the QR module matrix for payload (True = dark), with `border` light modules."""
    import qrcode  # imported here so the server can import drivers without it
    from qrcode import constants

    levels = {
        "L": constants.ERROR_CORRECT_L,
        "M": constants.ERROR_CORRECT_M,
        "Q": constants.ERROR_CORRECT_Q,
        "H": constants.ERROR_CORRECT_H,
    }
    code = qrcode.QRCode(error_correction=levels[ecc], border=border, box_size=1)
    code.add_data(payload)
    code.make(fit=True)
    return [[bool(cell) for cell in row] for row in code.get_matrix()]


def pack_bits(row: list[bool]) -> bytes:
    """Pack one row of dots into bytes, most significant bit leftmost, padding with white."""
    padded = row + [False] * (-len(row) % 8)
    out = bytearray()
    for start in range(0, len(padded), 8):
        value = 0
        for dot in padded[start : start + 8]:
            value = (value << 1) | int(dot)
        out.append(value)
    return bytes(out)


def scale_matrix(matrix: list[list[bool]], module_dots: int, left_dots: int) -> list[list[bool]]:
    """Blow each module up to module_dots x module_dots dots, shifted right by left_dots."""
    rows: list[list[bool]] = []
    for row in matrix:
        dots = [False] * left_dots + [cell for cell in row for _ in range(module_dots)]
        rows.extend(list(dots) for _ in range(module_dots))
    return rows


def qr_raster(payload: bytes, ecc: EccLevel, module_dots: int, dots_per_line: int) -> bytes:
    """Return a GS v 0 image of the QR code with its quiet zone, centred on the line.

    The centring is done with white dots on the left rather than ESC a, because printers
    disagree on whether justification applies to raster images.
    """
    matrix = qr_matrix(payload, ecc, border=QUIET_ZONE)
    module_dots = max(1, min(module_dots, dots_per_line // len(matrix)))
    left_dots = (dots_per_line - len(matrix) * module_dots) // 2
    rows = scale_matrix(matrix, module_dots, left_dots)
    packed = [pack_bits(row) for row in rows]
    return raster_image(len(packed[0]), len(packed), b"".join(packed))
