"""What is said when a number is called: a Chinese line and an English line."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Announcement:
    """A phrase to speak, Chinese first; either line may be empty."""

    zh: str
    en: str = ""

    @classmethod
    def call(cls, number: str, window: str) -> Announcement:
        """Build the call of ticket `number` to `window`."""
        return cls(
            zh=f"请 {number} 号到 {window} 号窗口办理",
            en=f"Number {number}, please go to window {window}",
        )
