"""Fixtures every test folder shares."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser import launch


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Chromium for the display, console and kiosk pages, started once per run."""
    yield from launch()
