"""A kiosk with simulated devices served on loopback: browser tests, screenshots, the bench.

served = ServedKiosk(sim_config(server_url, workdir), token).start()
served.url, served.printer (the virtual printer), served.emulator (lay cards on it)
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Any

from config.kiosk import DeviceUrls, KioskConfig, KioskFile, KioskSection
from display.preview import LiveServer
from drivers.idcard.opener import SimIdCardReader
from drivers.printer.sim import SimPrinter
from kiosk.app import build_kiosk
from kiosk.program import Kiosk

if TYPE_CHECKING:  # the emulator needs POSIX ptys: drivers.idcard.opener imports it on demand
    from drivers.idcard.emulator import ReaderEmulator

ROOT = Path(__file__).resolve().parent.parent
DEMO_CARDS = ROOT / "drivers" / "idcard" / "data" / "demo_cards.json"
GUIDES = ROOT / "config" / "guides.example.toml"


def sim_config(server_url: str, workdir: Path, **overrides: Any) -> KioskConfig:
    """Return a kiosk config on simulated devices; the camera shows `workdir`/camera.

    The file's defaults apply to what is not set here; `overrides` replace settings of the
    result by their KioskConfig names; the UI takes a free port."""
    camera = workdir / "camera"
    camera.mkdir(parents=True, exist_ok=True)
    devices = DeviceUrls(
        printer=overrides.pop("printer", "sim://?paper=80"),
        idcard=f"sim://?cards={DEMO_CARDS}",
        camera=overrides.pop("camera", f"sim://?dir={camera}"),
        voice=overrides.pop("voice", "none://"),
    )
    kiosk = KioskSection(
        name="1号自助取号机",
        hall="dingcheng",
        server_url=server_url,
        token_file=str(workdir / "kiosk.token"),
        hall_name="鼎城区政务服务中心",
        heartbeat_seconds=1.0,
        guides_file=str(GUIDES),
        elderly_services=("social_security", "medical_insurance", "elderly_card", "household"),
    )
    cfg = KioskConfig.of(KioskFile(kiosk=kiosk, devices=devices))
    return dataclasses.replace(cfg, ui_port=0, **overrides)


class ServedKiosk:
    """The kiosk program (devices, threads) with its UI on 127.0.0.1 in a thread."""

    def __init__(self, cfg: KioskConfig, token: str) -> None:
        self.kiosk: Kiosk = build_kiosk(cfg, token)
        self.server = LiveServer(self.kiosk.app, port=cfg.ui_port)

    def start(self) -> ServedKiosk:
        self.kiosk.start()
        self.server.start()
        return self

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def printer(self) -> SimPrinter:
        """The virtual printer (sim://): `.state`, `.jobs`, `.save_png()`."""
        printer = self.kiosk.devices.printer
        assert isinstance(printer, SimPrinter), "the printer is not the sim:// one"
        return printer

    @property
    def emulator(self) -> ReaderEmulator:
        """The ID-card reader emulator (sim://): `.place(i)`, `.remove()`, `.inject()`."""
        loop = self.kiosk.devices.card_loop
        assert loop is not None, "the ID card reader did not open"
        assert isinstance(loop.reader, SimIdCardReader), "the reader is not the sim:// one"
        return loop.reader.emulator

    def stop(self) -> None:
        self.server.stop()
        self.kiosk.close()
