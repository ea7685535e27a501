"""No personal data in the logs: every log record is masked when it is made.

Installed once by the app factory and the command line (`install_log_privacy()`), it wraps
logging's record factory, so every record of every logger (ours, werkzeug's and gevent's
access and error lines, SQLAlchemy's, a library's exception text) is masked before any
handler, filter or test capture sees it:

- 18-character resident ID numbers (17 digits and a digit or X) -> 430***********1234
- mainland mobile numbers (1[3-9] and 9 digits, optionally +86) -> 138****5678

(not inside a longer run of digits: an order or timestamp number stays as it is).

The message is formatted with its arguments first, then masked; so is the text of an attached
exception and stack. Names cannot be recognised in free text: code never logs them (a ticket
carries only its masked name, see server/domain/personal.py).

What a process writes outside logging (gevent's hub printing a failed greenlet with its WSGI
environ, a library's `traceback.print_exc()`, Python's unraisable-exception hook) is masked by
`mask_standard_streams()`: the serving commands (serve, demo, kiosk) put `MaskedStream`s in
place of sys.stdout and sys.stderr, so every line the process writes passes the same masking.
"""

from __future__ import annotations

import io
import logging
import re
import sys
from collections.abc import Callable
from typing import Any, TextIO

# A number ends where the digits end: glued to letters ("13812345678x") it is still one, and
# after a percent-escape ("%E5%BC%A0" + number: a URL-encoded name before it) it starts there.
_START = r"(?:(?<=%[0-9A-Fa-f]{2})|(?<![0-9]))"
ID_NUMBER = re.compile(_START + r"(\d{3})\d{11}(\d{3}[0-9Xx])(?![0-9])")
MOBILE = re.compile(_START + r"((?:\+?86[- ]?)?1[3-9]\d)\d{4}(\d{4})(?![0-9])")
_FORMATTER = logging.Formatter()
# Control characters a client can put in a request line or a header (ESC sequences, CR, DEL,
# C1, a newline): written raw, they rewrite a terminal or forge a log line. Tab stays; an
# exception's text keeps its lines.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def mask_personal(text: str) -> str:
    """The text with every ID number and mobile number masked."""
    text = ID_NUMBER.sub(lambda m: f"{m[1]}{'*' * 11}{m[2]}", text)
    return MOBILE.sub(lambda m: f"{m[1]}****{m[2]}", text)


def escape_controls(text: str) -> str:
    """Control characters (but tab) as visible escapes: a message is one line, never forged."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}", text)


def mask_record(record: logging.LogRecord) -> logging.LogRecord:
    """Mask a record in place: its message (arguments merged in, control characters escaped),
    exception and stack."""
    try:
        message = record.getMessage()
    except Exception:  # a bad format string: keep logging's own error path
        return record
    record.msg, record.args = escape_controls(mask_personal(message)), ()
    if record.exc_info and not record.exc_text:
        record.exc_text = _FORMATTER.formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = mask_personal(record.exc_text)
    if record.stack_info:
        record.stack_info = mask_personal(record.stack_info)
    return record


class MaskPersonalData(logging.Filter):
    """The same masking as a filter, for a handler fed by records made elsewhere."""

    def filter(self, record: logging.LogRecord) -> bool:
        mask_record(record)
        return True


def install_log_privacy() -> None:
    """Mask every log record from now on (idempotent)."""
    factory = logging.getLogRecordFactory()
    if getattr(factory, "masks_personal_data", False):
        return

    def masked_factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return mask_record(factory(*args, **kwargs))

    masked: Callable[..., logging.LogRecord] = masked_factory
    masked.masks_personal_data = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(masked)


class MaskedStream(io.TextIOBase):
    """A text stream that masks what it passes on to `target`, line by line.

    Whole lines go out at once; a line's unfinished tail waits for its newline or a flush(),
    so a number written in two pieces is still seen whole. No lock: it may be written from
    gevent's hub, where a lock must not block; threads interleave as on the bare stream."""

    def __init__(self, target: TextIO) -> None:
        super().__init__()
        self.target = target
        self._tail = ""

    @classmethod
    def around(cls, stream: TextIO) -> TextIO:
        """`stream` masked (itself if it already is)."""
        return stream if isinstance(stream, MaskedStream) else cls(stream)  # type: ignore[return-value]

    def write(self, text: str) -> int:
        head, newline, tail = (self._tail + text).rpartition("\n")
        self._tail = tail
        if newline:
            self.target.write(mask_personal(head + newline))
        return len(text)

    def flush(self) -> None:
        if self._tail:
            tail, self._tail = self._tail, ""
            self.target.write(mask_personal(tail))
        self.target.flush()

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self.target.isatty()

    def fileno(self) -> int:  # faulthandler and subprocess want the descriptor
        return self.target.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self.target.encoding

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return self.target.errors


def mask_standard_streams() -> None:
    """Mask whatever this process writes to stdout and stderr from now on (idempotent)."""
    sys.stdout = MaskedStream.around(sys.stdout)
    sys.stderr = MaskedStream.around(sys.stderr)
