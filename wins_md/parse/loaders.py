"""Front matter text -> a mapping and where each top-level key is written.

YAML (between ``---`` lines) is loaded with PyYAML's safe loader, TOML (between
``+++`` lines, as Hugo writes it) with the standard library's tomllib, and JSON (an
object whose braces stand on lines of their own, Hugo's third format) with its json
module. Never raises: front matter that cannot be read comes back as an error at its line, and
the caller treats the file as private until it is fixed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from wins_md.model import YamlWord

KeyLines = list[tuple[str, int]]
"""Top-level keys as written, each with its 1-based file line, repeats included; the
keys of a top-level ``params`` mapping (where Hugo keeps a page's own settings, and
privacy flags count too) follow as ``params.key``."""
PARAMS = "params"


def params_tables(meta: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each top-level ``params`` mapping (in any case) with its key as written."""
    for key, value in meta.items():
        if isinstance(key, str) and key.lower() == PARAMS and isinstance(value, dict):
            yield key, value


_MAX_NODES = 10_000
YES_NO_WORDS = ("yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF")
_JSON_KEY = re.compile(r'[ \t]*"((?:[^"\\\n]|\\.)*)"[ \t]*:')
_TOML_AT = re.compile(r"\s*\(at (?:line (\d+), column \d+|end of document)\)$")
_TOML_NAME = r"""(?:([A-Za-z0-9_-]+)|"([^"\\]*)"|'([^']*)')"""
_TOML_KEY = re.compile(rf"[ \t]*{_TOML_NAME}[ \t]*[.=]")
_TOML_HEADER = re.compile(rf"[ \t]*\[\[?[ \t]*{_TOML_NAME}[^\]\n]*\]\]?[ \t]*(?:#.*)?$")
UNTIL_FIXED = "fix it (the file is treated as private until then)"
# Python refuses to read integers of more than 4300 digits, and its stack limits nesting.
UNREADABLE = "front matter holds a value too long or nested too deeply to read; " + UNTIL_FIXED


# The plain YAML most notes have (``date: 2026-11-22``, ``energy: 4``, ``tags: [a, b]``)
# is read by hand, giving exactly what _Loader would; anything else goes to PyYAML.
_SIMPLE_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]{0,99}):(?: +(.*))?")
_SIMPLE_INT = re.compile(r"0|[1-9][0-9]{0,17}")
_SIMPLE_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_SIMPLE_TEXT = re.compile(r"[^\W\d_][\w ,.'()/-]*")
_SIMPLE_ITEM = re.compile(r"[^\W\d_][\w./-]*")
_SIMPLE_LIST_ITEM = re.compile(r"( *)- +(.*)")
# The words the loader reads as booleans, yes/no words or null.
_YAML_WORDS: dict[str, bool | YamlWord | None] = {
    **dict.fromkeys(("true", "True", "TRUE"), True),
    **dict.fromkeys(("false", "False", "FALSE"), False),
    **{word: YamlWord(word) for word in YES_NO_WORDS},
    **dict.fromkeys(("null", "Null", "NULL", "~"), None),
}
_SIMPLE_MAX_CHARS = 2000
"""Longer front matter goes to PyYAML (so the node budget of ``_too_big`` always holds)."""
_NOT_SIMPLE = object()


@dataclass(frozen=True, slots=True)
class Loaded:
    """What one front matter holds."""

    meta: dict[str, Any] = field(default_factory=dict)
    keys: KeyLines = field(default_factory=list)
    """Every top-level key where it is written: a key set twice appears twice (``meta``
    keeps only the last value, as YAML loaders do)."""
    error: tuple[int, str] | None = None
    """(file line, message) when the front matter cannot be read."""


def load_yaml(source: str, first_line: int) -> Loaded:
    """Load YAML front matter whose first line (the opening fence) is ``first_line``."""
    simple = _load_simple(source, first_line)
    return simple if simple is not None else _load_full(source, first_line)


def _load_full(source: str, first_line: int) -> Loaded:
    """``load_yaml`` without the fast path: PyYAML reads ``source`` (imported only for
    front matter the fast path does not take)."""
    from wins_md.parse.yaml_full import load_full

    return load_full(source, first_line)


def load_json(source: str, first_line: int) -> Loaded:
    """Load JSON front matter whose first line (the opening brace) is ``first_line``."""
    pairs_of: dict[int, list[tuple[str, Any]]] = {}

    def keep_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        made = dict(pairs)  # keeps the last of a repeated key, as YAML does
        pairs_of[id(made)] = pairs
        return made

    try:
        loaded = json.loads(source, object_pairs_hook=keep_pairs)
    except json.JSONDecodeError as error:
        return Loaded(
            error=(
                first_line + error.lineno - 1,
                f"front matter is not valid JSON: {error.msg}; {UNTIL_FIXED}",
            )
        )
    except (ValueError, RecursionError):
        return Loaded(error=(first_line, UNREADABLE))
    if not isinstance(loaded, dict):
        return accept_loaded(loaded, [], first_line)
    lines = _json_key_lines(source, first_line)
    keys = [(key, _next_line(lines, key, first_line)) for key, _ in pairs_of[id(loaded)]]
    for key, value in params_tables(loaded):
        table_line = next(line for name, line in keys if name == key)
        keys += [
            (f"{key}.{name}", _next_line(lines, name, table_line))
            for name, _ in pairs_of[id(value)]
        ]
    return accept_loaded(loaded, keys, first_line)


def _json_key_lines(source: str, first_line: int) -> dict[str, list[int]]:
    """The lines where each name is written as ``"name":``, at any depth."""
    lines: dict[str, list[int]] = {}
    for offset, line in enumerate(source.split("\n")):
        for match in _JSON_KEY.finditer(line):
            try:
                name = json.loads(f'"{match.group(1)}"')
            except ValueError:
                continue
            lines.setdefault(name, []).append(first_line + offset)
    return lines


def _next_line(lines: dict[str, list[int]], name: str, default: int) -> int:
    """The next line where ``name`` is written (taken, unless it is the last), so a
    repeated key gets each of its lines. A key of the same name elsewhere may be taken
    for it, which only moves where a problem is reported."""
    found = lines.get(name)
    if not found:
        return default
    return found.pop(0) if len(found) > 1 else found[0]


def load_toml(source: str, first_line: int) -> Loaded:
    """Load TOML front matter whose first line (the opening fence) is ``first_line``."""
    try:
        loaded = tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        at = _TOML_AT.search(message)
        offset = int(at.group(1)) - 1 if at and at.group(1) else source.count("\n")
        reason = message[: at.start()] if at else message
        return Loaded(
            error=(first_line + offset, f"front matter is not valid TOML: {reason}; {UNTIL_FIXED}")
        )
    except (ValueError, RecursionError):
        return Loaded(error=(first_line, UNREADABLE))
    lines = _toml_key_lines(source, first_line)
    keys = [(key, lines.get(key, first_line)) for key in loaded]
    for key, value in params_tables(loaded):
        keys += [
            (f"{key}.{name}", lines.get(f"{key}.{name}", lines.get(key, first_line)))
            for name in value
        ]
    return accept_loaded(loaded, keys, first_line)


def _toml_key_lines(source: str, first_line: int) -> dict[str, int]:
    """The line of each top-level TOML name: keys set before the first ``[table]``
    header (bare or quoted, maybe dotted), and the first name of each header; and of
    each key of a plain ``[table]`` as ``table.key``. TOML refuses a key set twice, so
    only where each one is written is sought here."""
    lines: dict[str, int] = {}
    table: str | None = None
    in_table = False
    for offset, line in enumerate(source.split("\n")):
        header = _TOML_HEADER.match(line)
        match = header or _TOML_KEY.match(line)
        if match is None:
            continue
        name = next(group for group in match.groups() if group is not None)
        if header:
            in_table = True
            plain = not line.lstrip().startswith("[[") and "." not in line.split("]")[0]
            table = name if plain else None
            lines.setdefault(name, first_line + offset)
        elif not in_table:
            lines.setdefault(name, first_line + offset)
        elif table is not None:
            lines.setdefault(f"{table}.{name}", first_line + offset)
    return lines


def accept_loaded(loaded: object, keys: KeyLines, first_line: int) -> Loaded:
    """A loaded front matter, if it is a mapping of sane size."""
    if loaded is None:
        return Loaded()
    if not isinstance(loaded, dict):
        kind = "a list" if isinstance(loaded, list) else f"a {type(loaded).__name__}"
        return Loaded(
            error=(
                first_line,
                f"front matter is {kind}, not 'key: value' lines; "
                "the file is treated as private until it is fixed",
            )
        )
    if _too_big(loaded):
        return Loaded(
            error=(
                first_line,
                f"front matter has more than {_MAX_NODES} values (YAML aliases?); "
                "it is not read and the file is treated as private",
            )
        )
    return Loaded({sys.intern(str(key)): value for key, value in loaded.items()}, keys)


def _load_simple(source: str, first_line: int) -> Loaded | None:
    """The mapping and keys of front matter made only of ``key: value`` lines with plain
    values (words, whole numbers, dates, true/false, ``[word, word]``), lists of words
    as Obsidian's Properties editor writes them (``tags:`` then ``  - word`` lines) and
    comments, or None for anything else. For what it accepts it gives exactly what
    ``_load_full`` gives."""
    if len(source) > _SIMPLE_MAX_CHARS or "\t" in source or "\r" in source:
        return None
    meta: dict[str, Any] = {}
    keys: KeyLines = []
    key = ""
    items: list[str] | None = None  # the open ``key:`` list (None: no list may follow)
    indent = -1
    for offset, line in enumerate(source.split("\n")):
        if not line.strip(" ") or line.lstrip(" ").startswith("#"):
            continue  # blank, or a comment line (the day template has them)
        match = _SIMPLE_LINE.fullmatch(line)
        if match is None:
            item = _SIMPLE_LIST_ITEM.fullmatch(line)
            if item is None or items is None or indent not in (-1, len(item.group(1))):
                return None
            word = item.group(2).rstrip(" ")
            if not _SIMPLE_ITEM.fullmatch(word) or word in _YAML_WORDS:
                return None
            indent = len(item.group(1))
            items.append(sys.intern(word))
            meta[key] = items
            continue
        if match.group(1) in _YAML_WORDS:
            return None
        written = _without_comment(match.group(2) or "").strip(" ")
        value = _simple_value(written)
        if value is _NOT_SIMPLE:
            return None
        key = sys.intern(match.group(1))  # one copy of ``date``, ``tags``... per vault
        meta[key] = value
        keys.append((key, first_line + offset))
        items, indent = ([] if not written and match.group(2) is None else None), -1
    return Loaded(meta, keys) if meta else None


def _without_comment(text: str) -> str:
    """A value without its trailing ``# comment`` (a ``#`` at its start or after a
    space, as YAML has it); a ``#`` anywhere else stays, and declines the fast path."""
    if text.startswith("#"):
        return ""
    cut = text.find(" #")
    return text if cut < 0 else text[:cut]


def plain_value(text: str) -> object:
    """One plain value as the YAML loader reads it (``50`` a number, ``true`` a flag,
    ``2026-11-22`` a date, ``[a, b]`` a list of words), else ``text`` as it is."""
    value = _simple_value(text)
    return text if value is _NOT_SIMPLE else value


def _simple_value(text: str) -> object:
    """One plain value as ``_Loader`` reads it, or ``_NOT_SIMPLE``."""
    if text in _YAML_WORDS:
        return _YAML_WORDS[text]
    if not text:
        return None
    if _SIMPLE_INT.fullmatch(text):
        return int(text)
    date = _SIMPLE_DATE.fullmatch(text)
    if date:
        try:
            return dt.date(int(date.group(1)), int(date.group(2)), int(date.group(3)))
        except ValueError:
            return text  # as _lenient_timestamp: not a real date, so kept as text
    if _SIMPLE_TEXT.fullmatch(text):
        return text
    if text.startswith("[") and text.endswith("]"):
        inner = text[1:-1]
        if not inner.strip(" "):
            return []
        items = [item.strip(" ") for item in inner.split(",")]
        if all(_SIMPLE_ITEM.fullmatch(item) and item not in _YAML_WORDS for item in items):
            return [sys.intern(item) for item in items]  # tags: a few words, many notes
    return _NOT_SIMPLE


def _too_big(value: object) -> bool:
    """True when walking ``value`` visits more than ``_MAX_NODES`` nodes.

    Aliases let a few lines of YAML stand for billions of values; this stops the
    walk as soon as the budget is spent, whatever the shape.
    """
    budget = _MAX_NODES
    stack = [value]
    while stack:
        budget -= 1
        if budget < 0:
            return True
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple | set):
            stack.extend(item)
    return False
