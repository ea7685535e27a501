"""Who stands at the kiosk now: the person from the ID card, card events, idle forgetting."""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypedDict

from drivers.errors import DeviceError
from drivers.idcard import CardEvent, CardRejected
from kiosk.person import Person, PersonView
from kiosk.texts import both

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CardNotice:
    """The last thing the reader told the citizen; `seq` lets the page see each one once."""

    seq: int
    kind: str  # "read", "again", "rejected", "read_failed"
    zh: str = ""
    en: str = ""


class Session:
    """The person on the kiosk, forgotten after `idle_seconds` without a touch or a card."""

    def __init__(self, idle_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.idle_seconds = idle_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._person: Person | None = None
        self._notice = CardNotice(0, "none")
        # the last few, so a page polling slower than the reader still sees each one
        self._recent: deque[CardNotice] = deque(maxlen=8)
        self._touched = clock()

    def touch(self) -> None:
        with self._lock:
            self._touched = self._clock()

    def forget(self) -> None:
        with self._lock:
            if self._person is not None:
                log.info("forgot %r", self._person)
            self._person = None

    @property
    def person(self) -> Person | None:
        with self._lock:
            self._expire()
            return self._person

    def _expire(self) -> None:
        if self._person is not None and self._clock() - self._touched >= self.idle_seconds:
            log.info("idle: forgot %r", self._person)
            self._person = None

    def on_card(self, event: CardEvent) -> None:
        """Take a card from the reader thread: a new person, the same one again, or a refusal."""
        with self._lock:
            self._expire()
            self._touched = self._clock()
            if isinstance(event, CardRejected):
                self._note("rejected", event.error.zh, event.error.en)
                return
            person = Person.from_card(event)
            if self._person is not None and self._person.number == person.number:
                again = both("card.again")
                self._note("again", again["zh"], again["en"])
                return
            self._person = person
            self._note("read")

    def on_card_fault(self, error: DeviceError) -> None:
        """A card pulled mid-read or a damaged read: tell the citizen what to do."""
        advice = both("card.read_advice")
        with self._lock:
            self._note("read_failed", f"{error.zh}。{advice['zh']}", f"{error.en}. {advice['en']}")

    def _note(self, kind: str, zh: str = "", en: str = "") -> None:
        self._notice = CardNotice(self._notice.seq + 1, kind, zh, en)
        self._recent.append(self._notice)

    def view(self, today: date, green_from_age: int) -> SessionView:
        """Return what the page may know: the masked person and the recent card notices."""
        with self._lock:
            self._expire()
            person = self._person
            notice = self._notice
            recent = list(self._recent)
        return {
            "person": person.view(today, green_from_age) if person else None,
            "card": _notice_view(notice),
            "cards": [_notice_view(n) for n in recent],
        }


class NoticeView(TypedDict):
    seq: int
    kind: str
    zh: str
    en: str


class SessionView(TypedDict):
    """What the page may know of the session: the masked person and the card notices."""

    person: PersonView | None
    card: NoticeView
    cards: list[NoticeView]


def _notice_view(notice: CardNotice) -> NoticeView:
    return {"seq": notice.seq, "kind": notice.kind, "zh": notice.zh, "en": notice.en}
