"""The kiosk program's parts, wired: what `build_kiosk` (kiosk/app.py) makes and the touch UI
(kiosk/web.py) serves. A module of its own so that both can name it, neither importing the
other back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict

from flask import Flask

from config.kiosk import KioskConfig
from kiosk.devices import DeviceReport, Devices
from kiosk.flows import Flows
from kiosk.hall_client import HallClient
from kiosk.heartbeat import Heartbeat
from kiosk.session import Session, SessionView


class ServerView(TypedDict):
    ok: bool


class KioskState(SessionView):
    """What the page polls (GET /api/state)."""

    devices: DeviceReport
    server: ServerView


@dataclass
class Kiosk:
    cfg: KioskConfig
    client: HallClient
    devices: Devices
    session: Session
    flows: Flows
    heartbeat: Heartbeat
    app: Flask

    def start(self) -> Kiosk:
        self.devices.open(self.session.on_card, self.session.on_card_fault)
        self.heartbeat.start()
        return self

    def close(self) -> None:
        self.heartbeat.stop()
        self.devices.close()
        self.client.close()

    def state(self) -> KioskState:
        """What the page polls: the person (masked), card notices, devices, server reach."""
        return {
            **self.session.view(self.flows.today(), self.cfg.green_channel_age),
            "devices": self.devices.report(),
            "server": {"ok": self.flows.server.ok},
        }
