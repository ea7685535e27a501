"""Time one ID-card read (find, select, read) through the pty emulator, end to end.

Run: .venv/bin/python bench/cardread.py [--runs N] [--baud 115200] [--fingerprint] [--card I]
The driver talks to the emulator through pyserial on a pseudo-terminal; the emulator paces its
replies to the wire time of the baud rate (10 bits a byte), so the 1,295-byte read reply alone
takes ~112 ms at 115200 baud. Target: one read under 300 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

from drivers.idcard import IdCardReader, open_idcard_reader  # noqa: E402
from drivers.idcard.cards import load_cards  # noqa: E402
from drivers.idcard.commands import CardData  # noqa: E402
from drivers.idcard.emulator import ReaderEmulator  # noqa: E402
from drivers.idcard.frame import build_frame  # noqa: E402

TARGET_MS = 300.0


def timed(step: Callable[[], object]) -> float:
    """Return the milliseconds one call of `step` takes."""
    started = time.perf_counter()
    step()
    return (time.perf_counter() - started) * 1000


def read_once(reader: IdCardReader, fingerprint: bool) -> dict[str, float]:
    """Find, select and read one card; return the milliseconds of each step and the total."""

    def find() -> None:
        if not reader.find_card():
            raise SystemExit("no card on the emulated reader")

    steps = {
        "find": find,
        "select": reader.select_card,
        "read": lambda: reader.read_card(fingerprint=fingerprint),
    }
    times = {name: timed(step) for name, step in steps.items()}
    times["total"] = sum(times.values())
    return times


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--baud", type=int, default=115200)
    parser.add_argument("--fingerprint", action="store_true")
    parser.add_argument("--card", type=int, default=0)
    args = parser.parse_args(argv)
    cards = load_cards()
    card = cards[args.card]
    prints = (card.fingerprint or b"") if args.fingerprint else None
    reply = build_frame(b"\x00\x00\x90" + CardData(card.text, card.wlt, prints).to_reply())
    wire_ms = len(reply) * 10 / args.baud * 1000
    with ReaderEmulator(cards, baudrate=args.baud) as emulator:
        emulator.place(args.card)
        with open_idcard_reader(emulator.url) as reader:
            read_once(reader, args.fingerprint)  # warm-up
            runs = [read_once(reader, args.fingerprint) for _ in range(args.runs)]
    print(f"ID card read through the pty emulator at {args.baud} baud, {args.runs} runs")
    print(f"read reply: {len(reply)} bytes, {wire_ms:.1f} ms on the wire")
    for name in ("find", "select", "read", "total"):
        values = sorted(run[name] for run in runs)
        median = statistics.median(values)
        print(f"{name:>6}: median {median:6.1f} ms  min {values[0]:6.1f}  max {values[-1]:6.1f}")
    total = statistics.median(run["total"] for run in runs)
    verdict = "meets" if total < TARGET_MS else "MISSES"
    print(f"end to end: median {total:.1f} ms, {verdict} the {TARGET_MS:.0f} ms target")


if __name__ == "__main__":
    main()
