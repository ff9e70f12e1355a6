"""Time ``wins export`` beside a warm ``wins list --format json`` on a generated vault.

Usage::

    python benchmarks/export.py                       # 36,500 notes, 3 runs
    python benchmarks/export.py --size 3650 --runs 5 --workdir /tmp/bench

Every figure is the median wall time of whole processes, with the caches warm (the
list index current): first ``wins list --format json`` (its output thrown away), then
each format to standard output (thrown away: the export without the writing) and
to a file with ``-o`` (written whole and flushed to disk); the ratio is each over the
listing. The
json, jsonl, csv and ics exports are answered from the list index as the listing is;
sqlite reads the vault through the parse cache.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from generate_vault import END_DATE, generate
from run import median, megabytes, run_process, seconds, wins_command

TODAY = END_DATE.isoformat()
FORMATS = ("json", "jsonl", "csv", "ics", "sqlite")


Row = tuple[str, float | None, float | None, int | None, str]
"""A measure: label, seconds to standard output (thrown away) and to a file with
``-o``, peak memory of the latter, size of the file."""


def measure(size: int, runs: int, workdir: Path) -> list[Row]:
    """The listing's row, then each format's."""
    vault = workdir / f"vault-{size}"
    if not (vault / "wins.toml").exists():
        print(f"generating {size:,} notes in {vault} ...", file=sys.stderr, flush=True)
        generate(size, vault)
    wins = [*wins_command(), "--vault", str(vault)]
    listing = [*wins, "list", "--format", "json", "--today", TODAY]
    run_process(listing)  # warm: the parse cache and the list index
    taken, peak = median(runs, lambda: listing)
    rows: list[Row] = [("`wins list --format json` (warm)", taken, None, peak, "")]
    for name in FORMATS:
        out = workdir / f"wins-{size}.{name}"
        command = [*wins, "export", "--format", name, "--today", TODAY]
        to_stdout = None if name == "sqlite" else median(runs, lambda c=command: c)[0]
        written = [*command, "-o", str(out)]
        to_file, peak = median(runs, lambda c=written: c)
        rows.append((f"`wins export --format {name}`", to_stdout, to_file, peak, _size(out)))
    return rows


def _size(path: Path) -> str:
    return f"{path.stat().st_size / 1048576:.1f} MB"


def _cell(value: float | None, base: float, missing: str = "") -> str:
    return missing if value is None else f"{seconds(value)} ({value / base:.2f}x)"


def main(argv: list[str] | None = None) -> None:
    """Command line: ``export.py [--size 36500] [--runs 3] [--workdir DIR]``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=36500, help="notes (default 36,500)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measure (default 3)")
    parser.add_argument("--workdir", type=Path, help="keep the vault here and reuse it")
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="wins-export-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        rows = measure(args.size, args.runs, workdir)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    base = rows[0][1] or 1.0
    print(f"{args.size:,} notes, median of {args.runs} runs; (x): over the listing\n")
    print("| | to stdout | to a file (`-o`) | peak memory | file |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for label, to_stdout, to_file, peak, size in rows:
        print(
            f"| {label} | {_cell(to_stdout, base, 'needs -o')} | {_cell(to_file, base)} | "
            f"{megabytes(peak)} | {size} |"
        )


if __name__ == "__main__":
    main()
