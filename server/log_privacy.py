"""No personal data in the logs: every log record is masked when it is made.

Installed once by the app factory and the command line (`install_log_privacy()`), it wraps
logging's record factory, so every record of every logger (ours, werkzeug's and gevent's
access lines, SQLAlchemy's, a library's exception text) is masked before any handler, filter
or test capture sees it:

- 18-character resident ID numbers (17 digits and a digit or X) -> 430***********1234
- mainland mobile numbers (1[3-9] and 9 digits, optionally +86) -> 138****5678

The message is formatted with its arguments first, then masked; so is the text of an attached
exception and stack. Names cannot be recognised in free text: code never logs them (a ticket
carries only its masked name, see server/domain/personal.py).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{3})\d{11}(\d{3}[0-9Xx])(?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<![0-9A-Za-z])((?:\+?86[- ]?)?1[3-9]\d)\d{4}(\d{4})(?![0-9A-Za-z])")
_FORMATTER = logging.Formatter()


def mask_personal(text: str) -> str:
    """The text with every ID number and mobile number masked."""
    text = ID_NUMBER.sub(lambda m: f"{m[1]}{'*' * 11}{m[2]}", text)
    return MOBILE.sub(lambda m: f"{m[1]}****{m[2]}", text)


def mask_record(record: logging.LogRecord) -> logging.LogRecord:
    """Mask a record in place: its message (arguments merged in), exception and stack."""
    try:
        message = record.getMessage()
    except Exception:  # a bad format string: keep logging's own error path
        return record
    record.msg, record.args = mask_personal(message), ()
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
