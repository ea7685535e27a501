"""Typed camera faults a kiosk can show in Chinese and English."""

from __future__ import annotations

from drivers.errors import DeviceError


class CameraUnavailable(DeviceError):
    code = "camera_unavailable"
    zh = "摄像头不可用"
    en = "Camera unavailable"


class FrameError(DeviceError):
    code = "camera_frame_error"
    zh = "摄像头画面异常"
    en = "The camera gave no usable picture"


class EndOfStream(FrameError):
    code = "camera_end_of_stream"
    zh = "视频已播放完毕"
    en = "The video source has no more pictures"
