"""Spoken calls: the voice driver renders "请 A012 号到 3 号窗口办理" + English as WAV.

Only a display (or counter, or signed-in manager) may ask, with its token in an
Authorization header; the number and window are checked so nothing else is ever spoken.
The voice is opened once per app from `DISPLAY_VOICE_URL` (app config), else the
ONEWINDOW_DISPLAY_VOICE environment variable, else `espeak://`; the driver caches phrases.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from typing import Any

from flask import Flask, Response, current_app, jsonify, request

from display import texts
from display.host import host
from drivers.errors import UnsupportedDeviceUrl
from drivers.voice import Announcement, SpeechFailed, Voice, VoiceUnavailable, open_voice
from server.domain.numbering import is_number

log = logging.getLogger(__name__)

WINDOW = re.compile(r"[1-9][0-9]{0,2}")
ROLES = ("display", "counter", "manager", "admin")
DEFAULT_VOICE = "espeak://"
EXTENSION = "display.voice"


class _Speaker:
    """The app's voice, opened on first use; one render per phrase even when asked at once."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._voice: Voice | None = None
        self._failed: str | None = None
        self._lock = threading.Lock()
        self._busy: dict[Announcement, threading.Lock] = {}

    def voice(self) -> Voice | None:
        with self._lock:
            if self._voice is None and self._failed is None:
                try:
                    self._voice = open_voice(self.url)
                except (VoiceUnavailable, UnsupportedDeviceUrl) as exc:
                    log.warning("display voice %s cannot speak: %s", self.url, exc)
                    self._failed = str(exc)
            return self._voice

    def render(self, phrase: Announcement) -> bytes | None:
        voice = self.voice()
        if voice is None:
            return None
        with self._lock:
            gate = self._busy.setdefault(phrase, threading.Lock())
        try:
            with gate:  # 200 screens asking for the same call start one espeak-ng, not 200
                return voice.render(phrase)
        finally:
            with self._lock:
                if not gate.locked():
                    self._busy.pop(phrase, None)


def speaker(app: Flask) -> _Speaker:
    found = app.extensions.get(EXTENSION)
    if found is None:
        url = app.config.get("DISPLAY_VOICE_URL") or os.environ.get("ONEWINDOW_DISPLAY_VOICE")
        found = app.extensions.setdefault(EXTENSION, _Speaker(url or DEFAULT_VOICE))
    return found  # type: ignore[no-any-return]


def _error(status: int, code: str, **params: Any) -> Response:
    body = {"error": {"code": code, "message": texts.both(f"error.{code}", **params)}}
    response = jsonify(body)
    response.status_code = status
    return response


def call_audio() -> Response:
    """GET ?number=A012&window=3 with `Authorization: Bearer <display token>` -> audio/wav."""
    principal = host().caller()  # a display's token, or a signed-in counter or manager
    if principal is None:
        return _error(401, "unauthorized")
    if principal.role not in ROLES:
        return _error(403, "forbidden")
    number, window = request.args.get("number", ""), request.args.get("window", "")
    if not is_number(number) or not WINDOW.fullmatch(window):
        return _error(400, "bad_call")
    try:
        wav = speaker(current_app).render(Announcement.call(number, window))
    except SpeechFailed as exc:
        log.warning("speaking %s -> %s failed: %s", number, window, exc)
        return _error(503, "voice_unavailable")
    if wav is None:
        return _error(503, "voice_unavailable")
    if not wav:  # a silent voice (none://): the page falls back to speech synthesis
        return Response(status=204)
    response = Response(wav, mimetype="audio/wav")
    response.headers["Cache-Control"] = "private, max-age=86400"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
