"""Valid resident ID numbers (GB 11643 check digits) of the citizens in these tests."""

from __future__ import annotations

from server.domain.personal import id_check_char


def make_id(first17: str) -> str:
    return first17 + id_check_char(first17)


ZHANG = make_id("11010519800101123")
LI = make_id("43010219900202456")
WANG = make_id("32010619750315789")
PHONE = "13812345678"
