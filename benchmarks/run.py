"""Time wins-md where a user feels it, on generated vaults of 365, 3,650 and 36,500 notes.

Usage::

    python benchmarks/run.py                         # all three sizes
    python benchmarks/run.py --sizes 365,3650 --runs 5

Every figure is the median wall time of whole processes (``subprocess`` and
``time.perf_counter``), except the in-process reload, which is what a watcher pays.
Peak memory is the child's maximum resident set size (``os.wait4``). ``mkdocs``,
``hugo`` and ``jrnl`` are timed on the same notes when they are installed (once per
size: they are slow); the figure in brackets is their time over wins-md's (2.0x:
twice as slow as wins-md).

Then the reading side in CPU time, each row as a ratio to a naive read of the same
notes measured in the same run (``benchmarks/cpu_table.py``: cold, warm and
one-win-later builds, the parse alone, and at 36,500 notes peak memory and the size
of the stores); ``--cpu-only`` prints only that table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import cpu_table
from generate_vault import END_DATE, generate

TODAY = END_DATE.isoformat()
MKDOCS_MAX_NOTES = 3650
"""mkdocs needs minutes for 3,650 pages; larger vaults are skipped."""


@dataclass
class Measure:
    """One timed process: wall seconds and peak memory in bytes (None when unknown)."""

    seconds: float
    peak: int | None


@dataclass
class Row:
    """One line of the table: a label and a cell per vault size."""

    label: str
    target: str = ""
    cells: dict[int, str] = field(default_factory=dict)


class Failed(Exception):
    """A command that did not run as it should: its message goes in the table."""


def run_process(command: Sequence[str], cwd: Path | None = None) -> Measure:
    """Run ``command`` to completion; its wall time and peak memory."""
    # Bytecode caches on, as for any installed program (some shells turn them off).
    unwanted = ("WINS_VAULT", "WINS_TODAY", "WINS_NO_CACHE", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if k not in unwanted}
    env["NO_COLOR"] = "1"
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(
            list(command), cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errors
        )
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(process.pid, 0)
            seconds = time.perf_counter() - start
            process.returncode = os.waitstatus_to_exitcode(status)
            scale = 1 if sys.platform == "darwin" else 1024  # macOS reports bytes, Linux KiB
            peak: int | None = usage.ru_maxrss * scale
        else:  # Windows: no per-child memory
            process.wait()
            seconds, peak = time.perf_counter() - start, None
        if process.returncode != 0:
            errors.seek(0)
            message = errors.read().decode(errors="replace").strip().splitlines()
            raise Failed(f"exit {process.returncode}: {message[-1] if message else ''}")
    return Measure(seconds, peak)


def median(
    runs: int, command: Callable[[], Sequence[str]], before: Callable[[], None] | None = None
) -> tuple[float, int | None]:
    """Median seconds and largest peak memory over ``runs`` runs of ``command()``."""
    times, peaks = [], []
    for _ in range(runs):
        if before is not None:
            before()
        result = run_process(command())
        times.append(result.seconds)
        peaks.append(result.peak)
    known = [p for p in peaks if p is not None]
    return statistics.median(times), max(known) if known else None


def seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def megabytes(value: int | None) -> str:
    return "n/a" if value is None else f"{value / 1048576:.0f} MB"


def wins_command() -> list[str]:
    """The ``wins`` console script of this Python, else ``python -m wins_md``."""
    script = Path(sys.executable).with_name("wins")
    return [str(script)] if script.exists() else [sys.executable, "-m", "wins_md"]


def has_build(wins: list[str]) -> bool:
    try:
        run_process([*wins, "build", "--help"])
    except Failed:
        return False
    return True


class Bench:
    """The table being filled, size by size."""

    def __init__(self, runs: int, large_runs: int, workdir: Path) -> None:
        self.runs, self.large_runs, self.workdir = runs, large_runs, workdir
        self.wins = wins_command()
        self.build_ok = has_build(self.wins)
        self.rows: dict[str, Row] = {}
        self.compare = True
        self.cold: dict[int, float] = {}
        self.cold_check: dict[int, float] = {}
        self.tag_query: dict[int, float] = {}

    def row(self, key: str, label: str, target: str = "") -> Row:
        return self.rows.setdefault(key, Row(label, target))

    def measure_size(self, size: int) -> None:
        vault = self.workdir / f"vault-{size}"
        if not (vault / "wins.toml").exists():
            print(f"generating {size:,} notes in {vault} ...", file=sys.stderr, flush=True)
            generate(size, vault)
        runs = self.large_runs if size > 10_000 else self.runs
        print(f"timing {size:,} notes ({runs} runs) ...", file=sys.stderr, flush=True)
        self.time_build(size, vault, runs)
        self.time_check(size, vault, runs)
        self.time_list(size, vault, runs)
        self.time_startup(size, runs)
        self.time_reload(size, vault, runs)
        if self.compare:
            self.time_tools(size, vault)

    def _build(self, vault: Path) -> list[str]:
        return [*self.wins, "--vault", str(vault), "build", "--today", TODAY]

    def time_build(self, size: int, vault: Path, runs: int) -> None:
        cold = self.row("cold", "cold `wins build` (no cache, no site)", "< 1.5 s")
        warm = self.row("warm", "warm `wins build`, nothing changed", "< 0.3 s")
        one = self.row("one", "`wins build` after one file changed")
        memory = self.row("memory", "peak memory, cold `wins build`", "< 150 MB at 36,500")
        if not self.build_ok:
            for row in (cold, warm, one, memory):
                row.cells[size] = "no `wins build` yet"
            return

        def clean() -> None:
            shutil.rmtree(vault / ".wins", ignore_errors=True)
            shutil.rmtree(vault / "site", ignore_errors=True)

        note = sorted((vault / "journal").rglob("*.md"))[-1]

        def change_one() -> None:
            with note.open("a", encoding="utf-8") as handle:
                handle.write("- [x] One more win [[novel]] words:: 10\n")

        try:
            cold_time, peak = median(runs, lambda: self._build(vault), clean)
            run_process(self._build(vault))  # leave the cache and the site warm
            warm_time, _ = median(runs, lambda: self._build(vault))
            one_time, _ = median(runs, lambda: self._build(vault), change_one)
        except Failed as error:
            for row in (cold, warm, one, memory):
                row.cells[size] = f"failed ({error})"
            return
        self.cold[size] = cold_time
        cold.cells[size], warm.cells[size] = seconds(cold_time), seconds(warm_time)
        one.cells[size], memory.cells[size] = seconds(one_time), megabytes(peak)

    def time_check(self, size: int, vault: Path, runs: int) -> None:
        """`wins check` reads the whole vault and renders nothing: the parse and cache
        part of a build, on its own."""
        cold = self.row("check-cold", "cold `wins check` (parse all, write the cache)")
        warm = self.row("check-warm", "warm `wins check` (all from the cache)")
        memory = self.row("check-memory", "peak memory, cold / warm `wins check`")
        command = [*self.wins, "--vault", str(vault), "check"]
        cold_time, cold_peak = median(
            runs, lambda: command, lambda: shutil.rmtree(vault / ".wins", ignore_errors=True)
        )
        warm_time, warm_peak = median(runs, lambda: command)
        self.cold_check[size] = cold_time
        cold.cells[size], warm.cells[size] = seconds(cold_time), seconds(warm_time)
        memory.cells[size] = f"{megabytes(cold_peak)} / {megabytes(warm_peak)}"

    def time_list(self, size: int, vault: Path, runs: int) -> None:
        everything = self.row("list", "`wins list --format json` (warm, every win)")
        tagged = self.row("tag", "`wins list --tag writing --format json` (warm)", "< jrnl / 2")
        command = [*self.wins, "--vault", str(vault), "list", "--format", "json", "--today", TODAY]
        run_process(command)  # warm the cache
        everything.cells[size] = seconds(median(runs, lambda: command)[0])
        query = [*command, "--tag", "writing"]
        self.tag_query[size] = median(runs, lambda: query)[0]
        tagged.cells[size] = seconds(self.tag_query[size])

    def time_startup(self, size: int, runs: int) -> None:
        helped, _ = median(runs, lambda: [*self.wins, "--help"])
        bare, _ = median(runs, lambda: [sys.executable, "-c", "pass"])
        self.row("help", "`wins --help`").cells[size] = seconds(helped)
        self.row("pass", "`python -c pass`").cells[size] = seconds(bare)
        ratio = self.row("help-ratio", "`wins --help` / `python -c pass`", "< 5x")
        ratio.cells[size] = f"{helped / bare:.1f}x"

    def time_reload(self, size: int, vault: Path, runs: int) -> None:
        """After one file changed, in a running process that keeps what it read and
        rendered, told which file changed (as the watcher is): the reload alone, and the
        whole rebuild (reload, pages, and writing the files that changed)."""
        from wins_md.config import load_config
        from wins_md.site.build import build_site
        from wins_md.site.render import RenderMemo
        from wins_md.store.parse_cache import ParseCache
        from wins_md.vault.load import VaultReader, paused_gc

        config = load_config(vault)
        reader = VaultReader(vault, ParseCache.open(vault, config))
        out = Path(tempfile.mkdtemp(prefix="wins-reload-")) / "site"
        memo = RenderMemo()
        build_site(vault, out, END_DATE, reader.read(config), memo=memo)
        note = sorted((vault / "journal").rglob("*.md"))[-2]
        changed = [note.relative_to(vault).as_posix()]
        original = note.read_bytes()
        reloads, rebuilds = [], []
        try:
            for _ in range(max(runs, 5)):
                with note.open("a", encoding="utf-8") as handle:
                    handle.write("- [x] Another win #writing\n")
                with paused_gc():  # as the watcher does
                    start = time.perf_counter()
                    loaded = reader.read(config, changed)
                    reloads.append(time.perf_counter() - start)
                    build_site(vault, out, END_DATE, loaded, memo=memo)
                    rebuilds.append(time.perf_counter() - start)
        finally:
            note.write_bytes(original)
            shutil.rmtree(out.parent)
        row = self.row("reload", "in-process reload after one change (VaultReader)")
        row.cells[size] = seconds(statistics.median(reloads))
        row = self.row("rebuild", "in-process rebuild after one change (reload + site)", "< 50 ms")
        row.cells[size] = seconds(statistics.median(rebuilds))

    def time_tools(self, size: int, vault: Path) -> None:
        tools = [
            ("mkdocs", "`mkdocs build` (x cold `wins build`)", self.mkdocs, self.cold),
            ("hugo", "`hugo` build (x cold `wins build`)", self.hugo, self.cold),
            ("jrnl", "`jrnl '#writing'` query (x `wins list --tag`)", self.jrnl, self.tag_query),
        ]
        for name, label, setup, against in tools:
            row = self.row(name, label, "for scale")
            if shutil.which(name) is None:
                row.cells[size] = "not installed"
                continue
            if name == "mkdocs" and size > MKDOCS_MAX_NOTES:
                row.cells[size] = "skipped (minutes)"
                continue
            try:
                taken = run_process(setup(size, vault)).seconds
            except Failed as error:
                row.cells[size] = f"failed ({error})"
                continue
            mine = against.get(size)
            ratio = f" ({taken / mine:.1f}x)" if mine else ""
            row.cells[size] = seconds(taken) + ratio

    def mkdocs(self, size: int, vault: Path) -> list[str]:
        folder = self.workdir / f"mkdocs-{size}"
        folder.mkdir(exist_ok=True)
        config = folder / "mkdocs.yml"
        config.write_text(
            f"site_name: Benchmark\ndocs_dir: {vault / 'journal'}\nsite_dir: {folder / 'site'}\n",
            encoding="utf-8",
        )
        return ["mkdocs", "build", "--quiet", "--config-file", str(config)]

    def hugo(self, size: int, vault: Path) -> list[str]:
        folder = self.workdir / f"hugo-{size}"
        layouts = folder / "layouts" / "_default"
        layouts.mkdir(parents=True, exist_ok=True)
        (layouts / "single.html").write_text("<h1>{{ .Title }}</h1>{{ .Content }}\n")
        (layouts / "list.html").write_text("{{ range .Pages }}{{ .Title }}{{ end }}\n")
        (folder / "hugo.toml").write_text(
            f'baseURL = "https://example.org/"\ntitle = "Benchmark"\n'
            f'contentDir = "{vault / "journal"}"\npublishDir = "{folder / "public"}"\n'
            'disableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n',
            encoding="utf-8",
        )
        return ["hugo", "--quiet", "--source", str(folder)]

    def jrnl(self, size: int, vault: Path) -> list[str]:
        folder = self.workdir / f"jrnl-{size}"
        folder.mkdir(exist_ok=True)
        journal = folder / "journal.txt"
        if not journal.exists():
            journal.write_text(jrnl_text(vault), encoding="utf-8")
        config = folder / "jrnl.yaml"
        config.write_text(
            "colors: {body: none, date: none, tags: none, title: none}\n"
            "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\n"
            "highlight: false\nindent_character: '|'\n"
            f"journals: {{default: {{journal: '{journal}'}}}}\n"
            "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\n"
            "timeformat: '%Y-%m-%d %H:%M'\nversion: v4.1\n",
            encoding="utf-8",
        )
        return ["jrnl", "--config-file", str(config), "#writing", "--format", "json"]

    def print_table(self, sizes: list[int]) -> None:
        heads = [f"{size:,} notes" for size in sizes]
        for key, label, times in (
            ("growth", "cold `wins build`, 36,500 / 3,650", self.cold),
            ("check-growth", "cold `wins check`, 36,500 / 3,650", self.cold_check),
        ):
            if 3650 in times and 36500 in times:
                row = self.row(key, label, "< 10x")
                row.cells[36500] = f"{times[36500] / times[3650]:.1f}x"
        rows = list(self.rows.values())
        table = [["", *heads, "target (3,650)"]]
        table += [
            [row.label, *(row.cells.get(size, "") for size in sizes), row.target] for row in rows
        ]
        widths = [max(len(line[i]) for line in table) for i in range(len(table[0]))]
        print(self.header(sizes))
        for number, line in enumerate(table):
            cells = [line[0].ljust(widths[0])]
            cells += [
                cell.rjust(width) for cell, width in zip(line[1:-1], widths[1:-1], strict=True)
            ]
            cells.append(line[-1].ljust(widths[-1]))
            print("| " + " | ".join(cells) + " |")
            if number == 0:
                rule = ["-" * (widths[0] + 2)] + ["-" * (w + 1) + ":" for w in widths[1:-1]]
                print("|" + "|".join([*rule, "-" * (widths[-1] + 2)]) + "|")

    def header(self, sizes: list[int]) -> str:
        from wins_md.config import Config
        from wins_md.store.fingerprint import fingerprint

        runs = f"median of {self.runs} runs" + (
            f" ({self.large_runs} at 36,500)" if any(s > 10_000 for s in sizes) else ""
        )
        return (
            f"wins-md {fingerprint(Config())[0]} on {platform.system()} "
            f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
            f"{dt.date.today()}; {runs}\n"
        )


def jrnl_text(vault: Path) -> str:
    """The vault's daily notes as one jrnl journal: a dated entry per note."""
    entries = []
    for note in sorted((vault / "journal").rglob("*.md")):
        body = note.read_text("utf-8").split("---\n", 2)[-1].strip()
        entries.append(f"[{note.stem} 21:00] Wins of {note.stem}.\n{body}\n")
    return "\n".join(entries)


def main(argv: list[str] | None = None) -> None:
    """Command line: ``run.py [--sizes 365,3650,36500] [--runs 5] [--large-runs 2]``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sizes",
        default="365,3650,36500",
        help="comma-separated vault sizes in notes (default 365,3650,36500)",
    )
    parser.add_argument("--runs", type=int, default=5, help="runs per measure (default 5)")
    parser.add_argument(
        "--large-runs", type=int, default=2, help="runs per measure above 10,000 notes (default 2)"
    )
    parser.add_argument(
        "--no-compare", action="store_true", help="do not time mkdocs, hugo and jrnl"
    )
    parser.add_argument(
        "--cpu-only", action="store_true", help="only the CPU table against the naive read"
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        help="keep the generated vaults here and reuse them (default: a "
        "temporary folder, removed afterwards)",
    )
    args = parser.parse_args(argv)
    sizes = [int(size.replace("_", "")) for size in args.sizes.split(",") if size.strip()]
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="wins-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        if args.cpu_only or any(size == 3650 for size in sizes):
            large = ["--large", "36500" if 36500 in sizes or args.cpu_only else "0"]
            cpu_table.main(["--runs", str(args.runs), "--workdir", str(workdir), *large])
            print()
        if args.cpu_only:
            return
        bench = Bench(args.runs, args.large_runs, workdir)
        bench.compare = not args.no_compare
        if not bench.build_ok:
            print(
                "note: this wins-md has no `wins build` command yet; its rows say so",
                file=sys.stderr,
            )
        for size in sizes:
            bench.measure_size(size)
        bench.print_table(sizes)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
