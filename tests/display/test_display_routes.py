"""The display blueprint without a browser: pages, the vendored client, spoken-call audio, texts."""

from __future__ import annotations

import io
import json
import os
import re
import wave
from pathlib import Path

import pytest

from display import texts
from tests.server.conftest import HALL, build_hall

DISPLAY = Path(__file__).resolve().parents[2] / "display"


@pytest.fixture
def hall(tmp_path):
    built = build_hall(f"sqlite:///{tmp_path / 'hall.sqlite3'}")
    built.app.config["DISPLAY_VOICE_URL"] = "espeak://?rate=450"
    yield built
    built.engine.dispose()


def test_pages_are_static_shells_that_embed_texts_not_data(hall):
    client = hall.app.test_client()
    r = client.get(f"/display/hall/{HALL}")
    assert r.status_code == 200 and r.mimetype == "text/html"
    assert "script-src 'self'" in r.headers["Content-Security-Policy"]
    assert r.headers["Referrer-Policy"] == "no-referrer"
    html = r.get_data(as_text=True)
    assert "正在叫号" in html and "Now calling" in html
    assert "鼎城区" not in html, "hall data comes only from the authorised live snapshot"
    page = json.loads(re.search(r'id="page-data">(.*?)</script>', html).group(1))
    assert page["hall"] == HALL and page["client"].endswith("socket.io.esm.min.js")
    assert client.get("/display/window/3").status_code == 200
    assert client.get("/display/hall/..%2Fetc").status_code == 404
    assert client.get("/display/window/x").status_code == 404


def test_the_socket_io_client_comes_from_npm_not_a_cdn(hall):
    client = hall.app.test_client()
    r = client.get("/display/vendor/socket.io.esm.min.js")
    if not (DISPLAY / "node_modules").is_dir():
        assert r.status_code == 503 and b"npm ci --prefix display" in r.data
        reason = "display/node_modules missing: run `npm ci --prefix display`"
        pytest.fail(reason) if os.environ.get("CI") else pytest.skip(reason)
    assert r.status_code == 200 and r.mimetype == "text/javascript"
    assert b"Socket.IO v4" in r.data[:200]
    assert client.get("/display/vendor/package.json").status_code == 404
    assert client.get("/display/vendor/..%2F..%2Fpackage.json").status_code == 404
    lock = json.loads((DISPLAY / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/socket.io-client"]["version"].startswith("4.")


def test_call_audio_needs_a_display_token_and_a_well_formed_call(hall):
    client = hall.app.test_client()
    url = "/display/audio/call.wav?number=A012&window=3"
    assert client.get(url).status_code == 401
    kiosk = {"Authorization": f"Bearer {hall.accounts.kiosk_token}"}
    assert client.get(url, headers=kiosk).status_code == 403
    auth = {"Authorization": f"Bearer {hall.accounts.display_token}"}
    for bad in ("number=a012&window=3", "number=A12&window=3", "number=A012&window=0",
                "number=A012&window=3a", "number=A012%0A&window=3", "number=AB12&window=3",
                "number=A012&window=1000", "window=3"):  # fmt: skip
        r = client.get(f"/display/audio/call.wav?{bad}", headers=auth)
        assert r.status_code == 400, bad
        # A control character is refused by the request guard before the route sees it.
        code = "invalid_value" if "%0A" in bad else "bad_call"
        assert r.json["error"]["code"] == code and r.json["error"]["message"]["zh"]
    r = client.get(url, headers=auth)
    assert r.status_code == 200 and r.mimetype == "audio/wav"
    with wave.open(io.BytesIO(r.data)) as w:
        assert w.getnframes() / w.getframerate() > 1.0
    assert client.get(url, headers=auth).data == r.data  # cached phrase, same bytes


def test_a_silent_voice_answers_no_content_so_the_page_falls_back(hall):
    hall.app.config["DISPLAY_VOICE_URL"] = "none://"
    auth = {"Authorization": f"Bearer {hall.accounts.display_token}"}
    r = hall.app.test_client().get("/display/audio/call.wav?number=B0007&window=11", headers=auth)
    assert r.status_code == 204


def test_every_text_the_pages_use_is_in_both_catalogues():
    zh, en = texts.catalogue()["zh"], texts.catalogue()["en"]
    assert zh.keys() == en.keys()
    assert all(v.strip() for v in [*zh.values(), *en.values()])
    used = set()
    for path in (DISPLAY / "static" / "js").glob("*.js"):
        used |= set(re.findall(r'\bt\("([a-z_.]+)"', path.read_text(encoding="utf-8")))
    for path in (DISPLAY / "templates").rglob("*.html"):
        used |= set(re.findall(r'bi\("([a-z_.]+)"', path.read_text(encoding="utf-8")))
    used |= {f"window.{s}" for s in ("called", "serving", "idle", "paused", "closed")}
    used |= {f"level.{s}" for s in ("red", "yellow")}
    states = ("connecting", "reconnecting", "refused", "no_token", "no_client", "wrong_hall")
    used |= {f"status.{s}" for s in (*states, "no_window")}
    assert used - zh.keys() == set()


def test_the_scripts_hold_no_page_text():
    """Readable words live in the catalogues: no Chinese in the page scripts but the digits."""
    for path in (DISPLAY / "static" / "js").glob("*.js"):
        source = path.read_text(encoding="utf-8").replace("零一二三四五六七八九", "")
        source = re.sub(r"/\*.*?\*/", "", source, flags=re.S)
        code = "\n".join(line.split("//")[0] for line in source.splitlines())
        assert not re.search(r"[\u4e00-\u9fff]", code), path.name
