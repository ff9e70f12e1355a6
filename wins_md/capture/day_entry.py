"""The day's entry for ``wins add`` and ``wins new``: the note of that date when the
journal has one (under its usual name or another), else the day template rendered,
carrying forward the open micro-goals of the most recent earlier entry.

Both are answered from the list index and the few notes it is behind on when it can
be (see :mod:`wins_md.capture.known`): the day's first add then reads the previous
entry alone, not the whole vault. Otherwise the vault is read, and the index written
again; a differential test holds the two to the same text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from wins_md.capture.entries import entry_path, read_vault, render, win_heading
from wins_md.config import Config
from wins_md.model import Goal, MicroGoal, Vault
from wins_md.vault.link import micro_goal_order

Day = tuple[str, dt.date, bool]
"""A journal entry: its file, date and privacy."""


def entry_or_template(root: Path, config: Config, date: dt.date) -> tuple[Path, str | None]:
    """The entry of ``date`` and None when it exists, else its path and the rendered
    day template. An entry of that date under another name in the journal is used."""
    path = entry_path(root, config, date)
    if path.exists():
        return path, None
    from wins_md.capture.known import known_vault

    known = known_vault(root, config)
    if known is not None:
        days = [
            (file, dt.date.fromordinal(day), private)
            for file, kind, day, private, _ in known.list_index.entries
            if kind == "journal" and day is not None and file not in known.dropped
        ]
        days += [
            (entry.file, entry.date, entry.private)
            for entry in known.fresh.values()
            if entry.kind == "journal" and entry.date is not None
        ]
        found = _day_entry(root, date, days)
        if found is not None:
            return found, None
        previous, sources = _previous(date, days)
        from wins_md.capture.known import read_entry

        read = [read_entry(root, config, file, known) for file in sources]
        if all(entry is not None for entry in read):
            steps = [step for entry in read if entry is not None for step in entry.micro_goals]
            return path, render_day(root, config, date, previous, steps, known.goals.values())
    vault = _whole_vault(root, config)
    days = [
        (entry.file, entry.date, entry.private)
        for entry in vault.entries
        if entry.kind == "journal" and entry.date is not None
    ]
    found = _day_entry(root, date, days)
    if found is not None:
        return found, None
    previous, sources = _previous(date, days)
    steps = [step for step in vault.micro_goals if step.file in sources]
    return path, render_day(root, config, date, previous, steps, vault.goals.values())


def _whole_vault(root: Path, config: Config) -> Vault:
    """The vault, read as ``wins list`` reads it, which writes the list index again
    (before the add writes, so no note is too recent for it): the next adds find it
    behind on a note or two, not on every note since the last ``wins list``."""
    from wins_md.query import Filters, list_wins

    vault = list_wins(root, config, Filters(include_private=True), whole=True).vault
    return vault if vault is not None else read_vault(root, config)


def _day_entry(root: Path, date: dt.date, days: list[Day]) -> Path | None:
    """The entry of ``date`` under another name, if the journal has one (the first in
    the vault's order of files, when it has several)."""
    found = min((file for file, day, _ in days if day == date), default=None)
    return None if found is None else Path(root) / found


def _previous(date: dt.date, days: list[Day]) -> tuple[dt.date | None, list[str]]:
    """The most recent date before ``date`` with an entry, and its public entries."""
    previous = max((day for _, day, _ in days if day < date), default=None)
    return previous, sorted(file for file, day, private in days if day == previous and not private)


def render_day(
    root: Path,
    config: Config,
    date: dt.date,
    previous: dt.date | None,
    steps: Iterable[MicroGoal],
    goals: Iterable[Goal],
) -> str:
    """The day template for ``date``, carrying forward the open micro-goals among
    ``steps`` (those of the entries of the ``previous`` day with one)."""
    from wins_md.periods import week_of

    carried = {
        step.text: step
        for step in sorted(steps, key=micro_goal_order)
        if step.status == "open" and step.text
    }
    context = {
        "date": date,
        "weekday": date.strftime("%A"),
        "week": week_of(date, config.first_weekday).name,
        "win_heading": win_heading(config),
        "micro_goals": list(carried.values()),
        "carried_from": previous,
        "config": config,
        "goals": sorted(
            (goal for goal in goals if goal.is_active and not goal.private),
            key=lambda goal: goal.slug,
        ),
    }
    return render(root, config, "day.md", context)
