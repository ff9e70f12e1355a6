"""Save-to-page latency of ``wins watch`` and the CPU it uses while idle.

Usage::

    python benchmarks/watch_latency.py                    # 3,650 notes, 30 saves, 10 s idle
    python benchmarks/watch_latency.py --notes 365 --saves 10 --idle 5
    python benchmarks/watch_latency.py --load 2           # beside 2 busy processes

Generates a seeded vault (``generate_vault.py``), starts the watcher in this process
with the real file system observer, then saves 30 times: each save appends a win to
a random public note and waits for the build that put it on the page. The latency
of a save runs from just before the write to the moment that build has written the
site, so it includes the debounce window. Then nothing changes for ``--idle``
seconds and the CPU time of the whole process (every thread) is measured.

``--load N`` runs N processes that keep a CPU busy while the saves are timed (a busy
machine: a compiler, a browser), and stops them before the idle CPU is measured.

Targets: median under 150 ms, 95th percentile under 300 ms (with or without
``--load 2``), idle CPU under 1 %.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from generate_vault import END_DATE, generate

from wins_md.live.log import BuildRecord
from wins_md.live.watcher import Watcher

TARGET_MEDIAN = 0.150
TARGET_P95 = 0.300
TARGET_IDLE_CPU = 1.0
DEADLINE = 30.0


class Timeline:
    """When each build finished, by build number (the watcher's callback fills it)."""

    def __init__(self) -> None:
        self.finished: dict[int, float] = {}
        self.seconds: dict[int, float] = {}

    def on_build(self, record: BuildRecord) -> None:
        self.finished[record.number] = time.perf_counter()
        self.seconds[record.number] = record.seconds


def public_notes(notes: list[Path]) -> list[Path]:
    """Notes whose wins reach the page (not ``private: true``)."""
    return [note for note in notes if "private: true" not in note.read_text("utf-8")[:400]]


def save_and_wait(watcher: Watcher, timeline: Timeline, note: Path, text: str) -> float:
    """Append a win to ``note``; seconds until the build that published it had written."""
    last = watcher.log.last
    assert last is not None
    number = last.number + 1
    rel = note.relative_to(watcher.root).as_posix()
    started = time.perf_counter()
    with open(note, "a", encoding="utf-8") as handle:
        handle.write(f"- [x] {text}\n")
    while True:
        record = watcher.log.wait_for(number, DEADLINE)
        if record is None:
            raise SystemExit(f"no build within {DEADLINE} s of saving {rel}")
        if record.failure is not None:
            raise SystemExit(f"build {record.number} failed: {record.failure}")
        if rel in record.changed:
            break
        number = record.number + 1
    latency = timeline.finished[record.number] - started
    if text not in (watcher.folder / "wins.json").read_text("utf-8"):
        raise SystemExit(f"build {record.number} did not publish {text!r}")
    return latency


@contextmanager
def cpu_hogs(count: int) -> Iterator[None]:
    """``count`` processes spinning on a CPU each, stopped on leaving."""
    hogs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(count)]
    try:
        yield
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()


def percentile(values: list[float], fraction: float) -> float:
    """The value below which ``fraction`` of ``values`` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def idle_cpu_percent(seconds: float) -> float:
    """CPU used by this whole process over ``seconds`` of nothing changing, in %."""
    cpu, wall = time.process_time(), time.perf_counter()
    time.sleep(seconds)  # a benchmark, not a test: idling is the point
    return (time.process_time() - cpu) / (time.perf_counter() - wall) * 100


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--notes", type=int, default=3650, help="daily notes (default 3650)")
    parser.add_argument("--saves", type=int, default=30, help="saves timed (default 30)")
    parser.add_argument(
        "--idle", type=float, default=10.0, help="seconds of idling measured (default 10)"
    )
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument(
        "--load", type=int, default=0, help="busy processes beside the watcher (default 0)"
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="wins-watch-bench-") as workdir:
        vault = Path(workdir) / "vault"
        notes = public_notes(generate(args.notes, vault, args.seed))
        timeline = Timeline()
        watcher = Watcher(vault, today=END_DATE, on_build=timeline.on_build)
        started = time.perf_counter()
        watcher.start()
        first_build = time.perf_counter() - started
        loop = threading.Thread(target=watcher.loop, name="wins-watch", daemon=True)
        loop.start()
        try:
            rng = random.Random(args.seed)
            with cpu_hogs(args.load):
                latencies = [
                    save_and_wait(watcher, timeline, rng.choice(notes), f"Benchmark win {number}")
                    for number in range(args.saves)
                ]
            last = watcher.log.last
            rebuilds = last.number - 1 if last is not None else 0
            idle = idle_cpu_percent(args.idle)
        finally:
            watcher.stop()
            loop.join()
            watcher.close()

    median = statistics.median(latencies)
    p95 = percentile(latencies, 0.95)
    load = f", load average {os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else ""
    beside = f", beside {args.load} busy processes" if args.load else ""
    print(
        f"wins watch on {args.notes:,} notes{beside} ({platform.python_implementation()} "
        f"{platform.python_version()}, {platform.system()}, {os.cpu_count()} CPUs{load})"
    )
    print(f"  first build:            {first_build * 1000:7.0f} ms")
    print(
        f"  save to page, median:   {median * 1000:7.0f} ms   target < "
        f"{TARGET_MEDIAN * 1000:.0f} ms  {verdict(median < TARGET_MEDIAN)}"
    )
    print(
        f"  save to page, p95:      {p95 * 1000:7.0f} ms   target < "
        f"{TARGET_P95 * 1000:.0f} ms  {verdict(p95 < TARGET_P95)}"
    )
    print(
        f"  save to page, min/max:  {min(latencies) * 1000:7.0f} / "
        f"{max(latencies) * 1000:.0f} ms over {len(latencies)} saves "
        f"({rebuilds} rebuilds)"
    )
    rebuild = statistics.median(list(timeline.seconds.values())[1:])
    print(f"  rebuild alone, median:  {rebuild * 1000:7.0f} ms")
    print(
        f"  idle CPU over {args.idle:g} s:    {idle:7.2f} %    target < "
        f"{TARGET_IDLE_CPU:g} %     {verdict(idle < TARGET_IDLE_CPU)}"
    )
    met = median < TARGET_MEDIAN and p95 < TARGET_P95 and idle < TARGET_IDLE_CPU
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
