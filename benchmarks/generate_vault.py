"""Write a realistic, seeded wins-md vault for benchmarks.

Usage::

    python benchmarks/generate_vault.py 3650 /tmp/vault-3650 [--seed 7] [--end 2026-11-22]

The vault holds N daily notes (``journal/YYYY/YYYY-MM-DD.md``, one per day going
back N days from the end date), 20 goal files in ``goals/`` and a ``wins.toml``.
Each note has front matter (date, energy, tags, sometimes default goals), one to
five wins with tags, goal links and fields (``words:: 300``, ``stretch:: 2``),
occasional block ids and momentum chains to earlier wins, micro-goals, a
paragraph of prose and now and then a fenced code block; a few are private.

Not every note is that plain, and the parser's slow paths are measured too, in the
proportions of a vault kept in Obsidian for years (each drawn at random per note):

- 30 % of notes have front matter that only the full YAML loader reads: lists as
  Obsidian's Properties editor writes them (``tags:`` then ``  - item`` lines), and
  in a third of those a nested mapping (``sleep:`` with ``hours:`` and ``quality:``)
  or a quoted text holding ``: ``;
- 15 % of notes need the full Markdown parser: a win with indented sub-items (10 %),
  a numbered list (3 %), or a callout whose quote holds a nested quote and a lazy
  continuation line (2 %); a further 5 % hold a table (a habit tracker);
- 8 % of days are long free writing (3-12 KB of prose, headings, quotes, a table)
  with no task and no Wins heading;
- and ``notes/`` holds N / 10 long reference notes (2-20 KB, Web Clipper front matter,
  no task), as a vault gathers beside its journal.

The same N, seed and end date give byte-identical files, and every file gets the
same fixed modification time, so runs are comparable.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
from pathlib import Path

END_DATE = dt.date(2026, 11, 22)
MTIME_NS = 1_763_000_000 * 10**9  # 2025-11-13: well in the past, the same for every file

GOALS: tuple[tuple[str, str, str | None, int | None, str | None], ...] = (
    # slug, title, metric, target, parent
    ("novel", "Draft the novel (100,000 words)", "words", 100_000, None),
    ("land-design-role", "Land a product design role", "applications", 20, "new-career"),
    ("new-career", "Move from agency work into product design", None, None, None),
    ("five-clients", "Five freelance clients", "clients", 5, None),
    ("run-half", "Run a half marathon", "km", 800, "health"),
    ("health", "Feel strong and rested", None, None, None),
    ("speak-up", "Speak up in meetings", None, None, None),
    ("learn-rust", "Learn Rust well enough to ship a CLI", "hours", 200, None),
    ("spanish-b2", "Reach Spanish B2", "lessons", 300, None),
    ("side-project", "Ship the side project", None, None, None),
    ("read-52", "Read 52 books this year", "books", 52, None),
    ("portfolio", "Portfolio with 10 strong pieces", "pieces", 10, "land-design-role"),
    ("savings", "Save an emergency fund", "saved", 10_000, None),
    ("garden", "Grow our own vegetables", None, None, "health"),
    ("open-source", "Become a maintainer of one project", "prs", 50, None),
    ("photography", "Sell ten prints", "prints", 10, None),
    ("podcast", "Launch the podcast", None, None, None),
    ("declutter", "Clear the flat, one room at a time", None, None, None),
    ("piano", "Play the Nocturne from memory", "minutes", 3000, None),
    ("network", "Meet 30 people in the field", "people", 30, "new-career"),
)
TAGS = (
    "career",
    "writing",
    "health",
    "learning",
    "family",
    "money",
    "craft",
    "focus",
    "assertiveness",
    "clarity",
    "knowledge",
    "help",
    "area/design",
    "area/code",
)
VERBS = (
    "Finished",
    "Drafted",
    "Sent",
    "Fixed",
    "Outlined",
    "Reviewed",
    "Practised",
    "Shipped",
    "Rewrote",
    "Planned",
    "Called",
    "Asked for",
    "Tested",
    "Cleaned up",
)
OBJECTS = (
    "the case study intro",
    "two pages of chapter four",
    "the follow-up email",
    "the flaky deploy script",
    "the budget for next month",
    "the portfolio layout",
    "a cold email to a former client",
    "the interval run",
    "the onboarding checklist",
    "the talk outline",
    "feedback on the draft",
    "the garden beds",
    "the podcast trailer",
    "a pull request for the parser",
    "the Spanish homework",
    "the Nocturne's left hand",
)
PROSE = (
    "Slow start, but the afternoon went well once the phone was in the other room.",
    "Energy dipped after lunch; a short walk helped more than coffee.",
    "Felt uncomfortable asking, which probably means it was the right thing to do.",
    "Not much moved today, and that is fine: the clarity counts too.",
    "Good conversation with Sam about what to drop next quarter.",
    "Wrote in the morning before opening email, which keeps working.",
)
CODE = (
    "```python\nfor page in pages:\n    render(page)\n- [x] not a win, inside code\n```\n",
    "```sh\nwins list --since -7 --format json | jq length\n```\n",
)
METRIC_FIELD = {slug: metric for slug, _, metric, _, _ in GOALS if metric}


def day_note(rng: random.Random, day: dt.date, ids: list[tuple[dt.date, str]]) -> str:
    """The Markdown text of one daily note."""
    lines = front_matter(rng, day)
    if rng.random() < LONG_DAYS:
        lines += long_prose(rng, rng.randint(3_000, 12_000))
        return "\n".join(lines) + "\n"
    lines += ["", "## Wins"]
    shape = rng.random()
    for _ in range(rng.randint(1, 5)):
        lines.append(win_line(rng, day, ids))
    if shape < 0.10:  # details under a win: indented sub-items, for markdown-it
        lines += [f"    - {rng.choice(PROSE)}" for _ in range(rng.randint(1, 3))]
    elif shape < 0.13:
        lines += ["", "## Tomorrow", ""]
        lines += [f"{n}. {rng.choice(VERBS)} {rng.choice(OBJECTS)}" for n in range(1, 4)]
    elif shape < 0.15:
        lines += ["", "> [!quote] Overheard", "> > " + rng.choice(PROSE), "lazily continued"]
    elif shape < 0.20:
        lines += ["", "| habit | done |", "| --- | :-: |"]
        lines += [f"| {habit} | {rng.choice('xo')} |" for habit in HABITS]
    if rng.random() < 0.3:
        lines += ["", "## Micro-goals"]
        for _ in range(rng.randint(1, 3)):
            box = rng.choice(("[ ]", "[ ]", "[ ]", "[-]", "[/]"))
            lines.append(
                f"- {box} {rng.choice(VERBS)} {rng.choice(OBJECTS)} [[{rng.choice(GOALS)[0]}]]"
            )
    lines += ["", "## Notes", "", " ".join(rng.sample(PROSE, rng.randint(1, 3)))]
    if rng.random() < 0.05:
        lines += ["", rng.choice(CODE).rstrip("\n")]
    return "\n".join(lines) + "\n"


LONG_DAYS = 0.08
HABITS = ("run", "read", "no phone before nine", "stretch")
PLACES = ("Lisbon", "home", "the office", "Porto: the old town")


def front_matter(rng: random.Random, day: dt.date) -> list[str]:
    """A note's front matter: plain ``key: value`` lines, or (30 %) what Obsidian's
    Properties editor writes, which only the full YAML loader reads."""
    tags = rng.sample(TAGS[:8], rng.randint(0, 2))
    lines = ["---", f"date: {day.isoformat()}", f"energy: {rng.randint(1, 5)}"]
    rich = rng.random() < 0.3
    if tags and rich:
        lines += ["tags:", *(f"  - {tag}" for tag in tags)]
    elif tags:
        lines.append(f"tags: [{', '.join(tags)}]")
    if rng.random() < 0.15:
        lines.append(f"goals: [{rng.choice(GOALS)[0]}]")
    if rich and rng.random() < 0.34:
        lines += ["sleep:", f"  hours: {rng.randint(5, 9)}", "  quality: ok"]
        lines.append(f'location: "{rng.choice(PLACES)}"')
    elif rich:
        lines += ["mood:", "  - calm", f"  - {rng.choice(('tired', 'sharp', 'restless'))}"]
    if rng.random() < 0.01:
        lines.append("private: true")
    return [*lines, "---"]


def long_prose(rng: random.Random, size: int) -> list[str]:
    """About ``size`` characters of headings, paragraphs, a quote and a table: no task."""
    lines: list[str] = []
    written = 0
    while written < size:
        paragraph = " ".join(rng.choice(PROSE) for _ in range(rng.randint(3, 8)))
        lines += ["", f"## {rng.choice(OBJECTS).capitalize()}", "", paragraph]
        if rng.random() < 0.3:
            lines += ["", f"> {rng.choice(PROSE)}", f"> - {rng.choice(PROSE)}"]
        if rng.random() < 0.15:
            lines += ["", "| when | what |", "| --- | --- |", f"| 9:00 | {rng.choice(PROSE)} |"]
        written += len(paragraph) + 40
    return lines


def reference_note(rng: random.Random, number: int) -> str:
    """A long note without a task: a clipped article or a page of reference."""
    lines = [
        "---",
        f'title: "Reference {number}: {rng.choice(OBJECTS)}"',
        f"source: https://example.test/articles/{number}",
        "tags:",
        "  - clippings",
        "---",
        f"# Reference {number}",
    ]
    lines += long_prose(rng, rng.randint(2_000, 20_000))
    return "\n".join(lines) + "\n"


def win_line(rng: random.Random, day: dt.date, ids: list[tuple[dt.date, str]]) -> str:
    """One win: a checked task (or a plain item) with tags, a goal link and fields."""
    parts = [f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}"]
    if rng.random() < 0.4:
        parts.append(f"#{rng.choice(TAGS)}")
    if rng.random() < 0.02:
        parts.append("#private")
    if rng.random() < 0.75:
        slug = rng.choice(GOALS)[0]
        parts.append(f"[[{slug}]]")
        if slug in METRIC_FIELD and rng.random() < 0.8:
            metric = METRIC_FIELD[slug]
            amount = rng.randint(100, 600) if metric == "words" else rng.randint(1, 3)
            parts.append(f"{metric}:: {amount}")
    if rng.random() < 0.2:
        parts.append(f"stretch:: {rng.randint(1, 5)}")
    if ids and rng.random() < 0.05:
        earlier, block = rng.choice(ids[-30:])
        parts.append(f"[[{earlier.isoformat()}#^{block}]]")
    if rng.random() < 0.08:
        block = f"w{day.strftime('%Y%m%d')}-{len(ids)}"
        ids.append((day, block))
        parts.append(f"^{block}")
    box = "" if rng.random() < 0.1 else "[x] "
    return f"- {box}{' '.join(parts)}"


def goal_note(rng: random.Random, index: int, start: dt.date) -> str:
    """The Markdown text of one goal file."""
    slug, title, metric, target, parent = GOALS[index]
    lines = [
        "---",
        f"title: {title}",
        f"status: {'paused' if index % 9 == 8 else 'active'}",
        f"started: {start.isoformat()}",
        f"due: {(END_DATE + dt.timedelta(days=rng.randint(30, 400))).isoformat()}",
    ]
    if metric:
        lines += [f"metric: {metric}", f"target: {target}"]
    if parent:
        lines.append(f"parent: {parent}")
    lines += ["---", f"Why {slug} matters, in one line.", "", "## Milestones"]
    for step in range(rng.randint(2, 6)):
        done = rng.random() < 0.4
        when = f" ✅ {(start + dt.timedelta(days=10 * step + 5)).isoformat()}" if done else ""
        lines.append(f"- [{'x' if done else ' '}] Step {step + 1} of {slug}{when}")
    return "\n".join(lines) + "\n"


def generate(count: int, folder: Path, seed: int = 7, end: dt.date = END_DATE) -> list[Path]:
    """Write the vault into ``folder`` and return the daily notes written, oldest first."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    _write(folder / "wins.toml", 'title = "Benchmark vault"\nrest_days = ["sun"]\n')
    ids: list[tuple[dt.date, str]] = []
    first = end - dt.timedelta(days=count - 1)
    for offset in range(count):
        day = first + dt.timedelta(days=offset)
        path = folder / "journal" / f"{day.year}" / f"{day.isoformat()}.md"
        _write(path, day_note(rng, day, ids))
        written.append(path)
    for index in range(len(GOALS)):
        _write(folder / "goals" / f"{GOALS[index][0]}.md", goal_note(rng, index, first))
    for number in range(count // 10):
        _write(folder / "notes" / f"Reference {number}.md", reference_note(rng, number))
    return written


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    os.utime(path, ns=(MTIME_NS, MTIME_NS))


def main(argv: list[str] | None = None) -> None:
    """Command line: ``generate_vault.py N DIR [--seed S] [--end DATE]``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("count", type=int, help="number of daily notes")
    parser.add_argument("folder", type=Path, help="where to write the vault")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument(
        "--end",
        type=dt.date.fromisoformat,
        default=END_DATE,
        help=f"date of the last note (default {END_DATE})",
    )
    args = parser.parse_args(argv)
    notes = generate(args.count, args.folder, args.seed, args.end)
    print(
        f"wrote {len(notes)} daily notes, {len(GOALS)} goals and {args.count // 10} "
        f"reference notes to {args.folder}"
    )


if __name__ == "__main__":
    main()
