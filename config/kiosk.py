"""The kiosk file: which server and hall, which devices (by URL), face and photo settings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from config.reader import Table, load_toml


@dataclass(frozen=True)
class DeviceUrls:
    printer: str
    idcard: str
    camera: str
    voice: str


@dataclass(frozen=True)
class KioskConfig:
    name: str
    hall: str
    server_url: str
    token_file: str
    ui_port: int
    idle_timeout_seconds: float
    devices: DeviceUrls
    face_threshold: float
    face_detector_model: str
    face_recognizer_model: str
    photo_decoder_library: str
    hall_name: str = ""
    timezone: str = "Asia/Shanghai"
    heartbeat_seconds: float = 15.0
    request_timeout_seconds: float = 5.0
    ticket_url: str = "{server_url}/api/v1/tickets/{token}"
    guides_file: str = "config/guides.example.toml"
    green_channel_age: int = 70
    elderly_services: tuple[str, ...] = ()


def _url(t: Table, name: str, default: str) -> str:
    value: str = t.get(name, str, default)
    if not urlsplit(value).scheme:
        raise t.error(name, f"{value!r} is not a device URL (scheme://...)", "不是有效的设备地址")
    return value


def _timezone(t: Table) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name: str = t.get("timezone", str, "Asia/Shanghai")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise t.error("timezone", f"unknown time zone {name!r}", "未知时区") from None
    return name


def _ticket_url(t: Table) -> str:
    value: str = t.get("ticket_url", str, "{server_url}/api/v1/tickets/{token}")
    if "{token}" not in value:
        raise t.error("ticket_url", "must contain {token}", "须包含 {token}")
    try:
        value.format(server_url="", token="")
    except (KeyError, IndexError, ValueError):
        raise t.error(
            "ticket_url",
            "may use only {server_url} and {token}",
            "只能使用 {server_url} 与 {token}",
        ) from None
    return value


def load_kiosk(path: str | Path) -> KioskConfig:
    """Read and validate a kiosk file; ConfigError names the first bad key."""
    root = Table(load_toml(path), str(path), "")
    k, d, f = root.table("kiosk"), root.table("devices"), root.table("face")
    photo = root.table("idcard")
    server_url = k.get("server_url", str)
    if urlsplit(server_url).scheme not in ("http", "https"):
        raise k.error("server_url", "must start with http:// or https://", "须以 http(s):// 开头")
    devices = DeviceUrls(
        printer=_url(d, "printer", "sim://"),
        idcard=_url(d, "idcard", "sim://"),
        camera=_url(d, "camera", "sim://"),
        voice=_url(d, "voice", "none://"),
    )
    threshold = f.number("threshold", 0.363)
    if not 0 < threshold < 1:
        raise f.error("threshold", "must be between 0 and 1", "须在 0 与 1 之间")
    cfg = KioskConfig(
        name=k.get("name", str),
        hall=k.get("hall", str),
        server_url=server_url.rstrip("/"),
        token_file=k.get("token_file", str, "var/kiosk.token"),
        ui_port=k.integer("ui_port", 5100, minimum=1),
        idle_timeout_seconds=k.number("idle_timeout_seconds", 60.0, minimum=5),
        devices=devices,
        face_threshold=threshold,
        face_detector_model=f.get("detector_model", str, ""),
        face_recognizer_model=f.get("recognizer_model", str, ""),
        photo_decoder_library=photo.get("photo_decoder_library", str, ""),
        hall_name=k.get("hall_name", str, ""),
        timezone=_timezone(k),
        heartbeat_seconds=k.number("heartbeat_seconds", 15.0, minimum=1),
        request_timeout_seconds=k.number("request_timeout_seconds", 5.0, minimum=0.5),
        ticket_url=_ticket_url(k),
        guides_file=k.get("guides_file", str, "config/guides.example.toml"),
        green_channel_age=k.integer("green_channel_age", 70, minimum=1),
        elderly_services=tuple(k.strings("elderly_services", []) or ()),
    )
    for table in (k, d, f, photo, root):
        table.finish()
    return cfg
