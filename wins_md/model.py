"""The typed, immutable data model: what a vault holds once it has been read."""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from wins_md.config import Config

FieldValue = str | int | float
SHARED_MAX = 4096
"""How many distinct values :func:`one_copy` keeps in one table, at most."""
_shared_fields: dict[tuple[tuple[str, type, FieldValue], ...], Mapping[str, FieldValue]] = {}
NO_FIELDS: Mapping[str, FieldValue] = {}
"""The fields of every win without any."""
_Key = typing.TypeVar("_Key", bound=typing.Hashable)
_Value = typing.TypeVar("_Value")


def one_copy(kept: dict[_Key, _Value], key: _Key, value: _Value) -> _Value:
    """The value ``kept`` holds under ``key``, else ``value``, kept from now on (while
    ``kept`` holds fewer than :data:`SHARED_MAX`): one copy of each of the few hundred
    distinct tags tuples, goals tuples or fields shared by a hundred thousand wins."""
    found = kept.get(key)
    if found is None:
        if len(kept) < SHARED_MAX:
            kept[key] = value
        return value
    return found


def shared_fields(fields: Mapping[str, FieldValue]) -> Mapping[str, FieldValue]:
    """One copy of each win's fields (a win's fields are never changed): a large vault
    has fifty thousand wins with fields, most of them alike (``stretch:: 2``), and a
    dict each costs it megabytes. Each value's type is part of what makes two alike
    (``300`` and ``300.0`` are written differently)."""
    if not fields:
        return NO_FIELDS
    key = tuple((name, type(value), value) for name, value in fields.items())
    return one_copy(_shared_fields, key, fields)


EntryKind = Literal["journal", "review", "goal", "note"]
Level = Literal["error", "warning"]
HiddenBy = Literal["unreadable", "private-file", "draft", "private-tag", "private-goal"]
"""Why something is kept out of the published site: front matter that cannot be read
for sure (privacy fails closed), ``private: true`` (or ``publish: false``, Jekyll's
``published: false``), ``draft: true``, a private tag, a private goal or a goal below
one."""
HIDDEN_BY: tuple[HiddenBy, ...] = typing.get_args(HiddenBy)


class YamlWord(str):
    """A YAML 1.1 yes/no word in front matter (``yes``, ``no``, ``on``, ``off``, in the
    cases YAML 1.1 reads), kept as the text written: ``country: NO`` is ``"NO"``.
    :attr:`flag` is the boolean YAML 1.1 made of it, which the publishing flags honour
    (``private: no``). ``true`` and ``false`` are plain booleans."""

    __slots__ = ()

    @property
    def flag(self) -> bool:
        """True for yes and on, False for no and off."""
        return self.lower() in ("yes", "on")


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong in the vault, located at ``path:line``."""

    path: str
    """File relative to the vault, with ``/``; ``wins.toml`` for the config."""
    line: int
    """1-based line in the file, front matter included (1 when it concerns the whole file)."""
    message: str
    """What is wrong and, where possible, how to fix it."""
    level: Level = "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class Win:
    """One thing moved forward: a checked task, a plain item under ``## Wins``, or a
    front-matter ``wins:`` string."""

    date: dt.date | None
    """The done date if given, else the date of its file; None when neither exists."""
    text: str
    """The item's text as written (first paragraph of the list item)."""
    title: str
    """The text without fields, block id, done date and trailing tags and links."""
    tags: tuple[str, ...]
    """Tags without ``#``, as written; the entry's ``tags:`` when the win has none."""
    goals: tuple[str, ...]
    """Lower-case goal slugs; the entry's ``goals:`` when the win has none."""
    fields: Mapping[str, FieldValue]
    """Inline fields (``key:: value``), keys lower-case with spaces as dashes."""
    id: str | None
    """The ``^block-id`` at the end of the text."""
    follows: tuple[str, ...]
    """Block ids of the wins this one follows from (a momentum chain)."""
    file: str
    """File relative to the vault, with ``/``."""
    line: int
    """1-based line in the file, front matter included."""
    private: bool
    """True when the file is private or the win carries a private tag."""
    setback: bool = False
    """True for a reframed-setback win (a clarity, knowledge or help tag)."""

    @property
    def stretch(self) -> int | None:
        """How uncomfortable the win felt (1..5), from ``stretch::``."""
        value = self.fields.get("stretch")
        return int(value) if isinstance(value, int | float) else None

    def to_json(self) -> dict[str, object]:
        """The stable JSON shape of SPEC section 6."""
        return {
            "date": self.date.isoformat() if self.date else None,
            "text": self.text,
            "title": self.title,
            "tags": list(self.tags),
            "goals": list(self.goals),
            "fields": dict(self.fields),
            "id": self.id,
            "follows": list(self.follows),
            "file": self.file,
            "line": self.line,
            "private": self.private,
        }


@dataclass(frozen=True, slots=True)
class MicroGoal:
    """An unchecked task in a dated entry: a step not yet taken."""

    date: dt.date | None
    text: str
    title: str
    status: Literal["open", "cancelled"]
    tags: tuple[str, ...]
    goals: tuple[str, ...]
    file: str
    line: int
    private: bool


@dataclass(frozen=True, slots=True)
class Milestone:
    """A checkbox in a goal file."""

    text: str
    done: bool
    date: dt.date | None
    line: int
    private: bool = False
    """True when it carries a private tag: it never reaches the published site."""


@dataclass(frozen=True, slots=True)
class Goal:
    """A goal file: the big thing the wins serve."""

    slug: str
    title: str
    status: Literal["active", "paused", "done", "dropped"]
    started: dt.date | None
    due: dt.date | None
    metric: str | None
    target: float | None
    parent: str | None
    private: bool
    milestones: tuple[Milestone, ...]
    file: str
    parent_line: int = 1
    """The line of ``parent:``, where hierarchy problems are reported."""
    cadence: int | None = None
    """Days a week it wants a win on (``cadence: 3/week``), for its weekly streak."""

    @property
    def is_active(self) -> bool:
        """Active goals are the ones wins should align with."""
        return self.status == "active"


@dataclass(frozen=True, slots=True)
class Task:
    """A checkbox (or Logseq task) of a file, open or checked, as the ledger of ticks
    knows it: by its text and its place among the file's tasks of the same text."""

    key: str
    """The task's title: its text without fields, done dates and the tags at its end."""
    nth: int
    """1 for the first task of the file with this key, 2 for the second..."""
    line: int
    """1-based line in the file, front matter included."""
    done: bool
    """True when checked (``[x]``, ``DONE``); False when open."""
    date: dt.date | None
    """The done date written in its text (``✅ 2026-12-02``), or None."""
    dated: bool = False
    """True when its text holds a done date, even one that is not a real date."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One Markdown file of the vault, parsed."""

    file: str
    kind: EntryKind
    date: dt.date | None
    meta: Mapping[str, object]
    """The front matter as read (empty when absent or broken); YAML's yes/no words are
    :class:`YamlWord` text, never booleans."""
    tags: tuple[str, ...]
    goals: tuple[str, ...]
    private: bool
    wins: tuple[Win, ...]
    micro_goals: tuple[MicroGoal, ...]
    milestones: tuple[Milestone, ...] = ()
    """Checkboxes of a goal file (empty for other kinds)."""
    links: tuple[str, ...] = ()
    """Lower-case targets of every ``[[wiki link]]`` in the file's wins."""
    goal: Goal | None = None
    """The goal a goal file defines (None for other kinds)."""
    hidden_by: tuple[str, ...] = ()
    """Why the file is private (:data:`HIDDEN_BY` reasons, each once); empty exactly
    when :attr:`private` is false."""
    rest: bool = False
    """True for a day's note that says ``rest: true``: a rest day for streaks."""
    tasks: tuple[Task, ...] = ()
    """Every open or checked task of the file, in order (the ledger of ticks reads them)."""
    pending: tuple[Win, ...] = ()
    """Checked tasks of a review or goal file with no done date in their text: wins
    once the ledger of ticks gives them one (their ``date`` is None here)."""


@dataclass(frozen=True, slots=True)
class Vault:
    """Everything read from a vault: entries, goals, wins and the problems found."""

    root: str
    config: Config
    entries: tuple[Entry, ...]
    goals: Mapping[str, Goal]
    wins: tuple[Win, ...]
    """Dated wins of every entry, sorted by date, then file, then line."""
    micro_goals: tuple[MicroGoal, ...]
    problems: tuple[Problem, ...] = field(default=())

    def public_wins(self, include_private: bool = False) -> tuple[Win, ...]:
        """The wins to show: private ones only when asked for. (The public view of a
        vault, :func:`wins_md.vault.privacy.public_vault`, also takes links to private
        wins out of these.)"""
        if include_private:
            return self.wins
        return tuple(win for win in self.wins if not win.private)

    def as_of(self, today: dt.date) -> Vault:
        """The vault as it stands on ``today``: each win dated after it is left out until
        its day, and reported as a problem; a milestone done after it is not done yet.

        The one rule for dates in the future: every view (lists, numbers, the site,
        reviews) and ``wins check`` see the vault through it. The vault itself when
        nothing is in the future, so calling it again costs nothing.
        """
        # The wins are in date order: the future ones are the last.
        cut = bisect.bisect_right(self.wins, today, key=_date_of)
        goals = {
            slug: dataclasses.replace(goal, milestones=not_done)
            for slug, goal in self.goals.items()
            if (not_done := _undone_after(goal.milestones, today)) is not goal.milestones
        }
        if cut == len(self.wins) and not goals:
            return self
        ahead = sorted(self.wins[cut:], key=lambda win: (win.file, win.line))
        problems = (
            Problem(win.file, win.line, future_win_message(win.date or today, today))
            for win in ahead
        )
        return dataclasses.replace(
            self,
            wins=self.wins[:cut],
            goals={**self.goals, **goals},
            problems=(*self.problems, *problems),
        )


def future_win_message(date: dt.date, today: dt.date) -> str:
    """What ``wins check`` says of a win dated after today."""
    return f"win dated {date}, after today ({today}): left out until its day"


def _date_of(win: Win) -> dt.date:
    return win.date or dt.date.min  # a vault's wins are all dated


def _undone_after(milestones: tuple[Milestone, ...], today: dt.date) -> tuple[Milestone, ...]:
    """The milestones with those done after ``today`` not done yet (the same tuple when
    there are none)."""
    if not any(m.done and m.date is not None and m.date > today for m in milestones):
        return milestones
    return tuple(
        dataclasses.replace(m, done=False) if m.done and m.date and m.date > today else m
        for m in milestones
    )


def descendants(slug: str, parents: Mapping[str, str | None]) -> set[str]:
    """A goal and every goal below it in the hierarchy (``parents``: each goal's parent)."""
    found = {slug}
    changed = True
    while changed:
        changed = False
        for goal, parent in parents.items():
            if parent in found and goal not in found:
                found.add(goal)
                changed = True
    return found
