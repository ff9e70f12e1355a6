"""Time ``wins stamp --from-git`` on a vault kept in git for a year.

Usage::

    python benchmarks/git_history.py                  # 365 daily commits, 3 runs
    python benchmarks/git_history.py --days 730 --runs 5 --keep /tmp/vault-git

It writes a seeded vault into a new git repository, one commit a day: the day's note
(three to five tasks, some checked as they are written), ticks of open tasks of the
last ten days' notes, a tick or two in one of six project notes (each with a backlog,
topped up every week; one is renamed every two months; a checked task moves from the
inbox to a project now and then). Each commit is authored at 21:00 on its day. Then it
times ``wins stamp --from-git --dry-run`` (everything but writing) and one real ``wins
stamp --from-git`` on a copy, each in a fresh process, as a user runs them, and prints
the commits, the notes and how many done dates the history gave.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
END = dt.date(2026, 11, 22)
VERBS = ("Wrote", "Called", "Fixed", "Sent", "Planned", "Read", "Drafted", "Cleaned", "Booked")
THINGS = ("the intro", "Ana", "the bug", "the invoice", "the talk", "a chapter", "the garden")
PROJECTS = ("launch", "garden", "novel", "house", "talk", "taxes")


def _git(repo: Path, *args: str, day: dt.date | None = None) -> None:
    moment = f"{day.isoformat()}T21:00:00+01:00" if day else None
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Bench",
        "GIT_AUTHOR_EMAIL": "bench@example.invalid",
        "GIT_COMMITTER_NAME": "Bench",
        "GIT_COMMITTER_EMAIL": "bench@example.invalid",
    }
    if moment:
        env |= {"GIT_AUTHOR_DATE": moment, "GIT_COMMITTER_DATE": moment}
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def _task(rng: random.Random, number: int) -> str:
    return f"{rng.choice(VERBS)} {rng.choice(THINGS)} {number}"


def _write(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(line + "\n" for line in lines), "utf-8")


def generate(repo: Path, days: int, seed: int) -> int:
    """Write the repository; returns the number of commits."""
    rng = random.Random(seed)
    repo.mkdir(parents=True)
    _git(repo, "init", "-q")
    (repo / "wins.toml").write_text('title = "A year in git"\n', "utf-8")
    notes: dict[Path, list[str]] = {}
    projects = {name: repo / "projects" / f"{name}.md" for name in PROJECTS}
    for path in projects.values():
        notes[path] = [f"# {path.stem}"]
    inbox = repo / "inbox.md"
    notes[inbox] = ["# Inbox"]
    for path, text in notes.items():
        _write(path, text)
    number = 0
    start = END - dt.timedelta(days=days - 1)
    for offset in range(days):
        day = start + dt.timedelta(days=offset)
        note = repo / "journal" / str(day.year) / f"{day.isoformat()}.md"
        lines = ["## Wins"]
        for _ in range(rng.randint(3, 5)):
            number += 1
            lines.append(f"- [{'x' if rng.random() < 0.4 else ' '}] {_task(rng, number)}")
        notes[note] = lines
        dirty = {note}
        recent = [p for p in notes if p.parent.parent.name == "journal"][-10:]
        for _ in range(rng.randint(1, 3)):
            dirty.add(_tick(rng, notes, rng.choice(recent)))
        project = rng.choice(list(projects.values()))
        dirty.add(_tick(rng, notes, project))
        if day.weekday() == 0:
            for path in projects.values():
                number += 1
                notes[path].append(f"- [ ] {_task(rng, number)}")
            number += 1
            notes[inbox].append(f"- [x] {_task(rng, number)}")
            dirty |= {*projects.values(), inbox}
        elif day.weekday() == 3 and len(notes[inbox]) > 1:
            notes[project].append(notes[inbox].pop())  # a checked task moves
            dirty |= {project, inbox}
        for path in dirty:
            _write(path, notes[path])
        if offset % 60 == 59:  # a project note renamed
            name = rng.choice(PROJECTS)
            old = projects[name]
            new = old.with_name(f"{old.stem}-{offset}.md")
            _git(repo, "mv", str(old.relative_to(repo)), str(new.relative_to(repo)))
            projects[name] = new
            notes[new] = notes.pop(old)
        _git(repo, "add", "-A")
        _git(repo, "commit", "-q", "-m", f"{day}", day=day)
    past = dt.datetime(2026, 1, 1).timestamp()
    for path in repo.rglob("*.md"):
        os.utime(path, (past, past))
    return days


def _tick(rng: random.Random, notes: dict[Path, list[str]], path: Path) -> Path:
    """Tick one open task of the note at ``path`` (if it has one); the note's path."""
    lines = notes[path]
    open_lines = [i for i, line in enumerate(lines) if line.startswith("- [ ] ")]
    if open_lines:
        at = rng.choice(open_lines)
        lines[at] = "- [x] " + lines[at][6:]
    return path


def timed(vault: Path, *args: str) -> tuple[float, str]:
    command = [sys.executable, "-m", "wins_md", "--vault", str(vault), "stamp", "--from-git"]
    started = time.perf_counter()
    done = subprocess.run(
        [*command, *args, "--today", END.isoformat()],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
    )
    return time.perf_counter() - started, done.stderr.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="Write the repository here and keep it.")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        repo = options.keep or Path(scratch) / "vault"
        started = time.perf_counter()
        commits = generate(repo, options.days, options.seed)
        made = time.perf_counter() - started
        notes = sum(1 for _ in repo.rglob("*.md"))
        print(f"{commits} daily commits, {notes} notes (written in {made:.1f} s)")
        runs = [timed(repo, "--dry-run") for _ in range(options.runs)]
        median = statistics.median(seconds for seconds, _ in runs)
        spread = ", ".join(f"{seconds:.2f}" for seconds, _ in runs)
        print(f"wins stamp --from-git --dry-run: median {median:.2f} s ({spread}); {runs[0][1]}")
        copy = Path(scratch) / "copy"
        shutil.copytree(repo, copy, symlinks=True)
        seconds, said = timed(copy)
        print(f"wins stamp --from-git (writing): {seconds:.2f} s; {said}")


if __name__ == "__main__":
    main()
