"""The reading side of wins-md in CPU time, each row beside a naive read of the same
notes measured in the same run.

Usage::

    python benchmarks/cpu_table.py [--size 3650] [--large 36500] [--runs 5] [--tree DIR]
    python benchmarks/cpu_table.py --baseline ../wins-md-old --workdir /tmp/cpu

Every figure is the CPU time (user + system, ``os.wait4``) of a whole process as a
user starts it, its pool workers included, bytecode caches on: the median and the
range of ``--runs`` runs. The baseline is the naive read: a script that loads every
note with python-frontmatter and parses its body with markdown-it (what the same
libraries cost without any of wins-md's shortcuts); the floor reads every note's
bytes and loads its front matter with PyYAML's C loader, and nothing more; the
start-up floor is what any build that renders a page pays before reading a note
(Python, and the two libraries it cannot do without: Click and Jinja). Peak
memory (maximum resident set) and the size of the stores under ``.wins/`` (after a
cold ``wins build`` and a ``wins list``, the ledger of ticks apart) are taken on
the ``--large`` vault, once or twice. ``--tree`` times another checkout of wins-md
(``python -m wins_md`` with it first on ``PYTHONPATH``); by default, this one.
``--baseline DIR`` times a second checkout in turns with it, run by run, each on its
own copy of the vaults, and prints the two side by side.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from generate_vault import END_DATE, generate

HERE = Path(__file__).resolve().parent.parent
TODAY = END_DATE.isoformat()
LEDGER = "wins-ledger.txt"

NAIVE = """
import sys
from pathlib import Path
import frontmatter
from markdown_it import MarkdownIt
parser = MarkdownIt("commonmark")
tokens = 0
root = Path(sys.argv[1])
for path in sorted(root.rglob("*.md")):
    if path.relative_to(root).parts[0] in (".wins", "site"):
        continue
    post = frontmatter.loads(path.read_text("utf-8"))
    tokens += len(parser.parse(post.content))
"""
FLOOR = """
import sys
from pathlib import Path
import yaml
loader = yaml.CSafeLoader
root = Path(sys.argv[1])
for path in sorted(root.rglob("*.md")):
    if path.relative_to(root).parts[0] in (".wins", "site"):
        continue
    text = path.read_bytes().decode("utf-8")
    if text.startswith("---\\n"):
        end = text.find("\\n---\\n", 4)
        if end > 0:
            yaml.load(text[4:end], Loader=loader)
"""
PARSE_ONLY = """
import sys, time
from wins_md.vault.load import load_vault
start = time.process_time()
load_vault(sys.argv[1], cache=False)
print(time.process_time() - start)
"""


class Failed(Exception):
    """A command that did not run as it should."""


def child_env(tree: Path | None) -> dict[str, str]:
    """The environment of a timed process: bytecode caches on, no colour, no vault or
    cache settings inherited; ``tree`` first on the path."""
    unwanted = ("WINS_VAULT", "WINS_TODAY", "WINS_NO_CACHE", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if k not in unwanted}
    env["NO_COLOR"] = "1"
    if tree is not None:
        env["PYTHONPATH"] = str(tree)
    return env


def run_cpu(command: Sequence[str], env: dict[str, str]) -> tuple[float, int, bytes]:
    """Run ``command``: its CPU seconds (its waited-for children included), peak
    resident memory in bytes, and what it printed. It runs in the timed checkout (or
    else the root folder): ``python -m`` and ``-c`` put their working folder first on
    the path, before ``PYTHONPATH``."""
    cwd = env.get("PYTHONPATH", "/")
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(list(command), cwd=cwd, env=env, stdout=out, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            lines = errors.read().decode(errors="replace").strip().splitlines()
            raise Failed(f"{command[-1]}: {lines[-1] if lines else 'failed'}")
        out.seek(0)
        scale = 1 if sys.platform == "darwin" else 1024
        return usage.ru_utime + usage.ru_stime, usage.ru_maxrss * scale, out.read()


class Side:
    """One checkout being timed, on its own copies of the vaults (stores differ)."""

    def __init__(self, name: str, tree: Path, workdir: Path) -> None:
        self.name, self.workdir = name, workdir
        self.env = child_env(tree)
        self.wins = [sys.executable, "-m", "wins_md"]

    def vault(self, size: int) -> Path:
        return self.workdir / f"vault-{size}"

    def build(self, size: int) -> list[str]:
        return [*self.wins, "--vault", str(self.vault(size)), "build", "--today", TODAY]

    def clean(self, size: int) -> None:
        shutil.rmtree(self.vault(size) / ".wins", ignore_errors=True)
        shutil.rmtree(self.vault(size) / "site", ignore_errors=True)

    def append_one(self, size: int) -> None:
        note = sorted((self.vault(size) / "journal").rglob("*.md"))[-1]
        with note.open("a", encoding="utf-8") as handle:
            handle.write("- [x] One more win [[novel]] words:: 10\n")


Step = Callable[[Side], Sequence[str]]


class Table:
    """Each row's (median, low, high) per side: the sides take turns, run by run, so a
    machine whose speed drifts slows them alike."""

    def __init__(self, runs: int, sides: list[Side]) -> None:
        self.runs, self.sides = runs, sides
        self.cpu: dict[str, list[tuple[float, float, float]]] = {}
        self.other: dict[str, list[str]] = {}

    def time(
        self,
        label: str,
        command: Step,
        before: Callable[[Side], None] | None = None,
        printed: bool = False,
        env: dict[str, str] | None = None,
    ) -> None:
        """Median and range of ``runs`` runs a side; ``printed``: the CPU seconds the
        process printed, not its own."""
        times: list[list[float]] = [[] for _ in self.sides]
        for _ in range(self.runs):
            for side, found in zip(self.sides, times, strict=True):
                if before is not None:
                    before(side)
                seconds, _, out = run_cpu(command(side), {**side.env, **(env or {})})
                found.append(float(out) if printed else seconds)
        self.cpu[label] = [(statistics.median(t), min(t), max(t)) for t in times]

    def reading(self, size: int) -> None:
        """The rows at the timing size."""
        py = sys.executable
        for side in self.sides:
            run_cpu([py, "-c", NAIVE, str(side.vault(size))], side.env)  # page cache
        self.time(
            "naive read (python-frontmatter + markdown-it)",
            lambda side: [py, "-c", NAIVE, str(side.vault(size))],
        )
        self.time(
            "floor: bytes + C YAML of every note",
            lambda side: [py, "-c", FLOOR, str(side.vault(size))],
        )
        self.time(
            "start-up floor of a build: `import click, jinja2`",
            lambda side: [py, "-c", "import click, jinja2"],
        )
        self.time(
            "cold `wins build` (no cache, no site)",
            lambda side: side.build(size),
            lambda side: side.clean(size),
        )
        for side in self.sides:
            run_cpu(side.build(size), side.env)
        self.time("warm `wins build`, nothing changed", lambda side: side.build(size))
        self.time(
            "`wins build` after appending one win",
            lambda side: side.build(size),
            lambda side: side.append_one(size),
        )
        self.time(
            "our parse alone (load_vault, no cache, 1 process)",
            lambda side: [py, "-c", PARSE_ONLY, str(side.vault(size))],
            printed=True,
            env={"WINS_JOBS": "1"},
        )

    def large(self, size: int, runs: int) -> None:
        """Peak memory of a cold build, and the stores' size, on the large vault."""
        peaks: list[list[float]] = [[] for _ in self.sides]
        for _ in range(runs):
            for side, found in zip(self.sides, peaks, strict=True):
                side.clean(size)
                found.append(run_cpu(side.build(size), side.env)[1] / 1048576)
        self.other["peak memory, cold `wins build`"] = [
            f"{statistics.median(p):.0f} MB ({min(p):.0f}-{max(p):.0f})" for p in peaks
        ]
        stores = []
        for side in self.sides:
            vault = side.vault(size)
            listing = [*side.wins, "--vault", str(vault), "list", "--format", "json"]
            run_cpu([*listing, "--today", TODAY], side.env)
            sizes = {
                path.name: path.stat().st_size
                for path in (vault / ".wins").iterdir()
                if path.is_file() and path.name != LEDGER and not path.name.endswith(".lock")
            }
            stores.append(f"{sum(sizes.values()) / 1048576:.1f} MB")
            print(
                f"{side.name}: " + ", ".join(f"{n} {b / 1048576:.1f} MB" for n, b in sizes.items())
            )
        self.other["stores under .wins/ (build + list)"] = stores

    def print(self, size: int, large: int | None) -> None:
        print(f"CPU seconds at {size:,} daily notes, median (range) of {self.runs} runs a side")
        heads = "".join(f" {side.name + ' CPU s':>20} | {'x naive':>7} |" for side in self.sides)
        print(f"| {'':52} |{heads}")
        print(f"|{'-' * 54}|" + f"{'-' * 21}:|{'-' * 8}:|" * len(self.sides))
        naive = [cells[0] for cells in next(iter(self.cpu.values()))]
        for label, cells in self.cpu.items():
            line = "".join(
                f" {f'{mid:.2f} ({low:.2f}-{high:.2f})':>20} | {mid / base:6.2f}x |"
                for (mid, low, high), base in zip(cells, naive, strict=True)
            )
            print(f"| {label:52} |{line}")
        for label, values in self.other.items():
            line = "".join(f" {value:>20} | {'':>7} |" for value in values)
            print(f"| {label + f' at {large:,}':52} |{line}")


def main(argv: list[str] | None = None) -> None:
    """Command line: see the module's docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=3650, help="daily notes timed (3650)")
    parser.add_argument("--large", type=int, default=36500, help="for memory and size (0: none)")
    parser.add_argument("--runs", type=int, default=5, help="runs per row (default 5)")
    parser.add_argument("--large-runs", type=int, default=2, help="cold builds at --large")
    parser.add_argument("--tree", type=Path, default=HERE, help="the checkout to time")
    parser.add_argument(
        "--baseline", type=Path, help="another checkout, timed in turns with --tree"
    )
    parser.add_argument("--workdir", type=Path, help="keep (and reuse) the vaults here")
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="wins-cpu-"))
    try:
        sides = [Side("this", args.tree.resolve(), workdir)]
        if args.baseline:
            sides.insert(0, Side("baseline", args.baseline.resolve(), workdir / "baseline"))
        for side in sides:
            for size in (args.size, args.large):
                if size and not (side.vault(size) / "wins.toml").exists():
                    generate(size, side.vault(size))
        table = Table(args.runs, sides)
        table.reading(args.size)
        if args.large:
            table.large(args.large, args.large_runs)
        table.print(args.size, args.large or None)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
