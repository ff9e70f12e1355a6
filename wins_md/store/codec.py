"""The parse cache's record format: one file's parse result (its :class:`Entry` and
problems) as JSON and back.

JSON, not pickle: a cache file is data that may come from someone else's copy of a
shared vault, and reading it must never run code. Decoding checks every type, so a
damaged or hand-edited record raises instead of handing out a malformed entry.

A record of a model object is the list of its fields' values in the order of its
dataclass fields, without ``file`` (the record's own path). The encoder and the
checking decoder of each class are made from its fields and their types on first use,
as :mod:`dataclasses` makes ``__init__``: one generated
expression per class, as fast as a hand-written one, and a field added to the model
can never be left out of the cache or decoded into the wrong place.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any

from wins_md.model import (
    Entry,
    Goal,
    MicroGoal,
    Milestone,
    Problem,
    Task,
    Win,
    YamlWord,
    shared_fields,
)
from wins_md.store.lines import StoreError

Result = tuple[Entry | None, list[Problem]]
"""What parsing one file gives: its entry (None when it could not be read) and problems."""

_RECORDED = (Problem, Milestone, Win, MicroGoal, Goal, Task, Entry)
"""Every class a record holds, each after the classes its fields hold."""
_PLAIN = (str, int, float, bool)
_FIELD_TYPES = (str, int, float)


def encode_result(result: Result) -> bytes:
    """One file's parse result as a line of JSON (StoreError when it cannot be stored)."""
    entry, problems = result
    data = [
        None if entry is None else _ENCODE[Entry](entry),
        [_ENCODE[Problem](problem) for problem in problems],
    ]
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def encode_record(obj: object) -> list[Any]:
    """The record of one model object (a :class:`Goal`, say), without its ``file``."""
    record: list[Any] = _ENCODE[type(obj)](obj)
    return record


class Decoder:
    """Reads records back into the model, checking every type (a malformed record
    raises StoreError, ValueError, TypeError or LookupError).

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
        decoded = None if entry is None else _DECODE[Entry](self, rel, entry)
        return decoded, [_DECODE[Problem](self, rel, problem) for problem in problems]

    def date(self, text: Any) -> dt.date | None:
        """A date from ISO text (None stays None), shared between equal ones."""
        if text is None:
            return None
        date = self._dates.get(text)  # a TypeError when text is a list or a mapping
        if date is None:
            date = self._dates[text] = dt.date.fromisoformat(text)  # TypeError: not text
        return date

    def strings(self, values: Any) -> tuple[str, ...]:
        """A tuple of text from a JSON list, shared between equal ones."""
        if type(values) is not list:
            raise StoreError("expected a list of text")
        "".join(values)  # a TypeError when any is not text: the fastest check
        found = tuple(values)
        return self._tuples.setdefault(found, found)

    def record(self, cls: type, rel: str, value: Any) -> Any:
        """The object of class ``cls`` of the file ``rel`` from its record."""
        return _DECODE[cls](self, rel, value)

    def records(self, cls: type, rel: str, values: Any) -> tuple[Any, ...]:
        """The objects of class ``cls`` from a JSON list of their records."""
        if type(values) is not list:
            raise StoreError(f"expected a list of {cls.__name__} records")
        decode = _DECODE[cls]
        return tuple(decode(self, rel, value) for value in values)


def bad(name: str, value: object) -> Any:
    """Raise for a record field of the wrong type (called by the generated decoders)."""
    raise StoreError(f"field '{name}' holds a {type(value).__name__}")


def fields(values: Any) -> Mapping[str, Any]:
    """A win's inline fields: text keys, text or number values (one copy of each,
    shared with the parser's: :func:`~wins_md.model.shared_fields`)."""
    if type(values) is not dict or not all(type(v) in _FIELD_TYPES for v in values.values()):
        raise StoreError("bad win fields")
    return shared_fields(values)


def day(date: dt.date | None) -> str | None:
    """A date as ISO text (None stays None)."""
    return None if date is None else date.isoformat()


# Front matter values: JSON's own types as they are; lists element by element; the
# rest as a one-key object naming its type (mappings too, as their keys may be any
# YAML scalar). A value of any other type makes the file uncachable.


def encode_meta(meta: Mapping[str, object]) -> dict[str, Any]:
    """Front matter as JSON can hold it (StoreError for a value it cannot)."""
    return {key: _encode_value(value) for key, value in meta.items()}


def decode_meta(meta: Any) -> dict[str, Any]:
    """Front matter read back from :func:`encode_meta`'s JSON."""
    if type(meta) is not dict:
        raise StoreError("bad front matter")
    return {key: _decode_value(value) for key, value in meta.items()}


def _encode_value(value: object) -> Any:
    kind = type(value)
    if value is None or kind in _PLAIN:
        return value
    # Exact types: a subclass (an ordered dict, a date-like object) is not stored.
    if kind is list:
        return [_encode_value(item) for item in typing.cast(list[object], value)]
    if kind is dict:
        items = typing.cast(dict[object, object], value).items()
        return {"d": [[_encode_value(k), _encode_value(v)] for k, v in items]}
    if kind is dt.datetime or kind is dt.date:
        tag = "T" if kind is dt.datetime else "D"
        return {tag: typing.cast(dt.date, value).isoformat()}
    if kind is YamlWord:
        return {"W": str(value)}
    raise StoreError(f"cannot store a {kind.__name__} in the cache")


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
        if tag == "T" and type(inner) is str:
            return dt.datetime.fromisoformat(inner)
        if tag == "D" and type(inner) is str:
            return dt.date.fromisoformat(inner)
        if tag == "W" and type(inner) is str:
            return YamlWord(inner)
    raise StoreError("bad front matter value")


# -- the generated encoders and decoders -------------------------------------------------


def _field_code(name: str, hint: Any) -> tuple[str, str]:
    """The expressions that encode ``obj.<name>`` and decode the local ``<name>``, for a
    field of type ``hint``."""
    value = f"obj.{name}"
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    optional = origin is types.UnionType and type(None) in args
    inner = next((arg for arg in args if arg is not type(None)), None) if optional else hint
    if inner in (str, int, bool, float) and (optional or inner is not float):
        allowed = inner.__name__
        check = f"type({name}) is {allowed}"
        if optional:
            check = f"({name} is None or {check})"
        return value, f"({name} if {check} else h_bad({name!r}, {name}))"
    if origin is typing.Literal:
        return value, f"({name} if {name} in {args!r} else h_bad({name!r}, {name}))"
    if inner is dt.date:
        return f"h_day({value})", f"self.date({name})"
    if hint == tuple[str, ...]:
        return f"list({value})", f"self.strings({name})"
    if origin is tuple and args[0] in _RECORDED:
        cls = args[0].__name__
        return (
            f"[ENCODE[{cls}](item) for item in {value}]",
            f"self.records({cls}, rel, {name})",
        )
    if optional and inner in _RECORDED:
        cls = inner.__name__
        return (
            f"None if {value} is None else ENCODE[{cls}]({value})",
            f"None if {name} is None else DECODE[{cls}](self, rel, {name})",
        )
    if hint == Mapping[str, str | int | float]:
        return f"dict({value})", f"h_fields({name})"
    if hint == Mapping[str, object]:
        return f"h_encode_meta({value})", f"h_decode_meta({name})"
    raise TypeError(f"the parse cache cannot store a field of type {hint!r}")


_GENERATED_NAMES = frozenset(("obj", "self", "rel", "data", "type", "list", "dict", "None"))
"""Names the generated code uses besides its fields' (and the ``h_`` helpers)."""


def _generate(cls: type) -> tuple[Callable[[Any], list[Any]], Callable[..., Any]]:
    """The encoder and the checking decoder of the records of ``cls``."""
    hints = typing.get_type_hints(cls)
    stored = [f.name for f in dataclasses.fields(cls) if f.name != "file"]
    clashes = [n for n in stored if n in _GENERATED_NAMES or n.startswith(("h_", "ENCODE"))]
    if clashes or any(n in (c.__name__ for c in _RECORDED) for n in stored):
        raise TypeError(f"{cls.__name__}: rename the fields {clashes}: the codec uses them")
    codes = {name: _field_code(name, hints[name]) for name in stored}
    arguments = ", ".join(
        "rel" if f.name == "file" else codes[f.name][1] for f in dataclasses.fields(cls)
    )
    source = (
        f"def encode(obj):\n    return [{', '.join(code[0] for code in codes.values())}]\n"
        f"def decode(self, rel, data):\n"
        f"    {', '.join(stored)}, = data\n"
        f"    return {cls.__name__}({arguments})\n"
    )
    scope: dict[str, Any] = {
        **{recorded.__name__: recorded for recorded in _RECORDED},
        "ENCODE": _ENCODE,
        "DECODE": _DECODE,
        # Prefixed: a field's local name (``fields``, ``date``...) must not hide them.
        "h_bad": bad,
        "h_day": day,
        "h_fields": fields,
        "h_encode_meta": encode_meta,
        "h_decode_meta": decode_meta,
    }
    exec(compile(source, f"<record codec of {cls.__name__}>", "exec"), scope)
    return scope["encode"], scope["decode"]


class _Codecs(dict[type, Callable[..., Any]]):
    """The encoders (or decoders) by class, each generated on first use: a query
    answered from the list index never pays for them."""

    def __missing__(self, cls: type) -> Callable[..., Any]:
        _ENCODE[cls], _DECODE[cls] = _generate(cls)
        return self[cls]


_ENCODE = _Codecs()
_DECODE = _Codecs()
