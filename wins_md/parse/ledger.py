"""The ledger of ticks as text: reading its lines, writing them back. Pure.

The ledger (``wins-ledger.txt`` at the vault's root) records each task wins-md has
seen open, and the day each was ticked. One line a task, seven fields separated by
tabs::

    notes/launch.md	Write the intro	1	2026-11-20	2026-12-02	saved	2026-12-02

the file, the task's key (its title, see :class:`~wins_md.model.Task`), its place
among the file's tasks of that title, the day it was first seen open (``-``: not
known), the day it was ticked (``-``: still open), how that day was found
(``saved``: the file's modification time; ``seen``: the day wins-md saw it checked;
``git``: the commit that checked it; ``-`` while open), and the done date wins-md
wrote into the file (``-``: none). Lines starting with ``#`` are comments. A line
that cannot be read is reported at its line and kept as it is when the ledger is
written again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from wins_md.config import LEDGER_NAME as LEDGER_NAME
from wins_md.model import Problem

How = Literal["saved", "seen", "git"]
_HOWS: tuple[How, ...] = ("saved", "seen", "git")
_NONE = "-"
HEADER = (
    "# wins-md ledger of ticks: each task seen open, and the day it was ticked. Kept by\n"
    "# `wins watch` and `wins stamp`; keep it with the vault (sync it, commit it).\n"
    "# One task a line; 7 fields separated by tabs: file, task, n, open since, ticked,\n"
    "# dated by (saved, seen or git), stamped (the date wins-md wrote into the note).\n"
)
_FIELDS = "7 fields separated by tabs: file, task, n, open since, ticked, dated by, stamped"


class Record(NamedTuple):
    """What the ledger knows of one task. (A named tuple: a vault with a ledger makes
    this class at every start, where a dataclass costs ten times as much.)"""

    file: str
    key: str
    nth: int
    opened: dt.date | None
    """The day it was first seen open (None: not known)."""
    ticked: dt.date | None = None
    """The day it was ticked (None: it is open)."""
    how: How | None = None
    """How ``ticked`` was found; None while it is open."""
    stamped: dt.date | None = None
    """The done date wins-md wrote into the file for it, if any."""

    @property
    def place(self) -> tuple[str, str, int]:
        """The task's file, key and place among the file's tasks of that key."""
        return self.file, self.key, self.nth


@dataclass(frozen=True, slots=True)
class Ledger:
    """A ledger read: its records by task, and the lines that could not be read."""

    records: dict[tuple[str, str, int], Record] = field(default_factory=dict)
    damaged: tuple[tuple[int, str], ...] = ()
    """``(line number, line)`` of each line that could not be read."""
    problems: tuple[Problem, ...] = ()
    readable: bool = True
    """False when the file is there but could not be read: it must not be replaced."""


def read_ledger(text: str, name: str = LEDGER_NAME) -> Ledger:
    """The ledger in ``text``; each damaged line is reported as a problem of ``name``."""
    records: dict[tuple[str, str, int], Record] = {}
    damaged: list[tuple[int, str]] = []
    problems: list[Problem] = []
    for number, line in enumerate(text.removeprefix("\ufeff").splitlines(), 1):
        if not line.strip() or (line.startswith("#") and "\t" not in line):
            continue
        record, message = _record(line)
        if record is not None and record.place in records:
            record, message = None, "lists a task listed on an earlier line; delete one"
        if record is None:
            damaged.append((number, line))
            problems.append(Problem(name, number, f"damaged ledger line: {message}"))
        else:
            records[record.place] = record
    return Ledger(records, tuple(damaged), tuple(problems))


def _record(line: str) -> tuple[Record | None, str]:
    parts = line.rstrip("\r").split("\t")
    if len(parts) != 7:
        return None, f"expected {_FIELDS}; fix it or delete it"
    file, key, nth, opened, ticked, how, stamped = parts
    if not file or not key or not nth.isdigit() or int(nth) < 1:
        return None, "the file, the task and its place (a number from 1) must be given"
    try:
        days = [_day(opened), _day(ticked), _day(stamped)]
    except ValueError:
        return None, "a day is not written as YYYY-MM-DD (or '-'); fix it or delete the line"
    if (how == _NONE) != (days[1] is None) or (how != _NONE and how not in _HOWS):
        return None, "'dated by' must be saved, seen or git for a tick, and '-' for an open task"
    found: How | None = None if how == _NONE else how  # type: ignore[assignment]
    return Record(file, key, int(nth), days[0], days[1], found, days[2]), ""


def _day(text: str) -> dt.date | None:
    if text == _NONE:
        return None
    if len(text) != 10:
        raise ValueError(text)
    return dt.date.fromisoformat(text)


def ledger_text(records: Iterable[Record], damaged: Iterable[tuple[int, str]] = ()) -> str:
    """The ledger's text: the header, the records sorted by file, task and place, then
    the damaged lines as they were (for their owner to mend)."""
    lines = [HEADER]
    for record in sorted(records, key=lambda record: record.place):
        fields = (
            record.file,
            record.key,
            str(record.nth),
            _text(record.opened),
            _text(record.ticked),
            record.how or _NONE,
            _text(record.stamped),
        )
        lines.append("\t".join(fields) + "\n")
    lines.extend(line + "\n" for _, line in damaged)
    return "".join(lines)


def _text(day: dt.date | None) -> str:
    return _NONE if day is None else day.isoformat()


def can_record(file: str, key: str) -> bool:
    """True when a task of ``file`` can be written on a ledger line (no tab or line
    break in its path or key)."""
    return not any(mark in file or mark in key for mark in ("\t", "\n", "\r"))
