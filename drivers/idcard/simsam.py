"""The behaviour of a SAM module and its card, for the emulator: command in, reply out."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from enum import Enum

from drivers.idcard.cards import SimCard
from drivers.idcard.commands import SW_CARD_FOUND, SW_OK, CardData, Command, Reply
from drivers.idcard.errors import (
    CardReadFailed,
    FrameError,
    FrameLengthError,
    NoCard,
    NoContent,
    ReaderBadCommand,
    ReaderChecksumRejected,
    ReaderLengthRejected,
    SamSelfTestFailed,
    SelectFailed,
    TruncatedFrame,
)

DEFAULT_SAM_ID = bytes.fromhex("0500010003b334013930000032090100")  # 05.01-20230915-…
NEW_ADDRESS_SIZE = 70
_READS = frozenset({Command.READ_TEXT_PHOTO, Command.READ_WITH_FINGERPRINT})


class Fault(Enum):
    """Faults the emulator can inject into its next replies."""

    NO_CARD = "no_card"  # find-card answers 80 though a card lies there
    SELECT_FAILURE = "select_failure"  # select answers 81
    READ_FAILURE = "read_failure"  # a read answers 41
    SAM_FAILURE = "sam_failure"  # SAM status and reset answer 60
    BAD_CHECKSUM = "bad_checksum"  # the reply's checksum byte is wrong
    SLOW_REPLY = "slow_reply"  # the reply comes only after the emulator's slow delay
    HALF_FRAME = "half_frame"  # only the first half of the reply is sent
    GARBAGE = "garbage"  # line noise precedes the reply
    DAMAGED_COMMAND = "damaged_command"  # the command arrives damaged: SW3 10


_DEFAULT_TARGETS: dict[Fault, frozenset[Command]] = {
    Fault.NO_CARD: frozenset({Command.FIND_CARD}),
    Fault.SELECT_FAILURE: frozenset({Command.SELECT_CARD}),
    Fault.READ_FAILURE: _READS | {Command.READ_NEW_ADDRESS},
    Fault.SAM_FAILURE: frozenset({Command.SAM_STATUS, Command.RESET}),
}


class FaultPlan:
    """Faults waiting for the commands they apply to; each fires `times` times."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: list[tuple[Fault, frozenset[Command], list[int]]] = []

    def add(self, fault: Fault, times: int = 1, on: Iterable[Command] | None = None) -> None:
        """Arm `fault` for the next `times` commands it applies to (`on`, or its default)."""
        targets = frozenset(on) if on is not None else _DEFAULT_TARGETS.get(fault)
        with self._lock:
            self._pending.append((fault, targets or frozenset(Command), [times]))

    def clear(self) -> None:
        """Disarm every fault."""
        with self._lock:
            self._pending.clear()

    def take(self, command: Command | None) -> set[Fault]:
        """Return the faults that fire on this command, using them up."""
        fired: set[Fault] = set()
        with self._lock:
            for fault, targets, left in self._pending:
                if left[0] > 0 and (command is None or command in targets):
                    left[0] -= 1
                    fired.add(fault)
            self._pending = [entry for entry in self._pending if entry[2][0] > 0]
        return fired


class SimulatedSam:
    """A SAM module with a card field: follows find, select, read like the real module.

    A card stays selected after a read and answers find-card again on the next poll, the
    worst case for a driver that must report each card only once.
    """

    def __init__(self, sam_id: bytes = DEFAULT_SAM_ID) -> None:
        self.sam_id = sam_id
        self.card: SimCard | None = None
        self._found = False
        self._selected = False

    def place(self, card: SimCard) -> None:
        """Lay a card on the reader."""
        self.card, self._found, self._selected = card, False, False

    def remove(self) -> None:
        """Take the card away."""
        self.card, self._found, self._selected = None, False, False

    def power_cycle(self) -> None:
        """Forget the card's selection, as after a reset or being plugged in again."""
        self._found = self._selected = False

    def answer(self, command: Command | None, faults: set[Fault]) -> Reply:
        """Return the reply to a command (None: a code the module does not know)."""
        if Fault.DAMAGED_COMMAND in faults:
            return _status(ReaderChecksumRejected.sw3)
        if command is None:
            return _status(ReaderBadCommand.sw3)
        if command in (Command.RESET, Command.SAM_STATUS):
            if Fault.SAM_FAILURE in faults:
                return _status(SamSelfTestFailed.sw3)
            if command is Command.RESET:
                self.power_cycle()
            return _status(SW_OK)
        if command is Command.SAM_ID:
            return _status(SW_OK, self.sam_id)
        return self._card_command(command, faults)

    def answer_frame_error(self, error: FrameError) -> Reply:
        """Return the reply to a command frame that arrived damaged."""
        if isinstance(error, FrameLengthError | TruncatedFrame):
            return _status(ReaderLengthRejected.sw3)
        return _status(ReaderChecksumRejected.sw3)

    def _card_command(self, command: Command, faults: set[Fault]) -> Reply:
        card = self.card
        if command is Command.FIND_CARD:
            self._found = card is not None and Fault.NO_CARD not in faults
            return _status(SW_CARD_FOUND, bytes(4)) if self._found else _status(NoCard.sw3)
        if command is Command.SELECT_CARD:
            self._selected = self._found and Fault.SELECT_FAILURE not in faults
            return _status(SW_OK, bytes(8)) if self._selected else _status(SelectFailed.sw3)
        if card is None or not self._selected or Fault.READ_FAILURE in faults:
            return _status(CardReadFailed.sw3)
        if command is Command.READ_NEW_ADDRESS:
            return _new_address(card)
        prints = (card.fingerprint or b"") if command is Command.READ_WITH_FINGERPRINT else None
        return _status(SW_OK, CardData(card.text, card.wlt, prints).to_reply())


def _status(sw3: int, data: bytes = b"") -> Reply:
    return Reply(0x00, 0x00, sw3, data)


def _new_address(card: SimCard) -> Reply:
    if not card.new_address:
        return _status(NoContent.sw3)
    raw = card.new_address.encode("utf-16-le")[:NEW_ADDRESS_SIZE]
    padding = " ".encode("utf-16-le") * ((NEW_ADDRESS_SIZE - len(raw)) // 2)
    return _status(SW_OK, raw + padding)
