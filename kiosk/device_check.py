"""Open each configured device once and say how it is, in one table (check-devices)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from config.kiosk import KioskConfig
from drivers.errors import DeviceError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DeviceReport:
    kind: str
    url: str
    ok: bool
    detail: str


def _printer(url: str) -> str:
    from drivers.printer import open_printer

    with open_printer(url) as printer:
        s = printer.status()
    online = {True: "online", False: "offline", None: "unknown"}[s.online]
    cover = {True: "open", False: "closed", None: "unknown"}[s.cover_open]
    return f"{online}, paper {s.paper}, cover {cover}"


def _idcard(url: str) -> str:
    from drivers.idcard import open_idcard_reader

    reader = open_idcard_reader(url)
    try:
        reader.open()
        reader.sam_status()
        sam = reader.sam_id()
        card = "card on reader" if reader.find_card() else "no card"
        return f"SAM ok ({sam.text}), {card}"
    finally:
        reader.close()


def _camera(url: str) -> str:
    from drivers.camera import open_camera

    camera = open_camera(url)
    try:
        frame = camera.read()
        return f"frame {frame.shape[1]}x{frame.shape[0]}"
    finally:
        camera.close()


def _voice(url: str) -> str:
    from drivers.voice import Announcement, open_voice

    voice = open_voice(url)
    try:
        audio = voice.render(Announcement.call("A001", "1"))
        return f"speaks ({len(audio)} bytes of WAV)" if audio else "silent (none://)"
    finally:
        voice.close()


CHECKS: dict[str, Callable[[str], str]] = {
    "printer": _printer,
    "idcard": _idcard,
    "camera": _camera,
    "voice": _voice,
}


def check_devices(cfg: KioskConfig) -> list[DeviceReport]:
    reports = []
    for kind, check in CHECKS.items():
        url = getattr(cfg.devices, kind)
        try:
            reports.append(DeviceReport(kind, url, True, check(url)))
        except DeviceError as e:
            reports.append(DeviceReport(kind, url, False, f"{e.zh} / {e.en} ({e.detail})"))
    return reports


def format_table(reports: list[DeviceReport]) -> str:
    width = max(len(r.url) for r in reports)
    lines = [f"{'device':8} {'url':{width}} {'':4} status"]
    for r in reports:
        lines.append(f"{r.kind:8} {r.url:{width}} {'ok' if r.ok else 'FAIL':4} {r.detail}")
    return "\n".join(lines)
