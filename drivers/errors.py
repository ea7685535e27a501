"""Typed device errors that a kiosk can show to a citizen in Chinese first, English second."""

from __future__ import annotations


class DeviceError(Exception):
    """A device fault a user may meet; `code` is stable, `zh` and `en` are for people."""

    code = "device_error"
    zh = "设备故障"
    en = "Device fault"

    def __init__(self, detail: str = "", *, zh: str | None = None, en: str | None = None) -> None:
        self.detail = detail
        if zh is not None:
            self.zh = zh
        if en is not None:
            self.en = en
        super().__init__(f"{self.code}: {self.en}" + (f" ({detail})" if detail else ""))


class DeviceNotFound(DeviceError):
    code = "device_not_found"
    zh = "未找到设备"
    en = "Device not found"


class DeviceOffline(DeviceError):
    code = "device_offline"
    zh = "设备离线"
    en = "Device offline"


class DeviceTimeout(DeviceError):
    code = "device_timeout"
    zh = "设备无响应"
    en = "Device did not answer"


class UnsupportedDeviceUrl(DeviceError):
    code = "unsupported_device_url"
    zh = "不支持的设备地址"
    en = "Unsupported device URL"
