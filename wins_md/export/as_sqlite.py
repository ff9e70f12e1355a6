"""``sqlite``: the wins, goals and notes as an SQLite database that Datasette and
DuckDB open as it is: declared column types, primary and foreign keys, indexes on
date, tag and goal. One file per journal, so many people's journals can be put side
by side.

Tables (dates are ISO text, flags 0 or 1, lists and fields JSON text):

- ``wins``: ``id`` (1.. in date, file, line order), ``date``, ``title``, ``text``,
  ``tags``, ``goals``, ``fields``, ``block_id``, ``follows``, ``file`` (a note of
  ``entries``), ``line``, ``private``, ``setback``;
- ``win_tags`` (``win_id``, ``tag`` as written) and ``win_goals`` (``win_id``,
  ``goal``): one row per tag and goal of a win;
- ``goals``: each goal and its progress as ``wins stats --json`` counts it, with
  ``parent`` (when that goal has a file), ``started``, ``file`` and ``private``;
- ``entries``: each note read, with its ``kind``, ``date``, front-matter ``tags`` and
  ``goals``, and ``private``.

A goal a win links to that has no goal file (``wins check`` reports it) has no row in
``goals``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any

from wins_md.export.base import ExportData, Exporter
from wins_md.model import Entry, Goal, Vault, Win
from wins_md.stats import count_stats
from wins_md.stats_model import GoalStats
from wins_md.vault.privacy import public_vault

if TYPE_CHECKING:
    import sqlite3

SCHEMA = """
CREATE TABLE entries (
    file TEXT PRIMARY KEY, kind TEXT NOT NULL, date TEXT, tags TEXT NOT NULL,
    goals TEXT NOT NULL, private INTEGER NOT NULL
);
CREATE TABLE goals (
    slug TEXT PRIMARY KEY, title TEXT NOT NULL, status TEXT NOT NULL,
    parent TEXT REFERENCES goals(slug), started TEXT, due TEXT, metric TEXT,
    target REAL, value REAL, progress REAL NOT NULL, milestones_done INTEGER NOT NULL,
    milestones_total INTEGER NOT NULL, stalled INTEGER NOT NULL, last_win TEXT,
    wins INTEGER NOT NULL, file TEXT NOT NULL REFERENCES entries(file),
    private INTEGER NOT NULL
);
CREATE TABLE wins (
    id INTEGER PRIMARY KEY, date TEXT NOT NULL, title TEXT NOT NULL, text TEXT NOT NULL,
    tags TEXT NOT NULL, goals TEXT NOT NULL, fields TEXT NOT NULL, block_id TEXT,
    follows TEXT NOT NULL, file TEXT NOT NULL REFERENCES entries(file),
    line INTEGER NOT NULL, private INTEGER NOT NULL, setback INTEGER NOT NULL
);
CREATE TABLE win_tags (
    win_id INTEGER NOT NULL REFERENCES wins(id), tag TEXT NOT NULL,
    PRIMARY KEY (win_id, tag)
);
CREATE TABLE win_goals (
    win_id INTEGER NOT NULL REFERENCES wins(id), goal TEXT NOT NULL REFERENCES goals(slug),
    PRIMARY KEY (win_id, goal)
);
CREATE INDEX wins_date ON wins(date);
CREATE INDEX entries_date ON entries(date);
CREATE INDEX win_tags_tag ON win_tags(tag);
CREATE INDEX win_goals_goal ON win_goals(goal);
"""


class SqliteExporter(Exporter):
    name = "sqlite"
    needs_file = True
    needs_vault = True

    def chunks(self) -> Iterator[bytes]:
        import sqlite3

        data = self.data
        assert data.listing.vault is not None, "the sqlite format reads the vault whole"
        vault = data.listing.vault.as_of(data.today)
        view = vault if data.include_private else public_vault(vault)
        connection = sqlite3.connect(":memory:")
        try:
            connection.executescript(SCHEMA)
            _fill(connection, vault, view, data.listing.wins, data)
            connection.commit()
            image = connection.serialize()
        finally:
            connection.close()
        yield image


def _fill(
    connection: sqlite3.Connection, vault: Vault, view: Vault, wins: list[Win], data: ExportData
) -> None:
    shown = [entry for entry in vault.entries if data.include_private or _public(entry, view)]
    hidden = vault.goals.keys() - view.goals.keys()
    connection.executemany(
        "INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?)", (_entry_row(e, hidden) for e in shown)
    )
    progress = {goal.slug: goal for goal in count_stats(view, data.today).goals}
    connection.executemany(
        "INSERT INTO goals VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (_goal_row(goal, progress[slug], view) for slug, goal in view.goals.items()),
    )
    connection.executemany(
        "INSERT INTO wins VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (_win_row(number, win) for number, win in enumerate(wins, 1)),
    )
    connection.executemany(
        "INSERT INTO win_tags VALUES (?, ?)",
        ((number, tag) for number, win in enumerate(wins, 1) for tag in dict.fromkeys(win.tags)),
    )
    connection.executemany(
        "INSERT INTO win_goals VALUES (?, ?)",
        ((number, goal) for number, win in enumerate(wins, 1) for goal in dict.fromkeys(win.goals)),
    )


def _public(entry: Entry, view: Vault) -> bool:
    """A note that may be shown: not private, and not the file of a private goal (one
    below a private goal is private too, though its file does not say so)."""
    return not entry.private and (entry.goal is None or entry.goal.slug in view.goals)


def _entry_row(entry: Entry, hidden: AbstractSet[str]) -> tuple[object, ...]:
    """A note's row, naming none of the ``hidden`` (private) goals."""
    goals = [slug for slug in entry.goals if slug not in hidden]
    return (
        entry.file,
        entry.kind,
        _day(entry.date),
        _json(list(entry.tags)),
        _json(goals),
        entry.private,
    )


def _goal_row(goal: Goal, progress: GoalStats, view: Vault) -> tuple[object, ...]:
    """A goal's row: what its file says, and its progress."""
    parent = goal.parent if goal.parent in view.goals else None
    return (
        goal.slug,
        goal.title,
        goal.status,
        parent,
        _day(goal.started),
        _day(goal.due),
        goal.metric,
        goal.target,
        progress.value,
        progress.progress,
        progress.done,
        progress.total,
        progress.stalled,
        _day(progress.last_win),
        progress.wins,
        goal.file,
        goal.private,
    )


def _win_row(number: int, win: Win) -> tuple[object, ...]:
    return (
        number,
        _day(win.date),
        win.title,
        win.text,
        _json(list(win.tags)),
        _json(list(win.goals)),
        _json(dict(win.fields)),
        win.id,
        _json(list(win.follows)),
        win.file,
        win.line,
        win.private,
        win.setback,
    )


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _day(date: Any) -> str | None:
    return None if date is None else str(date.isoformat())
