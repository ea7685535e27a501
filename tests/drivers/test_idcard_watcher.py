"""The reader loop against the pty emulator, with an injected clock (the I/O stays real)."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from drivers.errors import DeviceNotFound, DeviceTimeout
from drivers.idcard import CardRejected, CardWatcher, IdCard, IdCardReader, open_idcard_reader
from drivers.idcard.cards import load_cards
from drivers.idcard.commands import Command
from drivers.idcard.emulator import ReaderEmulator
from drivers.idcard.errors import InvalidIdNumber
from drivers.idcard.simsam import Fault

CARDS = Path(__file__).parent / "data" / "idcard" / "cards.json"
ZHAO, QIAN, BAD = 0, 1, 2


@pytest.fixture
def emulator() -> Iterator[ReaderEmulator]:
    with ReaderEmulator(load_cards(CARDS), slow_delay=0.5) as running:
        yield running


@pytest.fixture
def reader(emulator: ReaderEmulator) -> Iterator[IdCardReader]:
    with open_idcard_reader(emulator.url, timeout=0.2, read_timeout=0.5) as opened:
        yield opened


class Script:
    """A fake clock whose sleeps advance time and run the scenario step due at that poll."""

    def __init__(self, steps: dict[int, Callable[[], object]], polls: int) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []
        self.steps = steps
        self.polls = polls
        self.watcher: CardWatcher | None = None
        self.online: list[bool] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        assert self.watcher is not None
        self.now += seconds
        self.sleeps.append(seconds)
        self.online.append(self.watcher.online)
        step = self.steps.get(len(self.sleeps))
        if step is not None:
            step()
        if len(self.sleeps) >= self.polls:
            self.watcher.stop()

    def run(self, reader: IdCardReader, **options: Any) -> list[tuple[int, object]]:
        """Return (poll number, event) for every event over the scripted polls."""
        self.watcher = CardWatcher(reader, clock=self.clock, sleep=self.sleep, **options)
        return [(len(self.sleeps), event) for event in self.watcher]


def numbers(events: list[tuple[int, object]]) -> list[str]:
    return [event.record.number for _, event in events if isinstance(event, IdCard)]


def test_a_card_left_on_the_reader_is_reported_once(
    emulator: ReaderEmulator, reader: IdCardReader
) -> None:
    script = Script({2: lambda: emulator.place(ZHAO)}, polls=10)
    events = script.run(reader)
    assert numbers(events) == ["532801200002290016"]
    assert events[0][0] == 2  # found on the first poll after it was laid down
    assert emulator.received.count(Command.READ_TEXT_PHOTO) == 8  # read each poll, told once


def test_polls_are_at_least_300_ms_apart(emulator: ReaderEmulator, reader: IdCardReader) -> None:
    script = Script({}, polls=5)
    script.run(reader)
    assert script.sleeps == pytest.approx([0.3] * 5)
    with pytest.raises(ValueError):
        CardWatcher(reader, interval=0.1)


def test_removed_and_laid_down_again_is_reported_again(
    emulator: ReaderEmulator, reader: IdCardReader
) -> None:
    steps = {1: lambda: emulator.place(ZHAO), 4: emulator.remove, 7: lambda: emulator.place(ZHAO)}
    events = Script(steps, polls=10).run(reader)
    assert [poll for poll, _ in events] == [1, 7]
    assert numbers(events) == ["532801200002290016"] * 2


def test_a_one_poll_flicker_is_not_a_removal(
    emulator: ReaderEmulator, reader: IdCardReader
) -> None:
    steps = {1: lambda: emulator.place(ZHAO), 3: emulator.remove, 4: lambda: emulator.place(ZHAO)}
    assert len(Script(steps, polls=8).run(reader)) == 1


def test_a_new_card_is_reported(emulator: ReaderEmulator, reader: IdCardReader) -> None:
    steps = {1: lambda: emulator.place(ZHAO), 3: lambda: emulator.place(QIAN)}
    events = Script(steps, polls=6).run(reader)
    assert numbers(events) == ["532801200002290016", "310101199912310024"]


def test_an_invalid_card_is_rejected_once(emulator: ReaderEmulator, reader: IdCardReader) -> None:
    events = Script({1: lambda: emulator.place(BAD)}, polls=5).run(reader)
    assert len(events) == 1
    rejected = events[0][1]
    assert isinstance(rejected, CardRejected) and isinstance(rejected.error, InvalidIdNumber)


@pytest.mark.parametrize(
    ("fault", "times"),
    [
        (Fault.READ_FAILURE, 1),
        (Fault.SELECT_FAILURE, 1),
        (Fault.BAD_CHECKSUM, 2),  # past the one resend
        (Fault.HALF_FRAME, 2),
        (Fault.GARBAGE, 5),
        (Fault.DAMAGED_COMMAND, 2),
    ],
)
def test_card_is_reported_once_despite_faults(
    emulator: ReaderEmulator, reader: IdCardReader, fault: Fault, times: int
) -> None:
    def lay_down_with_fault() -> None:
        emulator.place(ZHAO)
        emulator.inject(fault, times=times)

    events = Script({1: lay_down_with_fault}, polls=6).run(reader)
    assert numbers(events) == ["532801200002290016"]


def test_a_reader_that_stops_answering_is_reopened(
    emulator: ReaderEmulator, reader: IdCardReader
) -> None:
    def go_slow() -> None:
        emulator.place(ZHAO)
        emulator.inject(Fault.SLOW_REPLY, times=3, on=[Command.FIND_CARD])

    script = Script({1: go_slow}, polls=16)
    events = script.run(reader, timeouts_before_reopen=2)
    assert numbers(events) == ["532801200002290016"]
    assert False in script.online  # it went offline after three timeouts, then came back
    assert script.online[-1] is True
    assert isinstance(script.watcher and script.watcher.last_error, DeviceTimeout)


def test_unplugged_reader_is_reopened_with_backoff(
    emulator: ReaderEmulator, reader: IdCardReader, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts: list[float] = []
    script = Script({}, polls=40)
    real_open = reader.open

    def counted_open() -> None:
        attempts.append(script.now)
        real_open()

    monkeypatch.setattr(reader, "open", counted_open)
    script.steps = {
        1: lambda: emulator.place(ZHAO),
        3: emulator.unplug,
        30: emulator.replug,
        35: lambda: emulator.place(QIAN),
    }
    events = script.run(reader, backoff=(0.5, 1.0, 2.0))
    # Zhao stayed on the reader through the outage: told once; Qian afterwards: told.
    assert numbers(events) == ["532801200002290016", "310101199912310024"]
    assert script.online[3:29] == [False] * 26 and script.online[-1] is True
    # Offline on the poll at t=0.9; backoff 0.5, 1, 2, 2 … rounded up to the 0.3 s polls.
    gaps = [round(later - earlier, 1) for earlier, later in pairwise([0.9, *attempts])]
    assert gaps[:3] == [0.6, 1.2, 2.1] and all(gap <= 2.1 for gap in gaps)
    assert isinstance(script.watcher and script.watcher.last_error, DeviceNotFound)


def test_watcher_in_a_thread_with_real_time(emulator: ReaderEmulator, reader: IdCardReader) -> None:
    found: queue.Queue[object] = queue.Queue()
    watcher = CardWatcher(reader)
    thread = threading.Thread(target=lambda: [found.put(event) for event in watcher])
    started = time.monotonic()
    thread.start()
    emulator.place(QIAN)
    event = found.get(timeout=2)
    assert isinstance(event, IdCard) and event.record.number == "310101199912310024"
    time.sleep(1.0)
    watcher.stop()
    thread.join(timeout=1)
    elapsed = time.monotonic() - started
    assert not thread.is_alive()
    finds = emulator.received.count(Command.FIND_CARD)
    assert finds <= elapsed / 0.3 + 1  # never polled faster than every 300 ms
    assert found.empty()  # reported once
