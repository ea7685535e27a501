"""GB 11643 citizen identity numbers: the check character (ISO 7064 MOD 11-2).

The one implementation of the rule, in a package of its own that imports only the standard
library, so that the pure domain (server/domain/personal.py) and the card reader driver
(drivers/idcard/idnumber.py) both use it and neither imports the other's side. Resident cards,
HK/Macau/Taiwan residence permits and the 2023 foreigner permanent residence card all carry
18-character numbers checked this way.
"""

from __future__ import annotations

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"


def check_char(first17: str) -> str:
    """Return the check character for the first 17 digits of an ID number."""
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]
