"""Commands of the SAM module and the replies they get, as bytes and typed values."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from drivers.idcard.errors import NoCard, UnexpectedReply, status_error
from drivers.idcard.frame import Frame, build_frame

SW_OK = 0x90
SW_CARD_FOUND = 0x9F
SUCCESS_CODES = frozenset({SW_OK, SW_CARD_FOUND})

TEXT_SIZE = 256
PHOTO_SIZE = 1024
SAM_ID_SIZE = 16


class Command(Enum):
    """Two-byte command codes (CMD, PARA)."""

    RESET = b"\x10\xff"
    SAM_STATUS = b"\x11\xff"
    SAM_ID = b"\x12\xff"
    FIND_CARD = b"\x20\x01"
    SELECT_CARD = b"\x20\x02"
    READ_TEXT_PHOTO = b"\x30\x01"
    READ_WITH_FINGERPRINT = b"\x30\x10"
    READ_NEW_ADDRESS = b"\x30\x03"

    def frame(self) -> bytes:
        """Return the command frame as sent to the reader."""
        return build_frame(self.value)

    @classmethod
    def from_body(cls, body: bytes) -> Command | None:
        """Return the command a frame body carries, or None for an unknown one."""
        for command in cls:
            if body[:2] == command.value:
                return command
        return None


# Success code and the (min, max) size of the data after SW1 SW2 SW3 in a successful reply.
# Real modules answer find-card with 4 zero bytes and select with 8; some send none.
_SUCCESS_SHAPE: dict[Command, tuple[int, int, int]] = {
    Command.RESET: (SW_OK, 0, 0),
    Command.SAM_STATUS: (SW_OK, 0, 0),
    Command.SAM_ID: (SW_OK, SAM_ID_SIZE, SAM_ID_SIZE),
    Command.FIND_CARD: (SW_CARD_FOUND, 0, 4),
    Command.SELECT_CARD: (SW_OK, 0, 8),
    Command.READ_TEXT_PHOTO: (SW_OK, 4, 4096),
    Command.READ_WITH_FINGERPRINT: (SW_OK, 6, 4096),
    Command.READ_NEW_ADDRESS: (SW_OK, 0, 4096),
}


@dataclass(frozen=True)
class Reply:
    """A reply split into its status words and data."""

    sw1: int
    sw2: int
    sw3: int
    data: bytes = b""

    @classmethod
    def from_frame(cls, frame: Frame) -> Reply:
        """Split a reply frame body; raise UnexpectedReply when it has no status words."""
        body = frame.body
        if len(body) < 3:
            raise UnexpectedReply(f"reply of {len(body)} bytes has no SW1 SW2 SW3")
        return cls(body[0], body[1], body[2], body[3:])

    def to_body(self) -> bytes:
        """Return the frame body of this reply."""
        return bytes([self.sw1, self.sw2, self.sw3]) + self.data

    def fits(self, command: Command) -> bool:
        """Tell whether this could be the reply to `command` (not a late one to another)."""
        if self.sw3 not in SUCCESS_CODES:
            return True
        code, least, most = _SUCCESS_SHAPE[command]
        return self.sw3 == code and least <= len(self.data) <= most

    def check(self, command: Command) -> Reply:
        """Return self when it reports success for `command`, else raise its typed error."""
        code = _SUCCESS_SHAPE[command][0]
        if self.sw3 != code:
            status = f"{self.sw1:02X}{self.sw2:02X}{self.sw3:02X}"
            raise status_error(self.sw3, f"{command.name}: SW={status}")
        return self


@dataclass(frozen=True)
class CardData:
    """The raw blocks of a read reply: 256 bytes of text, 1024 of WLT photo, maybe fingerprints."""

    text: bytes
    photo: bytes
    fingerprint: bytes | None = None

    @classmethod
    def from_reply(cls, data: bytes, *, fingerprint: bool) -> CardData:
        """Split `textLen photoLen [fpLen] text photo [fp]`; raise UnexpectedReply if sizes lie."""
        count = 3 if fingerprint else 2
        head = 2 * count
        if len(data) < head:
            raise UnexpectedReply(f"read reply of {len(data)} bytes has no length fields")
        sizes = [int.from_bytes(data[2 * i : 2 * i + 2], "big") for i in range(count)]
        if head + sum(sizes) != len(data):
            raise UnexpectedReply(f"read reply sizes {sizes} do not add up to {len(data) - head}")
        text = data[head : head + sizes[0]]
        photo = data[head + sizes[0] : head + sizes[0] + sizes[1]]
        prints = data[head + sizes[0] + sizes[1] :] if fingerprint else None
        return cls(text, photo, prints)

    def to_reply(self) -> bytes:
        """Return the data part of a read reply holding these blocks."""
        blocks = [self.text, self.photo]
        if self.fingerprint is not None:
            blocks.append(self.fingerprint)
        sizes = b"".join(len(block).to_bytes(2, "big") for block in blocks)
        return sizes + b"".join(blocks)


def card_found(reply: Reply) -> bool:
    """Return True for "card found", False for "no card", raise for any other status."""
    try:
        reply.check(Command.FIND_CARD)
    except NoCard:
        return False
    return True
