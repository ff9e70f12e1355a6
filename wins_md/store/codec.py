"""The parse cache's record format: one file's parse result (its :class:`Entry` and
problems) as JSON and back.

JSON, not pickle: a cache file is data that may come from someone else's copy of a
shared vault, and reading it must never run code. Decoding checks every type, so a
damaged or hand-edited record raises instead of handing out a malformed entry.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from wins_md.model import Entry, Goal, MicroGoal, Milestone, Problem, Win

Result = tuple[Entry | None, list[Problem]]
"""What parsing one file gives: its entry (None when it could not be read) and problems."""


class CacheError(ValueError):
    """A cache file or record that cannot be trusted."""


def encode_result(result: Result) -> bytes:
    """One file's parse result as a line of JSON (CacheError when it cannot be stored)."""
    entry, problems = result
    data = [
        None if entry is None else _encode_entry(entry),
        [[p.path, p.line, p.message, p.level] for p in problems],
    ]
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def decode_result(rel: str, payload: bytes) -> Result:
    """A parse result read back (see :meth:`Decoder.result`)."""
    return Decoder().result(rel, payload)


def _problem(path: str, line: int, message: str, level: str) -> Problem:
    if level not in ("error", "warning"):
        raise CacheError(f"unknown problem level {level!r}")
    return Problem(_str(path), _int(line), _str(message), level)  # type: ignore[arg-type]


def _encode_entry(entry: Entry) -> list[Any]:
    goal = entry.goal
    return [
        entry.kind,
        _day(entry.date),
        {key: _encode_value(value) for key, value in entry.meta.items()},
        list(entry.tags),
        list(entry.goals),
        entry.private,
        [
            [
                _day(w.date),
                w.text,
                w.title,
                list(w.tags),
                list(w.goals),
                dict(w.fields),
                w.id,
                list(w.follows),
                w.line,
                w.private,
                w.setback,
            ]
            for w in entry.wins
        ],
        [
            [
                _day(m.date),
                m.text,
                m.title,
                m.status,
                list(m.tags),
                list(m.goals),
                m.line,
                m.private,
            ]
            for m in entry.micro_goals
        ],
        [_encode_milestone(m) for m in entry.milestones],
        list(entry.links),
        None
        if goal is None
        else [
            goal.slug,
            goal.title,
            goal.status,
            _day(goal.started),
            _day(goal.due),
            goal.metric,
            goal.target,
            goal.parent,
            goal.private,
            [_encode_milestone(m) for m in goal.milestones],
            goal.parent_line,
        ],
    ]


def _encode_milestone(milestone: Milestone) -> list[Any]:
    return [milestone.text, milestone.done, _day(milestone.date), milestone.line, milestone.private]


class Decoder:
    """Reads records back into the model, checking every type (a malformed record
    raises CacheError, ValueError, TypeError or LookupError).

    Equal tuples of tags and goals, and equal dates, are shared between the records
    read by one decoder, as the parser shares them between the wins of a file: a
    large vault takes a fifth less memory than with a fresh object per win.
    """

    __slots__ = ("_dates", "_tuples")

    def __init__(self) -> None:
        self._tuples: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._dates: dict[str, dt.date] = {}

    def result(self, rel: str, payload: bytes) -> Result:
        """The entry and problems of the file ``rel`` from its record's JSON."""
        entry, problems = json.loads(payload)
        decoded = None if entry is None else self._entry(rel, entry)
        return decoded, [_problem(*p) for p in problems]

    def _entry(self, rel: str, data: list[Any]) -> Entry:
        kind, date, meta, tags, goals, private, wins, micro, milestones, links, goal = data
        if kind not in ("journal", "review", "goal", "note"):
            raise CacheError(f"unknown entry kind {kind!r}")
        return Entry(
            file=rel,
            kind=kind,
            date=self._date(date),
            meta={_str(key): _decode_value(value) for key, value in meta.items()},
            tags=self._strings(tags),
            goals=self._strings(goals),
            private=_bool(private),
            wins=tuple(self._win(rel, w) for w in wins),
            micro_goals=tuple(self._micro_goal(rel, m) for m in micro),
            milestones=tuple(self._milestone(m) for m in milestones),
            links=self._strings(links),
            goal=None if goal is None else self._goal(rel, goal),
        )

    def _win(self, rel: str, data: list[Any]) -> Win:
        date, text, title, tags, goals, fields, id_, follows, line, private, setback = data
        # One expression for the scalars: a checking call per field would double a load.
        if not (
            type(text) is str
            and type(title) is str
            and type(line) is int
            and type(private) is bool
            and type(setback) is bool
            and (id_ is None or type(id_) is str)
            and type(fields) is dict
        ):
            raise CacheError("bad win")
        if fields and not all(type(value) in _FIELD_TYPES for value in fields.values()):
            raise CacheError("bad win fields")
        return Win(
            self._date(date),
            text,
            title,
            self._strings(tags),
            self._strings(goals),
            fields,
            id_,
            self._strings(follows),
            rel,
            line,
            private,
            setback,
        )

    def _micro_goal(self, rel: str, data: list[Any]) -> MicroGoal:
        date, text, title, status, tags, goals, line, private = data
        if status not in ("open", "cancelled"):
            raise CacheError(f"unknown micro-goal status {status!r}")
        if not (type(text) is str and type(title) is str and type(line) is int):
            raise CacheError("bad micro-goal")
        return MicroGoal(
            self._date(date),
            text,
            title,
            status,
            self._strings(tags),
            self._strings(goals),
            rel,
            line,
            _bool(private),
        )

    def _milestone(self, data: list[Any]) -> Milestone:
        text, done, date, line, private = data
        return Milestone(_str(text), _bool(done), self._date(date), _int(line), _bool(private))

    def _goal(self, rel: str, data: list[Any]) -> Goal:
        slug, title, status, started, due, metric, target, parent, private, milestones, line = data
        if status not in ("active", "paused", "done", "dropped"):
            raise CacheError(f"unknown goal status {status!r}")
        if target is not None and type(target) is not float:
            raise CacheError("bad goal target")
        return Goal(
            _str(slug),
            _str(title),
            status,
            self._date(started),
            self._date(due),
            None if metric is None else _str(metric),
            target,
            None if parent is None else _str(parent),
            _bool(private),
            tuple(self._milestone(m) for m in milestones),
            rel,
            _int(line),
        )

    def _date(self, text: Any) -> dt.date | None:
        if text is None:
            return None
        date = self._dates.get(text)  # a TypeError when text is a list or a mapping
        if date is None:
            date = self._dates[text] = dt.date.fromisoformat(text)  # TypeError: not text
        return date

    def _strings(self, values: Any) -> tuple[str, ...]:
        if type(values) is not list:
            raise CacheError("expected a list of text")
        "".join(values)  # a TypeError when any is not text: the fastest check
        found = tuple(values)
        return self._tuples.setdefault(found, found)


_FIELD_TYPES = (str, int, float)


def _day(date: dt.date | None) -> str | None:
    return None if date is None else date.isoformat()


def _str(value: object) -> str:
    if type(value) is not str:
        raise CacheError(f"expected text, got {type(value).__name__}")
    return value


def _int(value: object) -> int:
    if type(value) is not int:
        raise CacheError(f"expected a whole number, got {type(value).__name__}")
    return value


def _bool(value: object) -> bool:
    if type(value) is not bool:
        raise CacheError(f"expected true or false, got {type(value).__name__}")
    return value


# Front matter values: JSON's own types as they are; lists element by element; the
# rest as a one-key object naming its type (mappings too, as their keys may be any
# YAML scalar). A value of any other type makes the file uncachable.
_PLAIN = (str, int, float, bool)


def _encode_value(value: object) -> Any:
    kind = type(value)
    if value is None or kind in _PLAIN:
        return value
    if kind is list:
        return [_encode_value(item) for item in value]  # type: ignore[attr-defined]
    if kind is dict:
        return {"d": [[_encode_value(k), _encode_value(v)] for k, v in value.items()]}  # type: ignore[attr-defined]
    if kind is dt.datetime:
        return {"T": value.isoformat()}  # type: ignore[attr-defined]
    if kind is dt.date:
        return {"D": value.isoformat()}  # type: ignore[attr-defined]
    raise CacheError(f"cannot store a {kind.__name__} in the cache")


def _decode_value(value: Any) -> Any:
    kind = type(value)
    if value is None or kind in _PLAIN:
        return value
    if kind is list:
        return [_decode_value(item) for item in value]
    if kind is dict and len(value) == 1:
        ((tag, inner),) = value.items()
        if tag == "d":
            return {_decode_value(k): _decode_value(v) for k, v in inner}
        if tag == "T":
            return dt.datetime.fromisoformat(_str(inner))
        if tag == "D":
            return dt.date.fromisoformat(_str(inner))
    raise CacheError("bad front matter value")
