"""Front matter: split it off (YAML at python-frontmatter's boundary, Hugo's TOML and
JSON with its handlers), load it (see :mod:`wins_md.parse.loaders`), and read typed
values from it, reporting each bad one at its line."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

from wins_md.parse.loaders import PARAMS, KeyLines, Loaded, load_json, load_toml, load_yaml

Split = Callable[[str], tuple[str, str]]
"""A fence's splitter: ``text`` -> (front matter, body); ValueError when never closed."""

YAML_FENCE = re.compile(r"^-{3,}\s*$", re.MULTILINE)
"""python-frontmatter's YAML boundary (``YAMLHandler.FM_BOUNDARY``). Most notes open
with it, and python-frontmatter imports PyYAML on import: their split is made here with
the same pattern, and a differential test proves the two agree."""


def split_yaml(text: str) -> tuple[str, str]:
    """``YAMLHandler().split(text)``: the text between the first two ``---`` lines, and
    what follows them."""
    _, source, body = YAML_FENCE.split(text, 2)
    return source, body


@functools.cache
def _hugo_fences() -> tuple[
    tuple[re.Pattern[str], Split, str, str, Callable[[str, int], Loaded]], ...
]:
    """Hugo's ``+++`` (TOML) and JSON fences, as python-frontmatter handlers."""
    from frontmatter.default_handlers import BaseHandler

    class TOMLHandler(BaseHandler):
        """python-frontmatter's own TOML handler needs a third-party package; the text
        between the fences is read with the standard library instead."""

        FM_BOUNDARY = re.compile(r"^\+{3,}\s*$", re.MULTILINE)

    class JSONHandler(BaseHandler):
        """An object whose opening brace is the file's first line and whose closing
        brace stands on a line of its own."""

        FM_BOUNDARY = re.compile(r"^\{[ \t\r]*$", re.MULTILINE)
        _CLOSING = re.compile(r"^\}[ \t\r]*$", re.MULTILINE)

        def split(self, text: str) -> tuple[str, str]:
            closing = self._CLOSING.search(text)
            if closing is None:
                raise ValueError("never closed")
            return text[: closing.start() + 1], text[closing.end() :]

    toml, json = TOMLHandler(), JSONHandler()
    return (
        (toml.FM_BOUNDARY, toml.split, "+++", "+++", load_toml),
        (json.FM_BOUNDARY, json.split, "{", "}", load_json),
    )


def _fences(text: str) -> tuple[Split, str, str, Callable[[str, int], Loaded]] | None:
    """The splitter, fences and loader of the front matter ``text`` opens with."""
    if YAML_FENCE.match(text):
        return split_yaml, "---", "---", load_yaml
    if text.startswith(("+", "{")):
        for boundary, split, opening, closing, load in _hugo_fences():
            if boundary.match(text):
                return split, opening, closing, load
    return None


@dataclass(slots=True)
class FrontMatter:
    """The front matter of one file and where its body starts."""

    meta: dict[str, Any]
    body: str
    body_line: int
    """1-based file line of the body's first line."""
    source: str = ""
    first_line: int = 1
    """1-based file line of the front matter's first line (the opening fence)."""
    broken: bool = False
    """True when the front matter exists but could not be read: fail closed."""
    problems: list[tuple[int, str]] = field(default_factory=list)
    keys: KeyLines = field(default_factory=list)
    """Every top-level key where it is written; a key set twice appears twice, while
    ``meta`` keeps only its last value."""

    def line_of(self, key: str) -> int:
        """The file line where ``key`` is first set (the opening line when not found)."""
        return next((line for name, line in self.keys if name == key), self.first_line)

    def report(self, key: str, message: str) -> None:
        """Record a problem with the value of ``key``."""
        self.problems.append((self.line_of(key), f"front matter '{key}': {message}"))


def split_front_matter(text: str) -> FrontMatter:
    """Separate front matter (YAML or TOML) from body; load it. Never raises."""
    found = _fences(text)
    if found is None:
        return FrontMatter({}, text, 1)
    split, opening, closing, load = found
    try:
        source, body = split(text)
    except ValueError:
        message = (
            f"front matter opened with '{opening}' is never closed; add a closing "
            f"'{closing}' line (the file is treated as private until then)"
        )
        return FrontMatter({}, text, 1, broken=True, problems=[(1, message)])
    cut = len(text) - len(body)
    body_line = text.count("\n", 0, cut) + 1
    first_line = 1 + text.count("\n", 0, text.find(source)) if source else 1
    loaded = load(source, first_line)
    fm = FrontMatter(loaded.meta, body, body_line, source, first_line, keys=loaded.keys)
    if loaded.error is not None:
        fm.broken = True
        fm.problems.append(loaded.error)
    return fm


def report_repeated_keys(fm: FrontMatter, reported: Collection[str]) -> None:
    """Report each key set more than once (top-level, or in ``params``) at its second
    line: YAML and JSON keep the last value, the writer may have meant another. Keys
    whose name (in lower case) is in ``reported`` are left to the caller."""
    lines: dict[str, list[int]] = {}
    for key, line in fm.keys:
        lines.setdefault(key, []).append(line)
    for key, found in lines.items():
        table, _, name = key.rpartition(".")
        if len(found) < 2 or (name if table.lower() == PARAMS else key).lower() in reported:
            continue
        unique = sorted(set(found))
        where = f"line {unique[0]}" if len(unique) == 1 else f"lines {', '.join(map(str, unique))}"
        fm.problems.append(
            (
                sorted(found)[1],
                f"front matter '{key}' is set more than once ({where}); "
                "keep one (the last is used until then)",
            )
        )


def read_date(fm: FrontMatter, key: str) -> dt.date | None:
    """A calendar date from ``key`` (date, datetime or ISO string), as written: never
    shifted to UTC."""
    value = fm.meta.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return dt.date.fromisoformat(text[:10])
        except ValueError:
            pass
        fm.report(key, f"'{text}' is not a real date; write it as YYYY-MM-DD")
        return None
    fm.report(key, f"expected a date like 2026-11-22, got {describe(value)}")
    return None


def read_strings(fm: FrontMatter, key: str, links: bool = False) -> list[str]:
    """A list of strings; a single string is split on commas. With ``links``, an
    unquoted page link (``[[name]]``, which YAML reads as a list in a list) is its name."""
    value = fm.meta.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if links and isinstance(value, list):
        value = [_linked(item) for item in value]
    if isinstance(value, list) and all(isinstance(item, str | int | float) for item in value):
        texts = [str(item).lower() if isinstance(item, bool) else str(item) for item in value]
        return [text.strip() for text in texts if text.strip()]
    fm.report(key, f"expected a list of words, got {describe(value)}")
    return []


def _linked(item: object) -> object:
    """The name of ``[[name]]`` as YAML reads it (``[["name"]]``); anything else as it is."""
    if isinstance(item, list) and len(item) == 1 and isinstance(item[0], str):
        return item[0]
    return item


def read_text(fm: FrontMatter, key: str) -> str | None:
    """A single line of text (numbers are taken as text)."""
    value = fm.meta.get(key)
    if value is None:
        return None
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return str(value).strip() or None
    fm.report(key, f"expected text, got {describe(value)}")
    return None


def read_number(fm: FrontMatter, key: str) -> float | None:
    """A number greater than zero."""
    value = fm.meta.get(key)
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return float(value)
    fm.report(key, f"expected a number greater than 0, got {describe(value)}")
    return None


def describe(value: object) -> str:
    """A value as a problem message names it."""
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, str):
        return f"the text '{value}'"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"'{value}'"
