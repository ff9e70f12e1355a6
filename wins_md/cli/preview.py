"""``--preview`` of ``wins build`` and ``wins publish``: what would be published, what is
held back and why, and what changed since the last build, for a person or a script."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import click

from wins_md.cli.options import State, echo, reading_progress, resolve_today, show_logged_warnings

if TYPE_CHECKING:
    from pathlib import Path

    from wins_md.site.preview import Preview, WinJson

REASONS = {
    "unreadable": "front matter that cannot be read for sure (private until fixed)",
    "private-file": "private file (private: true, publish: false or published: false)",
    "draft": "draft (draft: true)",
    "private-tag": "private tag",
    "private-goal": "private goal, or a goal below one",
    "later": "dated after today (published on its day)",
}
"""Each group of what is held back, as the preview names it."""
SHOWN = 10
"""Items listed per group; the rest are counted."""


def show_preview(
    state: State, out: Path | None, today: str | None, no_cache: bool, fmt: str
) -> None:
    """Print the preview of the site the vault would build (``fmt``: text or json)."""
    from wins_md.site.preview import preview_json, preview_site

    show_logged_warnings()
    day = resolve_today(today) if today else None
    preview = preview_site(state.vault, out, day, cache=not no_cache, progress=reading_progress())
    if fmt == "json":
        click.echo(preview_json(preview), nl=False)
        return
    for line in preview_lines(preview):
        echo(line)


def preview_lines(preview: Preview) -> Iterator[str]:
    """The preview as text, for a person."""
    yield f"Preview of {preview.folder} as of {preview.today} (nothing written):"
    pages = preview.pages
    yield f"  {len(pages)} files would be published: {_listed(pages)}"
    days = len({win["date"] for win in preview.wins})
    goals = _listed(tuple(slug for slug, _ in preview.goals)) or "none"
    yield f"  {_count(len(preview.wins), 'win')} on {_count(days, 'day')}; goals: {goals}"
    yield f"  the feed holds the latest {_count(preview.feed_days, 'day')} with wins"
    yield from _held_lines(preview)
    yield from _change_lines(preview)


def _held_lines(preview: Preview) -> Iterator[str]:
    held = preview.held
    groups: dict[str, list[str]] = {reason: [] for reason in REASONS}
    file_reasons = {entry.file: entry.hidden_by for entry in held.files}
    counts: dict[str, int] = {}
    for win, _ in held.wins:
        counts[win.file] = counts.get(win.file, 0) + 1
    for entry in held.files:
        problem = preview.problems.get(entry.file)
        what = (
            f"goal '{entry.goal.title}'" if entry.goal else _count(counts.get(entry.file, 0), "win")
        )
        for reason in entry.hidden_by:
            shown = str(problem) if reason == "unreadable" and problem else entry.file
            groups[reason].append(f"{shown} ({what})")
    for win, why in held.wins:
        for reason in why:
            if reason not in file_reasons.get(win.file, ()):
                groups[reason].append(f"{win.file}:{win.line}: {win.title}")
    for goal, milestone in held.milestones:
        groups["private-tag"].append(f"{goal.file}:{milestone.line}: milestone {milestone.text}")
    groups["later"] = [f"{win.file}:{win.line}: {win.date}: {win.title}" for win in preview.later]
    goals = sum(1 for entry in held.files if entry.goal is not None)
    yield (
        f"Held back: {_count(len(held.wins), 'win')}, {_count(goals, 'goal')}, "
        f"{_count(len(held.files), 'private file')}"
        + (f", {_count(len(preview.later), 'later win')}" if preview.later else "")
    )
    for reason, items in groups.items():
        if items:
            yield f"  {REASONS[reason]}:"
            yield from (f"    {item}" for item in items[:SHOWN])
            if len(items) > SHOWN:
                yield f"    and {len(items) - SHOWN} more"


def _change_lines(preview: Preview) -> Iterator[str]:
    changes = preview.changes
    if not changes.last_build:
        yield f"No earlier build in {preview.folder}: every file would be new."
        return
    yield "Since the last build:"
    quiet = True
    for heads, wins in (
        (_count(len(changes.new_wins), "new win"), changes.new_wins),
        (f"{_count(len(changes.removed_wins), 'win')} no longer published", changes.removed_wins),
    ):
        if wins:
            quiet = False
            yield f"  {heads}:"
            yield from (f"    {_win_line(win)}" for win in wins[:SHOWN])
            if len(wins) > SHOWN:
                yield f"    and {len(wins) - SHOWN} more"
    for label, pages in (("added", changes.pages_added), ("removed", changes.pages_removed)):
        if pages:
            quiet = False
            yield f"  files {label}: {_listed(pages)}"
    if quiet:
        yield "  no win or file added or removed"


def _win_line(win: WinJson) -> str:
    return f"{win.get('date')}  {win.get('title')}"


def _listed(names: tuple[str, ...]) -> str:
    shown = ", ".join(names[:SHOWN])
    return shown + (f" and {len(names) - SHOWN} more" if len(names) > SHOWN else "")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' * (number != 1)}"
