"""The layers hold (issue 14): the import contracts of .importlinter, checked by import-linter.

web -> services -> domain, the domain pure; adapters implement the services' ports; config
and drivers stand alone; the kiosk talks HTTP; console and display are mounted, not imported
back; bench and scripts use the product, never the tests; no import cycle among modules. A
broken contract fails here with import-linter's report: each importer -> imported and line.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.import_contracts import strongly_connected

ROOT = Path(__file__).resolve().parents[1]
LINT = "from importlinter.cli import lint_imports_command; lint_imports_command()"


def test_the_import_contracts_hold() -> None:
    done = subprocess.run(
        [sys.executable, "-c", LINT, ".importlinter", "--no-cache", "--no-logo"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_cycles_are_found_as_groups_of_modules() -> None:
    edges = {
        "a": {"b"},
        "b": {"c"},
        "c": {"a", "d"},  # a -> b -> c -> a
        "d": {"e"},
        "e": {"d"},  # d <-> e, reached from the first ring but not part of it
        "f": {"a", "f"},  # imports the ring, and itself: neither makes f part of a cycle
    }
    assert strongly_connected(edges) == [{"a", "b", "c"}, {"d", "e"}]


def test_a_chain_without_a_ring_has_no_cycle() -> None:
    assert strongly_connected({"a": {"b"}, "b": {"c"}, "c": set()}) == []
