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
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NamedTuple

from wins_md.capture.entries import entry_path, read_vault, render, win_heading
from wins_md.config import Config
from wins_md.model import Goal, MicroGoal, Vault
from wins_md.vault.link import micro_goal_order

Day = tuple[str, dt.date, bool]
"""A journal entry: its file, date and privacy."""


class Journal(NamedTuple):
    """What the day's entry needs of a vault, read one way or the other."""

    days: list[Day]
    steps_of: Callable[[list[str]], list[MicroGoal] | None]
    """The micro-goals of the given journal files (None: they could not be read)."""
    goals: Iterable[Goal]


def entry_or_template(root: Path, config: Config, date: dt.date) -> tuple[Path, str | None]:
    """The entry of ``date`` and None when it exists, else its path and the rendered
    day template. An entry of that date under another name in the journal is used."""
    path = entry_path(root, config, date)
    if path.exists():
        return path, None
    for read in (_indexed_journal, _read_journal):
        journal = read(root, config)
        if journal is None:
            continue
        found = _day_entry(root, date, journal.days)
        if found is not None:
            return found, None
        previous, sources = _previous(date, journal.days)
        steps = journal.steps_of(sources)
        if steps is not None:
            return path, render_day(root, config, date, previous, steps, journal.goals)
    raise AssertionError("the whole vault's journal is always read")


def _indexed_journal(root: Path, config: Config) -> Journal | None:
    """The journal from the list index and the notes it is behind on, read alone."""
    from wins_md.capture.known import known_vault, read_entry

    known = known_vault(root, config)
    if known is None:
        return None
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

    def steps_of(files: list[str]) -> list[MicroGoal] | None:
        read = [read_entry(root, config, file, known) for file in files]
        if any(entry is None for entry in read):
            return None
        return [step for entry in read if entry is not None for step in entry.micro_goals]

    return Journal(days, steps_of, known.goals.values())


def _read_journal(root: Path, config: Config) -> Journal:
    """The journal from the whole vault, read."""
    vault = _whole_vault(root, config)
    days = [
        (entry.file, entry.date, entry.private)
        for entry in vault.entries
        if entry.kind == "journal" and entry.date is not None
    ]

    def steps_of(files: list[str]) -> list[MicroGoal]:
        return [step for step in vault.micro_goals if step.file in files]

    return Journal(days, steps_of, vault.goals.values())


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
