"""Seeing ticks: comparing the vault's tasks with the ledger, and recording what changed.

A task seen open and later seen checked was ticked. Its day is the file's
modification day when that lies between the day the task was first seen open and
today (the tick was saved then, by whatever editor, phone or sync tool), else the day
it was seen checked. A task that leaves one file and turns up in another (moved, by
hand or by an editor's "move to") keeps what the ledger knew of it: a checked task
moved is not a new tick. :func:`observe` is pure; :func:`record_ticks` reads the
file times and writes the ledger (under the vault lock, held by the caller).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path

from wins_md.errors import WinsError
from wins_md.model import Entry, Task, Vault
from wins_md.parse.ledger import LEDGER_NAME, How, Ledger, Record, can_record, ledger_text
from wins_md.store.atomic import write_atomic
from wins_md.vault.ledger import ledger_date, ledger_path, load_ledger

Place = tuple[str, str, int]
Saved = Callable[[str], dt.date | None]
"""The day a file was last modified, by its vault-relative path (None: unknown)."""


@dataclass(frozen=True, slots=True)
class Tick:
    """A task seen checked that the ledger knew open."""

    file: str
    line: int
    key: str
    date: dt.date
    how: How


@dataclass(frozen=True, slots=True)
class Observation:
    """The ledger's records after looking at the vault, and the ticks found."""

    records: dict[Place, Record]
    ticks: tuple[Tick, ...]
    changed: bool
    """True when the records differ from the ledger's."""
    gone: tuple[Record, ...] = ()
    """Ticks whose task is in none of the notes looked at (deleted, or moved to a note
    not saved yet)."""


def observe(
    ledger: Mapping[Place, Record],
    entries: Iterable[Entry],
    unread: Iterable[str],
    saved: Saved,
    today: dt.date,
    *,
    only: AbstractSet[str] | None = None,
    hold: Callable[[Record], bool] | None = None,
    orphans: AbstractSet[Place] = frozenset(),
) -> Observation:
    """Compare the tasks of ``entries`` with the ``ledger``. Only the files in ``only``
    (default: all) are looked at; the records of the others, and of the files in
    ``unread`` (there, but not read this time), are kept as they are. The record of a
    tick whose task has gone, and turned up nowhere, is kept while ``hold(record)``
    says so (it may turn up in a note saved a moment later), else dropped; such
    records kept earlier (``orphans``) may be taken up by a task of any file."""
    unread = set(unread)

    def looked_at(file: str) -> bool:
        return file not in unread and (only is None or file in only)

    records = {place: r for place, r in ledger.items() if not looked_at(r.file)}
    # Each task with the record of its own place, when there is one.
    found: list[tuple[str, Task, Record | None]] = []
    taken: set[Place] = set()
    for entry in entries:
        if not looked_at(entry.file):
            continue
        for task in entry.tasks:
            if can_record(entry.file, task.key):
                own = ledger.get((entry.file, task.key, task.nth))
                taken.update([own.place] if own else [])
                found.append((entry.file, task, own))
    # Records whose task is no longer where it was: moved, perhaps.
    left: dict[str, list[Record]] = {}
    for place, old in sorted(ledger.items()):
        if place not in taken and (looked_at(old.file) or place in orphans):
            left.setdefault(old.key, []).append(old)
    ticks = []
    for file, task, own in found:
        if own is None and left.get(task.key):
            own = left[task.key].pop(0)
            records.pop(own.place, None)  # an orphan kept from an earlier look
        new, tick = _next(file, task, own, saved, today)
        if new is not None:
            records[new.place] = new
        if tick is not None:
            ticks.append(tick)
    gone = tuple(
        r for kept in left.values() for r in kept if r.ticked is not None and looked_at(r.file)
    )
    records.update((r.place, r) for r in gone if hold is not None and hold(r))
    return Observation(records, tuple(ticks), records != dict(ledger), gone)


def _next(
    file: str, task: Task, record: Record | None, saved: Saved, today: dt.date
) -> tuple[Record | None, Tick | None]:
    """The task's record now, and its tick if it was ticked since it was last seen."""
    if not task.done:
        if record is None:
            return Record(file, task.key, task.nth, today), None
        if record.ticked is not None:  # unticked: wins-md's date, if any, is to go
            return Record(file, task.key, task.nth, today, stamped=record.stamped), None
        return record._replace(file=file, key=task.key, nth=task.nth), None
    if record is None:
        return None, None  # checked when first seen: not a tick wins-md saw
    if record.ticked is not None:
        return record._replace(file=file, key=task.key, nth=task.nth), None
    day = saved(file)
    how: How = "saved"
    if day is None or day > today or (record.opened is not None and day < record.opened):
        day, how = today, "seen"
    new = Record(file, task.key, task.nth, record.opened, day, how, record.stamped)
    shown = ledger_date(task, new) is not None  # not when the task has its own date
    return new, Tick(file, task.line, task.key, day, how) if shown else None


def saved_days(root: Path, timezone: str | None) -> Saved:
    """The day (in ``timezone``, else the system's) each file was last modified."""
    zone = None
    if timezone:
        from zoneinfo import ZoneInfo

        zone = ZoneInfo(timezone)

    def saved(rel: str) -> dt.date | None:
        try:
            seconds = os.stat(Path(root) / rel).st_mtime
            return dt.datetime.fromtimestamp(seconds, zone).date()
        except (OSError, OverflowError, ValueError):
            return None

    return saved


def unread_files(vault: Vault) -> set[str]:
    """Files of the vault with a problem and no entry: there, but not read."""
    read = {entry.file for entry in vault.entries}
    return {problem.path for problem in vault.problems} - read


def record_ticks(
    root: Path,
    vault: Vault,
    today: dt.date,
    *,
    ledger: Ledger | None = None,
    only: AbstractSet[str] | None = None,
    hold: Callable[[Record], bool] | None = None,
    orphans: AbstractSet[Place] = frozenset(),
) -> Observation:
    """Look at ``vault`` (just read) against the ledger on disk (or ``ledger``, read
    under the lock), and write the ledger when it changed. Call it under the vault
    lock. Raises ``WinsError`` when the ledger cannot be read or written."""
    if ledger is None:
        ledger, _ = load_ledger(root)
    if not ledger.readable:
        raise WinsError(f"{ledger.problems[0]}; no tick was recorded")
    saved = saved_days(root, vault.config.timezone)
    unread = unread_files(vault)
    seen = observe(
        ledger.records, vault.entries, unread, saved, today, only=only, hold=hold, orphans=orphans
    )
    if seen.changed:
        save_ledger(root, ledger, seen.records)
    return seen


def save_ledger(root: Path, ledger: Ledger, records: Mapping[Place, Record]) -> None:
    """Write ``records`` as the ledger, with the damaged lines of ``ledger`` kept."""
    try:
        write_atomic(ledger_path(root), ledger_text(records.values(), ledger.damaged).encode())
    except OSError as error:
        raise WinsError(f"{LEDGER_NAME}: cannot be written: {error.strerror or error}") from None
