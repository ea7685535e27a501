"""The flows with a recording stand-in for the server and simulated devices: who gets the
green channel, what is sent about the person, printing or the photo note, and a check-in
answer (issue 7's endpoint, as the kiosk expects it) printed like any ticket."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from drivers.printer import decode, plain_text
from kiosk.catalogue_cache import CatalogueCache
from kiosk.devices import Devices
from kiosk.errors import ServerUnreachable
from kiosk.flows import Flows
from kiosk.guides import load_guides
from kiosk.person import Person
from kiosk.preview import GUIDES, sim_config
from kiosk.session import Session

CATALOGUE = {
    "hall": "dingcheng",
    "services": [
        {
            "code": "social_security",
            "name_zh": "社保业务",
            "name_en": "Social security",
            "prefix": "A",
            "category": "社保医保",
        },
    ],  # fmt: skip
    "windows": [{"number": n, "services": ["social_security"]} for n in (2, 3, 4)],
}


class FakeServer:
    """Answers like the hall server; records every ticket request."""

    def __init__(self) -> None:
        self.issued: list[dict[str, Any]] = []
        self.down = False

    def catalogue(self) -> dict[str, Any]:
        return CATALOGUE

    def queues(self) -> dict[str, Any]:
        return {"lines": [{"code": "social_security", "waiting": 2, "estimated_minutes": 9.0}]}

    def _view(self, number: str, priority: str, **extra: Any) -> dict[str, Any]:
        return {"number": number, "token": f"tok-{number}", "priority": priority, "ahead": 2,
                "estimated_minutes": 9.0, "issued_at": "2026-11-23T02:00:00+00:00",
                "service": {"code": "social_security", "name_zh": "社保业务",
                            "name_en": "Social security"}, **extra}  # fmt: skip

    def issue_ticket(self, service: str, key: str, **person: Any) -> dict[str, Any]:
        if self.down:
            raise ServerUnreachable("down")
        self.issued.append({"service": service, "key": key, **person})
        return self._view(f"A{len(self.issued):03d}", person.get("priority") or "normal")

    def check_in(self, key: str, **how: Any) -> dict[str, Any]:
        notice = {"zh": "已超过预约时段，按普通号排队", "en": "Past your slot: a normal ticket"}
        return self._view("A101", "normal", notice=notice)


@pytest.fixture
def flows(tmp_path: Path) -> Any:
    cfg = sim_config("http://hall", tmp_path)
    server = FakeServer()
    devices = Devices(cfg.devices)
    devices.poll_printer()
    session = Session(60)
    cache = CatalogueCache(server, load_guides(GUIDES))  # type: ignore[arg-type]
    yield Flows(cfg, server, devices, session, cache)  # type: ignore[arg-type]
    devices.close()


def _seat(flows: Any, birth: date) -> None:
    flows.session._person = Person("李秀英", "430102195207082041", birth, "RESIDENT")


def test_green_channel_only_when_offered_and_chosen(flows):
    _seat(flows, date(1950, 1, 1))
    assert flows.take_number("social_security", "k1", True)["ticket"]["priority"] == "elderly"
    assert flows.take_number("social_security", "k2", False)["ticket"]["priority"] == "normal"
    _seat(flows, date(1990, 1, 1))  # too young: asking is not enough
    assert flows.take_number("social_security", "k3", True)["ticket"]["priority"] == "normal"
    sent = flows.client.issued[0]
    assert sent["id_number"] == "430102195207082041" and sent["name"] == "李秀英"


def test_without_a_card_nothing_personal_is_sent(flows):
    flows.take_number("social_security", "k1", True)
    assert flows.client.issued == [{"service": "social_security", "key": "k1",
                                    "priority": None, "id_number": None, "name": None}]  # fmt: skip


def test_the_ticket_prints_with_windows_and_materials(flows):
    result = flows.take_number("social_security", "k1", False)
    assert result["printed"] and result["print_fault"] is None
    text = plain_text(decode(flows.devices.printer.jobs[-1]))
    assert "A001" in text.split() and "2-4" in text and "居民身份证原件" in text
    assert result["qr"].startswith("data:image/svg+xml;base64,")


def test_out_of_paper_issues_and_asks_for_a_photo(flows):
    flows.devices.printer.state.paper = "out"
    first = flows.take_number("social_security", "k1", False)
    assert not first["printed"] and first["print_fault"]["code"] == "printer_paper_out"
    assert first["print_fault"]["zh"] == "打印机缺纸，请拍照留存号码"
    second = flows.take_number("social_security", "k2", False)  # not even tried now
    assert not second["printed"] and flows.devices.printer.jobs == []
    assert [t["key"] for t in flows.client.issued] == ["k1", "k2"]


def test_server_down_invents_nothing_and_says_so(flows):
    flows.take_number("social_security", "k0", False)  # catalogue cached
    flows.client.down = True
    with pytest.raises(ServerUnreachable):
        flows.take_number("social_security", "k1", False)
    assert not flows.server.ok and len(flows.devices.printer.jobs) == 1


def test_a_check_in_answer_prints_and_shows_the_servers_notice(flows):
    _seat(flows, date(1985, 3, 12))
    result = flows.check_in("card", "k1")
    assert result["printed"] and result["ticket"]["number"] == "A101"
    assert result["notice"]["zh"] == "已超过预约时段，按普通号排队"
