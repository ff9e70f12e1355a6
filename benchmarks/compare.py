"""Compare two checkouts of wins-md on the same generated vault, run by run.

Usage::

    python benchmarks/compare.py BASELINE [--size 3650] [--runs 7]

``BASELINE`` is another checkout (a ``git worktree`` of an older commit, say); the
checkout this script lives in is the candidate. Each measure runs the baseline and
the candidate alternately, so a machine whose speed drifts slows both alike, and
prints both medians, their ratio and the spread of the runs (the largest over the
smallest time of the same code): a ratio within that spread is noise. Each side runs
as ``python -m wins_md`` with its checkout first on ``PYTHONPATH``, with bytecode
caches on.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from generate_vault import END_DATE, generate

CANDIDATE = Path(__file__).resolve().parent.parent
TODAY = END_DATE.isoformat()


def timed(tree: Path, args: list[str]) -> float:
    """Wall seconds of ``python -m wins_md ARGS`` with ``tree``'s package."""
    unwanted = ("WINS_VAULT", "WINS_TODAY", "WINS_NO_CACHE", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if k not in unwanted}
    env.update(NO_COLOR="1", PYTHONPATH=str(tree))
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "wins_md", *args],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def measures(vault: Path) -> list[tuple[str, list[str], Callable[[], None] | None]]:
    """``(label, arguments, what to do before each run)`` of every measure."""
    note = sorted((vault / "journal").rglob("*.md"))[-1]

    def cold() -> None:
        shutil.rmtree(vault / ".wins", ignore_errors=True)
        shutil.rmtree(vault / "site", ignore_errors=True)

    def change_one() -> None:
        with note.open("a", encoding="utf-8") as handle:
            handle.write("- [x] One more win [[novel]] words:: 10\n")

    build = ["--vault", str(vault), "build", "--today", TODAY]
    listing = ["--vault", str(vault), "list", "--format", "json", "--today", TODAY]
    return [
        ("cold build", build, cold),
        ("warm build, nothing changed", build, None),
        ("build after one change", build, change_one),
        ("cold check", ["--vault", str(vault), "check"], cold),
        ("warm check", ["--vault", str(vault), "check"], None),
        ("warm list --tag writing", [*listing, "--tag", "writing"], None),
        ("warm list, every win", listing, None),
        ("--help", ["--help"], None),
    ]


def compare(baseline: Path, vaults: dict[Path, Path], runs: int) -> None:
    """Each side works on its own copy of the vault: the two versions' caches differ."""
    print(f"{'measure':32} {'baseline':>10} {'candidate':>10} {'ratio':>6} {'spread':>7}")
    sides = {tree: measures(vault) for tree, vault in vaults.items()}
    for number, (label, _, _) in enumerate(sides[baseline]):
        times: dict[Path, list[float]] = {baseline: [], CANDIDATE: []}
        for turn in range(runs + 1):  # the first turn is not measured: caches, bytecode
            for tree in (baseline, CANDIDATE):
                _, args, before = sides[tree][number]
                if before is not None:
                    before()
                seconds = timed(tree, args)
                if turn:
                    times[tree].append(seconds)
        old, new = (statistics.median(times[tree]) for tree in (baseline, CANDIDATE))
        spread = max(max(t) / min(t) for t in times.values())
        print(f"{label:32} {old * 1000:8.0f}ms {new * 1000:8.0f}ms {new / old:6.2f} {spread:6.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("baseline", type=Path, help="the other checkout")
    parser.add_argument("--size", type=int, default=3650, help="daily notes (default 3650)")
    parser.add_argument("--runs", type=int, default=7, help="runs per side (default 7)")
    options = parser.parse_args()
    baseline = options.baseline.resolve()
    with tempfile.TemporaryDirectory(prefix="wins-compare-") as work:
        vaults = {baseline: Path(work) / "baseline", CANDIDATE: Path(work) / "candidate"}
        generate(options.size, vaults[baseline])
        shutil.copytree(vaults[baseline], vaults[CANDIDATE], copy_function=shutil.copy2)
        print(f"{options.size:,} notes; baseline {baseline}; candidate {CANDIDATE}")
        compare(baseline, vaults, options.runs)


if __name__ == "__main__":
    main()
