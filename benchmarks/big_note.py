"""Time one huge note of block-quoted tasks, the shape that once took minutes.

Usage::

    python benchmarks/big_note.py                       # 2.4 and 10 MB, every shape
    python benchmarks/big_note.py --sizes 1,2.4 --shapes quoted,callout

Each note is parsed by ``parse_text`` in a fresh process (so one run's memory does
not hide the next one's): the figures are the wall and CPU time of the parse (on a
busy machine the CPU time is the steadier one), and the peak resident memory it
added over the process with the note's text in hand (``ru_maxrss`` after the parse
minus before it).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SHAPES: dict[str, Callable[[int], str]] = {
    "quoted": lambda i: f"> - [x] Task number {i} #tag\n",
    "nested": lambda i: f"> > - [x] Task number {i} #tag\n",
    "callout": lambda i: (
        ("> [!note] Done today\n" if i % 50 == 0 else "") + f"> - [x] Task number {i} #tag\n"
    ),
    "spaced": lambda i: f"> - [x] Task number {i} #tag\n>\n",
    "after-text": lambda i: (
        ("Some words before the quote.\n" if i == 0 else "") + f"> - [x] Task number {i} #tag\n"
    ),
}


def quoted_note(shape: str, size: int) -> str:
    """A note of about ``size`` characters: ``shape``'s lines, numbered from 0."""
    make = SHAPES[shape]
    parts: list[str] = []
    total = index = 0
    while total < size:
        part = make(index)
        parts.append(part)
        total += len(part)
        index += 1
    return "".join(parts)


def child(shape: str, megabytes: float) -> None:
    """Parse one note here and print: wall and CPU seconds, added peak KB, wins, first
    line, last line."""
    sys.path.insert(0, str(ROOT))
    from wins_md.config import Config
    from wins_md.parse.entry import parse_text

    text = quoted_note(shape, int(megabytes * 1_000_000))
    config = Config()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start, cpu = time.perf_counter(), time.process_time()
    entry, _ = parse_text(text, "notes/big.md", config)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    added = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    wins = entry.wins
    print(seconds, cpu, added, len(wins), wins[0].line if wins else 0, wins[-1].line if wins else 0)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="2.4,10", help="note sizes in MB, comma-separated")
    parser.add_argument("--shapes", default=",".join(SHAPES), help="of: " + ", ".join(SHAPES))
    parser.add_argument("--child", nargs=2, metavar=("SHAPE", "MB"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], float(args.child[1]))
        return
    print(
        f"{'shape':<11} {'size':>7} {'wins':>8} {'lines':>15} {'parse':>8} {'CPU':>7} {'+peak':>8}"
    )
    for shape in args.shapes.split(","):
        for size in args.sizes.split(","):
            command = [sys.executable, __file__, "--child", shape, size]
            out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
            seconds, cpu, added, wins, first, last = out.split()
            lines = f"{first}-{last}"
            print(
                f"{shape:<11} {float(size):>5g} MB {int(wins):>8,} {lines:>15} "
                f"{float(seconds):>7.2f}s {float(cpu):>6.2f}s {int(added) / 1024:>5.0f} MB",
                flush=True,
            )


if __name__ == "__main__":
    main()
