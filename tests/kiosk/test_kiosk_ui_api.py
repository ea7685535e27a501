"""The kiosk UI's JSON API on loopback (real hall server, simulated devices), no browser:
the POST guard, idempotent confirms, the server's own words, search, voice, CSP."""

from __future__ import annotations

import time
from typing import Any

import requests

from tests.kiosk.conftest import WANG


def _post(rig: Any, path: str, body: dict[str, Any]) -> requests.Response:
    return requests.post(rig.url + path, json=body, headers={"X-Kiosk": "1"}, timeout=10)


def test_a_post_without_the_kiosk_header_is_refused(rig):
    body = {"service": "social_security", "request_id": "req-00000001"}
    assert requests.post(rig.url + "/api/tickets", json=body, timeout=10).status_code == 403
    assert rig.printer.jobs == []


def test_the_page_is_served_under_a_strict_policy(rig):
    response = requests.get(rig.url + "/", timeout=10)
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "default-src 'self'" in policy
    assert 'type="module"' in response.text and "http" not in policy


def test_a_repeated_confirm_is_the_same_ticket(rig):
    body = {"service": "social_security", "request_id": "req-00000002"}
    first = _post(rig, "/api/tickets", body).json()
    again = _post(rig, "/api/tickets", body).json()
    assert first["ticket"]["number"] == again["ticket"]["number"] == "A001"
    other = _post(rig, "/api/tickets", {**body, "request_id": "req-00000003"}).json()
    assert other["ticket"]["number"] == "A002"


def test_a_server_limit_is_shown_in_the_servers_words(rig):
    rig.emulator.place(WANG)
    deadline = time.monotonic() + 15
    while rig.kiosk.session.person is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert rig.kiosk.session.person is not None
    body = {"service": "household", "request_id": "req-00000004"}
    assert _post(rig, "/api/tickets", body).status_code == 201
    refused = _post(rig, "/api/tickets", {**body, "request_id": "req-00000005"})
    assert refused.status_code == 409
    error = refused.json()["error"]
    assert error["code"] == "already_waiting"
    assert error["zh"] == "您已取过该事项的号码，请勿重复取号"
    assert refused.json()["retry"] is False


def test_search_voice_and_bad_input(rig):
    found = requests.get(rig.url + "/api/services?q=bdc", timeout=10).json()["results"]
    assert [s["code"] for s in found] == ["real_estate"]
    elderly = requests.get(rig.url + "/api/services?elderly=1", timeout=10).json()["results"]
    assert [s["code"] for s in elderly][:2] == ["social_security", "medical_insurance"]
    assert requests.get(rig.url + "/api/voice/home", timeout=10).status_code == 204  # none://
    assert requests.get(rig.url + "/api/voice/nope", timeout=10).status_code == 404
    bad = _post(rig, "/api/tickets", {"service": "../x", "request_id": "req-00000006"})
    assert bad.status_code == 400


def test_the_voice_says_the_number_the_server_gave_not_one_from_the_page(rig, monkeypatch):
    said: list[str] = []
    monkeypatch.setattr(rig.kiosk.devices, "speak", lambda zh, en: said.append(zh) or b"")
    body = {"service": "social_security", "request_id": "req-00000008"}
    number = _post(rig, "/api/tickets", body).json()["ticket"]["number"]
    assert requests.get(rig.url + "/api/voice/ticket?number=Z999", timeout=10).status_code == 204
    assert said and " ".join(number) in said[-1] and "Z" not in said[-1]


def test_no_checklist_while_the_printer_is_out_of_paper(rig):
    rig.printer.state.paper = "out"
    rig.kiosk.devices.poll_printer()
    refused = _post(rig, "/api/guides/household/print", {})
    assert refused.status_code == 503
    assert refused.json()["error"]["zh"] == "打印机缺纸，请联系工作人员"
    assert rig.printer.output == b""


def test_a_camera_that_fails_says_what_to_do_instead(rig):
    refused = _post(rig, "/api/check-in", {"method": "qr", "request_id": "req-00000007"})
    assert refused.status_code == 409  # the sim camera's folder holds no pictures
    error = refused.json()["error"]
    assert error["code"] == "camera_unavailable"
    assert error["zh"] == "摄像头不可用。请改用身份证签到，或到咨询导办台办理"
    assert rig.kiosk.devices.report()["camera"]["online"] is False
