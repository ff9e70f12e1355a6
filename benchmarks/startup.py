"""Start-up of the daily commands, as CPU time beside ``python -c "import click"``.

Usage::

    python benchmarks/startup.py [--runs 21] [--baseline ../wins-md-old]

The ritual's commands are short: what they cost is mostly starting. Each figure is
the CPU time (user + system, ``os.wait4``) of a whole process, bytecode caches on,
the median of ``--runs`` runs taken in turns with the anchors, so a machine that
slows down mid-run slows every column alike:

- ``wins add "..."`` on a copy of the example vault (its caches warm), feedback line
  included, both the day's first add (which makes the entry from the day template: a
  new day each run, after the example's last) and a second one to that entry; target
  at most 1.5x ``import click``. The first add cannot start faster than
  ``import click, jinja2`` (printed as its floor): it renders the Jinja template;
- ``wins list`` on the same vault when nothing changed since the last list (a warm
  list); target under 2x ``import click``;
- ``wins list`` right after an add (the list index must be read again);
- ``wins --help``; target at most 5x ``python -c pass``.

``--baseline DIR`` times another checkout of wins-md in the same turns (``PYTHONPATH``
set to it), each on its own copy of the vault. Run it with
``PYTHONDONTWRITEBYTECODE`` unset, as users run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
EXAMPLE = HERE / "examples"
TODAY = "2026-11-22"
START = dt.date.fromisoformat(TODAY)
RACY_SECONDS = 2.2
"""A list trusts its index only for files unchanged for 2 s: wait that long first."""
WINS = "import sys; from wins_md.cli.main import main; sys.argv[0] = 'wins'; main()"


def cpu_seconds(command: list[str], tree: Path | None = None) -> float:
    """The CPU time of ``command`` run to its end (output discarded)."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    if tree is not None:
        env["PYTHONPATH"] = str(tree)
    process = subprocess.Popen(
        command, env=env, cwd=tempfile.gettempdir(), stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return usage.ru_utime + usage.ru_stime


def copy_example(folder: Path) -> Path:
    """A copy of the example vault's notes and settings (not its team folder)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for item in EXAMPLE.iterdir():
        if item.name in ("team", ".wins", "site"):
            continue
        if item.is_dir():
            shutil.copytree(item, folder / item.name)
        else:
            shutil.copy2(item, folder / item.name)
    return folder


class Tree:
    """One checkout of wins-md and its own copy of the vault."""

    def __init__(self, name: str, source: Path, vault: Path) -> None:
        self.name, self.source, self.vault = name, source, vault
        self.times: dict[str, list[float]] = {
            "first-add": [], "add": [], "after-add": [], "list": [], "help": []
        }  # fmt: skip

    def wins(self, *args: str) -> float:
        command = [sys.executable, "-c", WINS, "--vault", str(self.vault), *args]
        return cpu_seconds(command, self.source)

    def prepare(self) -> None:
        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", str(self.source / "wins_md")],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        self.wins("list", "--today", TODAY)


def measure(trees: list[Tree], runs: int) -> dict[str, list[float]]:
    anchors: dict[str, list[float]] = {"click": [], "pass": [], "jinja": []}
    for tree in trees:
        tree.prepare()
    time.sleep(RACY_SECONDS)
    for tree in trees:
        tree.wins("list", "--today", TODAY)  # now the index is written
    for _ in range(runs):  # warm lists: nothing changes in this loop
        anchors["click"].append(cpu_seconds([sys.executable, "-c", "import click"]))
        anchors["pass"].append(cpu_seconds([sys.executable, "-c", "pass"]))
        for tree in trees:
            tree.times["list"].append(tree.wins("list", "--today", TODAY))
            tree.times["help"].append(
                cpu_seconds([sys.executable, "-c", WINS, "--help"], tree.source)
            )
    for number in range(runs):  # the ritual: add, then look
        anchors["click"].append(cpu_seconds([sys.executable, "-c", "import click"]))
        anchors["jinja"].append(cpu_seconds([sys.executable, "-c", "import click, jinja2"]))
        day = (START + dt.timedelta(days=number + 1)).isoformat()  # a day with no entry
        for tree in trees:
            tree.times["first-add"].append(tree.wins("add", "First of the day", "--today", day))
            tree.times["add"].append(tree.wins("add", "And another", "--today", day))
            tree.times["after-add"].append(tree.wins("list", "--today", day))
    return anchors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=21, help="runs of each (default 21)")
    parser.add_argument("--baseline", type=Path, help="another checkout to time beside")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="wins-startup-"))
    try:
        trees = [Tree("this", HERE, copy_example(work / "this"))]
        if args.baseline:
            source = args.baseline.resolve()
            trees.insert(0, Tree("baseline", source, copy_example(work / "baseline")))
        anchors = measure(trees, args.runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    click_cpu = statistics.median(anchors["click"])
    bare = statistics.median(anchors["pass"])
    jinja = statistics.median(anchors["jinja"])
    print(f"CPU ms, median of {args.runs} runs; `import click` {click_cpu * 1000:.0f} ms, "
          f"`python -c pass` {bare * 1000:.0f} ms")  # fmt: skip
    print(f"Floor of the day's first add (it renders the day template): `import click, "
          f"jinja2` {jinja * 1000:.0f} ms = {jinja / click_cpu:.2f}x import click")  # fmt: skip
    print("| | " + " | ".join(tree.name for tree in trees) + " | target |")
    print("| --- |" + " ---: |" * len(trees) + " --- |")
    rows = [
        (
            "first-add",
            "`wins add`, the day's first (makes the entry)",
            click_cpu,
            "import click",
            "<= 1.5x",
        ),
        ("add", "`wins add` to the day's entry", click_cpu, "import click", "<= 1.5x"),
        ("list", "warm `wins list`", click_cpu, "import click", "< 2x"),
        ("after-add", "`wins list` right after an add", click_cpu, "import click", ""),
        ("help", "`wins --help`", bare, "pass", "<= 5x"),
    ]
    for key, label, anchor, anchor_name, target in rows:
        cells = []
        for tree in trees:
            taken = tree.times[key]
            middle = statistics.median(taken)
            low, high = min(taken), max(taken)
            cells.append(
                f"{middle * 1000:.0f} ms ({low * 1000:.0f}-{high * 1000:.0f}) "
                f"= {middle / anchor:.2f}x {anchor_name}"
            )
        print(f"| {label} | " + " | ".join(cells) + f" | {target} |")


if __name__ == "__main__":
    main()
