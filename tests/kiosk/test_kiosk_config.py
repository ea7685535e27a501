"""The kiosk file's new keys (defaults, checks) and the example guide file."""

from __future__ import annotations

from pathlib import Path

import pytest

from config.errors import ConfigError
from config.kiosk import load_kiosk
from kiosk.guides import load_guides
from server.adapters.hall_file import load_hall

ROOT = Path(__file__).resolve().parents[2]
BASE = """
[kiosk]
name = "测试机"
hall = "dingcheng"
server_url = "http://127.0.0.1:5000"
"""


def _load(tmp_path: Path, extra: str = ""):
    path = tmp_path / "kiosk.toml"
    path.write_text(BASE + extra, encoding="utf-8")
    return load_kiosk(path)


def test_defaults_when_the_keys_are_left_out(tmp_path):
    cfg = _load(tmp_path)
    assert cfg.heartbeat_seconds == 15 and cfg.green_channel_age == 70
    assert cfg.ticket_url == "{server_url}/api/v1/tickets/{token}"
    assert cfg.timezone == "Asia/Shanghai" and cfg.elderly_services == ()


def test_the_example_sets_them():
    cfg = load_kiosk(ROOT / "config" / "kiosk.example.toml")
    assert cfg.hall_name == "鼎城区政务服务中心"
    assert "elderly_card" in cfg.elderly_services


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ('ticket_url = "http://x/t/"', "kiosk.ticket_url"),
        ('ticket_url = "http://x/{nope}/{token}"', "kiosk.ticket_url"),
        ('timezone = "Mars/Olympus"', "kiosk.timezone"),
        ("heartbeat_seconds = 0", "kiosk.heartbeat_seconds"),
        ("elderly_services = [1, 2]", "kiosk.elderly_services"),
        ("ui_port = 70000", "kiosk.ui_port"),
        ("idle_timeout_seconds = inf", "kiosk.idle_timeout_seconds"),
        ('colour = "red"', "kiosk.colour"),
        ('[devices]\nprinter = "usb0"', "devices.printer"),
        ('[devices]\nscanner = "sim://"', "devices.scanner"),
        ("[face]\nthreshold = 1", "face.threshold"),
        ("[face]\ntreshold = 0.4", "face.treshold"),
        ("[idcard]\nphoto_decoder_library = 1", "idcard.photo_decoder_library"),
        ('[camera]\nurl = "cv://0"', "camera"),
    ],
)
def test_a_bad_value_names_its_key(tmp_path, line, key):
    with pytest.raises(ConfigError) as err:
        _load(tmp_path, line + "\n")
    assert err.value.key == key


def test_every_service_of_the_example_hall_has_a_guide_in_chinese_and_english():
    guides = load_guides(ROOT / "config" / "guides.example.toml")
    hall = load_hall(ROOT / "config" / "hall.example.toml")
    assert {s.code for s in hall.services} == set(guides)
    for guide in guides.values():
        assert guide.hint_zh and guide.materials_zh and guide.time_limit_zh and guide.fees_zh
        assert len(guide.materials_en) == len(guide.materials_zh)


def test_a_bad_guide_key_is_named(tmp_path):
    path = tmp_path / "guides.toml"
    path.write_text('[[guides]]\nservice = "a"\nmaterial_zh = ["x"]\n', encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_guides(path)
    assert err.value.key == "guides[0].material_zh"
    assert load_guides(tmp_path / "missing.toml") == {}


def test_a_file_without_a_kiosk_table_names_it(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text('[devices]\nprinter = "sim://"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_kiosk(path)
    assert (err.value.key, err.value.problem_en, err.value.problem_zh) == (
        "kiosk",
        "is required",
        "缺少必填项",
    )


def test_the_sections_become_one_flat_config(tmp_path):
    cfg = _load(tmp_path, '[face]\nthreshold = 0.5\n[idcard]\nphoto_decoder_library = "x.so"\n')
    assert (cfg.face_threshold, cfg.photo_decoder_library) == (0.5, "x.so")
    assert cfg.devices.voice == "none://" and cfg.server_url == "http://127.0.0.1:5000"


def test_the_server_url_is_http_or_https(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text(BASE.replace("http://127.0.0.1:5000", "ftp://hall"), encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_kiosk(path)
    assert err.value.key == "kiosk.server_url" and "http" in err.value.problem_zh
