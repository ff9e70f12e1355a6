"""Time ``wins team build`` on a large team: 500 members with three years of wins each
(about 1.6 million wins), every member's ``wins.json`` written by wins-md's own writer.

Usage::

    python benchmarks/team.py                                  # 500 members x 3 years
    python benchmarks/team.py --members 50 --years 1 --folder /tmp/small-team

Each member has about three wins a day (none on about one day in thirty), with tags,
goal links and fields as people write them (``words:: 300``, ``stretch:: 3``, now and
then ``#standup`` or ``share:: team``, block ids and chains), and eight goals drawn from
the twenty of ``generate_vault.py``, so many are shared. The files are made by
:func:`wins_md.site.wins_json.wins_json`, the writer ``wins build`` uses, from
``Win`` and ``GoalStats`` objects. A few members (``--git``) are read from the
``gh-pages`` branch of a bare git repository, as ``wins publish`` pushes it.

The build runs once (``--runs`` for more) as a whole process; the figures are its CPU
time (user + system, git's processes included), wall time and peak resident memory
(``os.wait4``). Everything is written under ``--folder`` (default
``/tmp/wins-team-bench``), never in the repository; the folder is removed afterwards
unless ``--keep``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from generate_vault import END_DATE, GOALS, TAGS  # noqa: E402

from wins_md.model import Win  # noqa: E402
from wins_md.site.wins_json import wins_json  # noqa: E402
from wins_md.stats_model import GoalStats  # noqa: E402

VERBS = ("Wrote", "Shipped", "Fixed", "Called", "Sketched", "Reviewed", "Planned", "Asked")
THINGS = (
    "the onboarding email",
    "two pages of chapter nine",
    "the flaky deploy test",
    "a customer about the invoice",
    "the homepage layout",
    "Ben's pull request",
    "next week's sprint",
    "for help with the budget",
)


def member_wins(rng: random.Random, days: int, slugs: list[str]) -> list[Win]:
    """About three wins a day for ``days`` days up to the end date, oldest first."""
    wins: list[Win] = []
    first = END_DATE.toordinal() - days + 1
    for ordinal in range(first, END_DATE.toordinal() + 1):
        if rng.random() < 0.03:
            continue  # a day off
        day = dt.date.fromordinal(ordinal)
        file = f"journal/{day.year}/{day.isoformat()}.md"
        for line in range(6, 6 + rng.choice((1, 2, 3, 3, 4, 5))):
            wins.append(_win(rng, day, file, line, slugs, wins))
    return wins


def _win(
    rng: random.Random, day: dt.date, file: str, line: int, slugs: list[str], earlier: list[Win]
) -> Win:
    title = f"{rng.choice(VERBS)} {rng.choice(THINGS)}"
    text, tags, goals, fields = title, [], [], {}
    follows: list[str] = []
    if rng.random() < 0.5:
        tags.append(rng.choice(TAGS))
        text += f" #{tags[-1]}"
    if rng.random() < 0.6:
        goals.append(rng.choice(slugs))
        text += f" [[{goals[-1]}]]"
    if rng.random() < 0.3:
        fields["words"] = rng.randrange(100, 1500, 50)
        text += f" words:: {fields['words']}"
    if rng.random() < 0.15:
        fields["stretch"] = rng.randint(1, 5)
        text += f" stretch:: {fields['stretch']}"
    if rng.random() < 0.1:
        tags.append("standup")
        text += " #standup"
    elif rng.random() < 0.05:
        fields["share"] = "team"
        text += " share:: team"
    block = None
    if rng.random() < 0.05:
        block = f"w{day.strftime('%Y%m%d')}-{line}"
        ids = [win.id for win in earlier[-40:] if win.id]
        if ids and rng.random() < 0.5:
            follows.append(rng.choice(ids))
            text += f" [[#^{follows[-1]}]]"
        text += f" ^{block}"
    return Win(
        date=day,
        text=text,
        title=title,
        tags=tuple(tags),
        goals=tuple(goals),
        fields=fields,
        id=block,
        follows=tuple(follows),
        file=file,
        line=line,
        private=False,
    )


def member_goals(rng: random.Random, slugs: list[str], wins: list[Win]) -> list[GoalStats]:
    """Each goal's progress as ``wins stats`` would report it (plausible, not summed)."""
    known = {goal[0]: goal for goal in GOALS}
    goals = []
    for slug in slugs:
        _, title, metric, target, _ = known[slug]
        total = 0 if metric else rng.randint(3, 8)
        done = rng.randint(0, total) if total else 0
        value = float(rng.randint(0, target or 1)) if metric else None
        progress = min(1.0, value / target) if metric and target and value is not None else 0.0
        progress = progress if metric else (done / total if total else 0.0)
        goals.append(
            GoalStats(
                slug=slug,
                title=title,
                status="active",
                progress=progress,
                done=done,
                total=total,
                metric=metric,
                value=value,
                target=float(target) if target else None,
                due=None,
                stalled=False,
                last_win=wins[-1].date if wins else None,
                wins=0,
            )
        )
    return goals


def write_member(folder: Path, name: str, rng: random.Random, days: int) -> tuple[int, int]:
    """``folder/wins.json`` of one member, written by wins-md's own writer; returns the
    number of wins and bytes."""
    slugs = rng.sample([goal[0] for goal in GOALS], 8)
    wins = member_wins(rng, days, slugs)
    data = SimpleNamespace(
        title=f"{name}'s wins",
        updated=END_DATE.isoformat(),
        wins=[SimpleNamespace(win=win) for win in wins],
        goals=[SimpleNamespace(stats=goal) for goal in member_goals(rng, slugs, wins)],
    )
    folder.mkdir(parents=True, exist_ok=True)
    text = "".join(wins_json(data))  # type: ignore[arg-type]  # what SiteData offers it
    (folder / "wins.json").write_text(text, "utf-8")
    return len(wins), len(text.encode("utf-8"))


def to_git(folder: Path, repo: Path) -> None:
    """A bare repository whose ``gh-pages`` branch holds ``folder/wins.json`` at its top,
    made with git's plumbing (no work tree)."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@example.org",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@example.org",
    }

    def git(*args: str, data: bytes | None = None) -> str:
        done = subprocess.run(
            ["git", "-C", str(repo), *args], input=data, capture_output=True, env=env, check=True
        )
        return done.stdout.decode().strip()

    subprocess.run(["git", "init", "--quiet", "--bare", str(repo)], check=True)
    blob = git("hash-object", "-w", str(folder / "wins.json"))
    tree = git("mktree", data=f"100644 blob {blob}\twins.json\n".encode())
    commit = git("commit-tree", tree, "-m", "wins-md: the site")
    git("update-ref", "refs/heads/gh-pages", commit)
    shutil.rmtree(folder)


def generate(root: Path, members: int, years: int, git_members: int, seed: int) -> tuple[int, int]:
    """The team under ``root``: ``team.toml`` and each member's published wins.json."""
    days = years * 365
    total_wins = total_bytes = 0
    lines = ['title = "A large team"\n']
    for number in range(members):
        name = f"member-{number:03d}"
        rng = random.Random(seed * 100_003 + number)
        folder = root / "published" / name
        count, size = write_member(folder, name, rng, days)
        total_wins += count
        total_bytes += size
        if number < git_members:
            to_git(folder, root / "repos" / f"{name}.git")
            lines.append(f'\n[[member]]\nname = "{name}"\ngit = "repos/{name}.git"\n')
        else:
            lines.append(f'\n[[member]]\nname = "{name}"\npath = "published/{name}"\n')
    (root / "team.toml").write_text("".join(lines), "utf-8")
    return total_wins, total_bytes


def time_build(root: Path) -> tuple[float, float, int, str]:
    """CPU seconds (git's processes included), wall seconds, peak RSS in bytes, and the
    summary line of one build, as a whole process."""
    command = [sys.executable, "-m", "wins_md", "team", "build", "team.toml"]
    command += ["--out", "site", "--today", END_DATE.isoformat()]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(ROOT)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=root, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            raise SystemExit(f"wins team build failed: {err.read().decode(errors='replace')}")
        summary = out.read().decode().strip()
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss * 1024, summary


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--git", type=int, default=5, help="members read from a git branch")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--folder", type=Path, default=Path("/tmp/wins-team-bench"))
    parser.add_argument("--keep", action="store_true", help="keep the generated team")
    args = parser.parse_args(argv)
    root = args.folder.resolve()
    if root == ROOT or ROOT in root.parents:
        raise SystemExit("--folder must be outside the repository")
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    try:
        start = time.perf_counter()
        wins, size = generate(root, args.members, args.years, args.git, args.seed)
        made = time.perf_counter() - start
        print(
            f"{args.members} members ({args.git} from git) x {args.years} years: {wins:,} wins, "
            f"{size / 1e6:,.0f} MB of wins.json, generated in {made:.0f} s"
        )
        for run in range(args.runs):
            cpu, wall, peak, summary = time_build(root)
            print(
                f"run {run + 1}: wins team build {cpu:.1f} s CPU, {wall:.1f} s wall, "
                f"peak RSS {peak / 1048576:.0f} MB ({summary})"
            )
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
