"""The ledger of ticks as the vault reader uses it: read from the vault's root, and
giving each checked task it dates the done date its text lacks.

The ledger is one of the vault's files (see :mod:`wins_md.parse.ledger`): a build
reads it as it reads the notes, and never writes it, so the same files always give
the same site. A task's own done date (``✅ 2026-12-02``) always comes first, except
the one wins-md wrote for an earlier tick of a task unticked and ticked again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path

from wins_md.config import LEDGER_NAME
from wins_md.files import NotRegularFileError, open_regular
from wins_md.model import Entry, Problem, Task, Win
from wins_md.parse.ledger import Ledger, Record, read_ledger
from wins_md.store.fingerprint import FileState, state_of
from wins_md.vault.splice import SplicedMap

Dates = Mapping[tuple[str, int], dt.date]
"""The tick dates of one file's tasks, by key and place."""


def ledger_path(root: str | Path) -> Path:
    """Where the vault's ledger is."""
    return Path(root) / LEDGER_NAME


def load_ledger(root: str | Path) -> tuple[Ledger, FileState | None]:
    """The vault's ledger (empty when there is none) and the state of the file read
    (None when there is none, or it could not be read: then a problem says why)."""
    try:
        with open_regular(ledger_path(root)) as handle:
            state = state_of(os.fstat(handle.fileno()))
            data = handle.read()
    except FileNotFoundError:
        return Ledger(), None
    except NotRegularFileError:
        return _unread("not a regular file; not read"), None
    except OSError as error:
        return _unread(f"cannot be read: {error.strerror}"), None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _unread("is not UTF-8 text; not read (no tick is dated by it)"), state
    return read_ledger(text), state


def _unread(message: str) -> Ledger:
    return Ledger(problems=(Problem(LEDGER_NAME, 1, message),), readable=False)


def tick_dates(ledger: Ledger) -> dict[str, dict[tuple[str, int], Record]]:
    """The ledger's ticks, by file, then by key and place."""
    found: dict[str, dict[tuple[str, int], Record]] = {}
    for record in ledger.records.values():
        if record.ticked is not None:
            found.setdefault(record.file, {})[record.key, record.nth] = record
    return found


def ledger_date(task: Task, record: Record | None) -> dt.date | None:
    """The done date the ledger gives ``task`` (checked), or None when it gives none
    or the task's text has its own."""
    if record is None or record.ticked is None or not task.done:
        return None
    if not task.dated:
        return record.ticked
    # wins-md's own date, from a tick before the task was unticked: the new tick counts
    ours = record.stamped is not None and task.date == record.stamped
    return record.ticked if ours and record.ticked != task.date else None


def date_entry(entry: Entry, records: Mapping[tuple[str, int], Record]) -> Entry:
    """``entry`` with the done dates the ledger gives its checked tasks: each such win
    dated by it (a review's or goal's checked task becomes a win) and each such
    milestone given its date. The entry itself when the ledger gives none."""
    dates = {
        task.line: day
        for task in entry.tasks
        if (day := ledger_date(task, records.get((task.key, task.nth)))) is not None
    }
    if not dates:
        return entry
    wins = [_dated(win, dates) for win in entry.wins]
    pending: list[Win] = []
    for win in entry.pending:
        (wins if win.line in dates else pending).append(_dated(win, dates))
    wins.sort(key=lambda win: win.line)
    milestones = tuple(
        dataclasses.replace(m, date=dates[m.line]) if m.done and m.line in dates else m
        for m in entry.milestones
    )
    goal = entry.goal
    if goal is not None and milestones != goal.milestones:
        goal = dataclasses.replace(goal, milestones=milestones)
    return dataclasses.replace(
        entry, wins=tuple(wins), pending=tuple(pending), milestones=milestones, goal=goal
    )


def _dated(win: Win, dates: Mapping[int, dt.date]) -> Win:
    day = dates.get(win.line)
    return win if day is None or day == win.date else dataclasses.replace(win, date=day)


class LedgerMemo:
    """The ledger and the dated entries of a reader that reads again and again (the
    watcher): an entry whose ticks have not changed keeps its dated form, the same
    object, so the goal links made of it are kept too."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._state: FileState | None = None
        self._ledger = Ledger()
        self._ticks: dict[str, dict[tuple[str, int], Record]] = {}
        self._dated: SplicedMap[Entry, Entry] = SplicedMap()
        self._dated_by: object = None

    def ledger(self) -> Ledger:
        """The ledger as it is now (read again only when its file changed)."""
        ledger, state = self._ledger, None
        try:
            state = state_of(os.stat(ledger_path(self.root)))
        except OSError:
            state = None
        if state is None or state != self._state:
            ledger, state = load_ledger(self.root)
            self._ledger, self._state = ledger, state
            self._ticks = tick_dates(ledger)
        return self._ledger

    def date(self, entries: list[Entry]) -> list[Entry]:
        """The entries with the ledger's done dates (dated again only where the entries
        or the ledger changed: see :mod:`wins_md.vault.splice`)."""
        self.ledger()
        ticks = self._ticks
        fresh, self._dated_by = ticks is not self._dated_by, ticks

        def dated(entry: Entry) -> Entry:
            records = ticks.get(entry.file)
            return date_entry(entry, records) if records else entry

        return list(self._dated.update(entries, dated, fresh))


def dated_when_seen(entries: list[Entry], ledger: Ledger) -> list[tuple[str, int, dt.date]]:
    """``(file, line, day)`` of each checked task dated by the day wins-md saw it ticked,
    not by the note's save time (the ledger's ``seen``), as that date stands: from the
    ledger, or written by wins-md into the note."""
    ticks = tick_dates(ledger)
    found = []
    for entry in entries:
        records = ticks.get(entry.file)
        for task in entry.tasks if records else ():
            record = records.get((task.key, task.nth)) if records else None
            if record is None or record.how != "seen" or record.ticked is None:
                continue
            ours = task.dated and task.date == record.stamped == record.ticked
            if ours or ledger_date(task, record) is not None:
                found.append((entry.file, task.line, record.ticked))
    return found
