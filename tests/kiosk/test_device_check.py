"""check-devices opens each configured device for real and reports it in one table."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from config.errors import ConfigError
from config.kiosk import load_kiosk
from kiosk.cli import main

ROOT = Path(__file__).resolve().parents[2]
CARDS = ROOT / "drivers" / "idcard" / "data" / "demo_cards.json"


def _kiosk_file(tmp_path: Path, printer: str, extra: str = "") -> Path:
    import cv2
    import numpy as np

    frames = tmp_path / "frames"
    frames.mkdir()
    cv2.imwrite(str(frames / "0.png"), np.full((480, 640, 3), 128, np.uint8))
    path = tmp_path / "kiosk.toml"
    path.write_text(
        f"""
[kiosk]
name = "测试机"
hall = "dingcheng"
server_url = "http://127.0.0.1:5000"
{extra}
[devices]
printer = "{printer}"
idcard = "sim://?cards={CARDS}"
camera = "sim://?dir={frames}"
voice = "none://"
""",
        encoding="utf-8",
    )
    return path


def test_every_simulated_device_answers(tmp_path):
    result = CliRunner().invoke(
        main, ["check-devices", "--config", str(_kiosk_file(tmp_path, "sim://"))]
    )
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line for line in result.output.splitlines()[1:]}
    assert set(rows) == {"printer", "idcard", "camera", "voice"}
    assert "paper ok" in rows["printer"] and "SAM ok" in rows["idcard"]
    assert "frame 640x480" in rows["camera"] and "silent" in rows["voice"]


def test_a_printer_out_of_paper_and_an_unreachable_one(tmp_path):
    out = _kiosk_file(tmp_path, "sim://?paper_status=out")
    result = CliRunner().invoke(main, ["check-devices", "--config", str(out)])
    assert "paper out" in result.output
    (tmp_path / "frames" / "0.png").unlink()
    (tmp_path / "frames").rmdir()
    dead = _kiosk_file(tmp_path, "escpos+tcp://127.0.0.1:9?timeout=0.3")
    result = CliRunner().invoke(main, ["check-devices", "--config", str(dead)])
    assert result.exit_code == 1
    printer_row = next(line for line in result.output.splitlines() if line.startswith("printer"))
    assert "FAIL" in printer_row and "打印机" in printer_row


def test_a_bad_kiosk_key_is_named(tmp_path):
    path = _kiosk_file(tmp_path, "sim://", extra='colour = "red"\n')
    with pytest.raises(ConfigError) as err:
        load_kiosk(path)
    assert err.value.key == "kiosk.colour"


def test_the_example_kiosk_file_loads():
    cfg = load_kiosk(ROOT / "config" / "kiosk.example.toml")
    assert cfg.hall == "dingcheng" and cfg.devices.voice == "espeak://"
