"""Typed voice faults a kiosk or display can show in Chinese and English."""

from __future__ import annotations

from drivers.errors import DeviceError


class VoiceUnavailable(DeviceError):
    code = "voice_unavailable"
    zh = "语音播报不可用"
    en = "Voice announcements unavailable"


class SpeechFailed(DeviceError):
    code = "voice_speech_failed"
    zh = "语音合成失败"
    en = "Speech synthesis failed"


class ClipMissing(DeviceError):
    code = "voice_clip_missing"
    zh = "缺少语音片段"
    en = "A recorded voice clip is missing"


class ClipInvalid(DeviceError):
    code = "voice_clip_invalid"
    zh = "语音片段格式错误"
    en = "A recorded voice clip cannot be used"
