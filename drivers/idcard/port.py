"""The byte transport under the reader: any pyserial port, opened from a URL."""

from __future__ import annotations

import errno
from collections.abc import Callable
from typing import Protocol

from drivers.errors import DeviceNotFound, DeviceOffline, UnsupportedDeviceUrl

DEFAULT_BAUDRATE = 115200
# Reads return after this long without data, so a command's own deadline is checked often.
READ_SLICE = 0.02
WRITE_TIMEOUT = 1.0


class Port(Protocol):
    """The part of `serial.Serial` the reader uses."""

    @property
    def in_waiting(self) -> int:
        """Return how many received bytes wait to be read."""
        ...

    def read(self, size: int = 1) -> bytes:
        """Return up to `size` bytes, waiting at most the port timeout."""
        ...

    def write(self, data: bytes, /) -> int | None:
        """Send bytes."""
        ...

    def reset_input_buffer(self) -> None:
        """Drop received bytes not read yet."""
        ...

    def close(self) -> None:
        """Release the port."""
        ...


def _port_errors() -> tuple[type[BaseException], ...]:
    try:
        import termios  # POSIX only: pyserial lets termios.error through on a vanished tty
    except ImportError:
        return (OSError,)
    return (OSError, termios.error)


# Errors meaning the port is gone; pyserial's SerialException is an OSError.
PORT_ERRORS = _port_errors()


def serial_opener(target: str, baudrate: int = DEFAULT_BAUDRATE) -> Callable[[], Port]:
    """Return a function that opens `target` (a device path or pyserial URL) at 8N1."""

    def open_port() -> Port:
        import serial  # pyserial is an optional dependency: import it only when opening

        try:
            port: Port = serial.serial_for_url(
                target, baudrate=baudrate, timeout=READ_SLICE, write_timeout=WRITE_TIMEOUT
            )
        except ValueError as exc:  # unknown protocol in a pyserial URL
            raise UnsupportedDeviceUrl(f"{target}: {exc}") from exc
        except OSError as exc:
            if exc.errno == errno.ENOENT:
                raise DeviceNotFound(target) from exc
            raise DeviceOffline(f"{target}: {exc}") from exc
        return port

    return open_port
