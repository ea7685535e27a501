"""Typed printer errors, each with a Chinese and an English message for the kiosk."""

from __future__ import annotations

from drivers.errors import DeviceError, DeviceNotFound, DeviceOffline, UnsupportedDeviceUrl


class PrinterError(DeviceError):
    code = "printer_error"
    zh = "打印机故障"
    en = "Printer fault"


class PrinterNotFound(PrinterError, DeviceNotFound):
    code = "printer_not_found"
    zh = "未找到打印机"
    en = "Printer not found"


class PrinterOffline(PrinterError, DeviceOffline):
    code = "printer_offline"
    zh = "打印机离线，请联系工作人员"
    en = "The printer is offline, please ask the staff"


class PaperOut(PrinterOffline):
    code = "printer_paper_out"
    zh = "打印机缺纸，请联系工作人员"
    en = "The printer is out of paper, please ask the staff"


class CoverOpen(PrinterOffline):
    code = "printer_cover_open"
    zh = "打印机纸仓盖未关闭，请联系工作人员"
    en = "The printer cover is open, please ask the staff"


class InvalidPrinterUrl(PrinterError, UnsupportedDeviceUrl):
    code = "invalid_printer_url"
    zh = "打印机地址配置错误"
    en = "Invalid printer URL"


class FontNotFound(PrinterError):
    code = "printer_font_not_found"
    zh = "未找到中文字体"
    en = "No CJK font found (install fonts-noto-cjk or fonts-wqy-microhei)"
