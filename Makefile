# Two commands do everything on a fresh machine:
#   make demo   - set up, then run a demo hall on SQLite with simulated devices
#   make test   - set up, then run the whole test suite
.PHONY: setup demo test lint bench

setup:
	bash scripts/setup.sh

demo: setup
	.venv/bin/onewindow demo

test: setup
	bash scripts/test.sh

lint: setup
	.venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/mypy

bench: setup
	.venv/bin/python bench/load.py
