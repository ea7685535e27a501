"""The kiosk program: its touch UI on localhost, its devices, the hall server (issue 6)."""

from __future__ import annotations

from config.kiosk import KioskConfig


def run_kiosk(cfg: KioskConfig) -> None:
    """Serve the kiosk's touch UI on 127.0.0.1:cfg.ui_port until stopped."""
    raise SystemExit("the kiosk program is not built yet")
