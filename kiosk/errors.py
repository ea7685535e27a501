"""Typed errors a citizen can meet at the kiosk; their words are in kiosk/i18n (error.<code>)."""

from __future__ import annotations

from typing import TypedDict

from kiosk.texts import both


class ErrorView(TypedDict):
    """An error as the page shows it."""

    code: str
    zh: str
    en: str


class KioskError(Exception):
    """A failure the screen explains; `code` is stable, `zh` and `en` are for people."""

    code = "kiosk_error"

    def __init__(
        self, detail: str = "", *, zh: str | None = None, en: str | None = None, code: str = ""
    ) -> None:
        self.detail = detail
        if code:
            self.code = code
        words = both(f"error.{self.code}")
        self.zh = words["zh"] if zh is None else zh
        self.en = words["en"] if en is None else en
        super().__init__(f"{self.code}: {self.en}" + (f" ({detail})" if detail else ""))

    def view(self) -> ErrorView:
        """Return what the page shows: the code and both messages."""
        return {"code": self.code, "zh": self.zh, "en": self.en}


class ServerUnreachable(KioskError):
    """No answer from the hall server: never a reason to invent a number locally."""

    code = "server_unreachable"


class ServerRefused(KioskError):
    """The server said no (number cap, already waiting, hall closed ...), in its own words."""

    code = "server_refused"

    def __init__(self, status: int, code: str, zh: str, en: str, detail: str = "") -> None:
        self.status = status
        super().__init__(detail, zh=zh, en=en, code=code)


class NotAvailableYet(KioskError):
    """The server has no such function yet (appointments and cases come later)."""

    code = "not_available_yet"


class NoPersonOnKiosk(KioskError):
    code = "no_person"


class UnknownService(KioskError):
    code = "unknown_service"
