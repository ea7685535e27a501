"""Open an ID-card reader from its URL in config.

- ``sam+serial:///dev/ttyUSB0?baud=115200``: a SAM module on a serial port (8N1);
- any pyserial URL (``loop://``, ``spy:///dev/ttyUSB0``, ``socket://host:port`` …);
- ``sim://?cards=PATH&card=N&autoplay=SECONDS``: start the pty emulator and talk to it
  through pyserial; `card` lays a card (index or label) on it, `autoplay` cycles the cards.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from drivers.errors import UnsupportedDeviceUrl
from drivers.idcard.port import DEFAULT_BAUDRATE, serial_opener
from drivers.idcard.reader import IdCardReader

if TYPE_CHECKING:
    from drivers.idcard.emulator import ReaderEmulator


class SimIdCardReader(IdCardReader):
    """A reader wired to the emulator it started; `emulator` lets a demo lay cards on it."""

    def __init__(self, emulator: ReaderEmulator, url: str, **options: Any) -> None:
        self.emulator = emulator
        opener = serial_opener(emulator.path, emulator.baudrate)
        super().__init__(opener, url=url, on_close=emulator.stop, **options)


def open_idcard_reader(url: str, **options: Any) -> IdCardReader:
    """Return a reader for `url`; `options` go to `IdCardReader` (timeout, connect …)."""
    parts = urlsplit(url)
    if parts.scheme == "sam+serial":
        target, baudrate = _serial_target(url)
        return IdCardReader(serial_opener(target, baudrate), url=url, **options)
    if parts.scheme == "sim":
        return _open_sim(url, **options)
    if parts.scheme and "://" in url:
        return IdCardReader(serial_opener(url, DEFAULT_BAUDRATE), url=url, **options)
    raise UnsupportedDeviceUrl(url)


def _query(url: str, allowed: set[str]) -> dict[str, str]:
    query = {key: values[-1] for key, values in parse_qs(urlsplit(url).query).items()}
    unknown = set(query) - allowed
    if unknown:
        raise UnsupportedDeviceUrl(f"{url}: unknown option {', '.join(sorted(unknown))}")
    return query


def _serial_target(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    target = parts.netloc + parts.path
    if not target:
        raise UnsupportedDeviceUrl(f"{url}: no device path")
    baud = _query(url, {"baud"}).get("baud", str(DEFAULT_BAUDRATE))
    if not baud.isdigit():
        raise UnsupportedDeviceUrl(f"{url}: baud must be a number")
    return target, int(baud)


def _open_sim(url: str, **options: Any) -> IdCardReader:
    from drivers.idcard.cards import DEMO_CARDS, load_cards  # the emulator needs POSIX ptys
    from drivers.idcard.emulator import ReaderEmulator

    query = _query(url, {"cards", "card", "autoplay", "baud"})
    cards = load_cards(query.get("cards", DEMO_CARDS))
    try:
        autoplay = float(query["autoplay"]) if "autoplay" in query else None
        baudrate = int(query.get("baud", DEFAULT_BAUDRATE))
    except ValueError as exc:
        raise UnsupportedDeviceUrl(f"{url}: {exc}") from exc
    emulator = ReaderEmulator(cards, baudrate=baudrate, autoplay=autoplay).start()
    try:
        if "card" in query:
            emulator.place(_pick(cards, query["card"], url))
        return SimIdCardReader(emulator, url, **options)
    except BaseException:
        emulator.stop()
        raise


def _pick(cards: list[Any], key: str, url: str) -> int:
    labels = [card.label for card in cards]
    if key in labels:
        return labels.index(key)
    if key.isdigit() and int(key) < len(cards):
        return int(key)
    raise UnsupportedDeviceUrl(f"{url}: no card {key!r}")
