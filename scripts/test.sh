#!/usr/bin/env bash
# Run lint and the whole test suite. Servers the tests need (PostgreSQL) are started by
# the fixtures from the installed binaries; in CI a missing one is a failure, never a skip.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check .
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
