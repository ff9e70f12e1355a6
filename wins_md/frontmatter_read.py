"""Front matter: split it off with python-frontmatter, load it safely with PyYAML,
and read typed values from it, reporting each bad one at its line."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

_HANDLER = YAMLHandler()
_MAX_NODES = 10_000
_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc]
    """Safe YAML, except that a date that is not a real date stays a string (so
    it can be reported at its key instead of failing the whole front matter)."""


def _lenient_timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)  # type: ignore[arg-type]
    except ValueError:
        return loader.construct_scalar(node)  # type: ignore[arg-type]


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _lenient_timestamp)

# The plain YAML most notes have (``date: 2026-11-22``, ``energy: 4``, ``tags: [a, b]``)
# is read by hand, giving exactly what PyYAML would; anything else goes to PyYAML.
_SIMPLE_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]{0,99}):(?: +(.*))?")
_SIMPLE_INT = re.compile(r"0|[1-9][0-9]{0,17}")
_SIMPLE_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_SIMPLE_TEXT = re.compile(r"[^\W\d_][\w ,.'()/-]*")
_SIMPLE_ITEM = re.compile(r"[^\W\d_][\w./-]*")
# The words YAML 1.1 (as PyYAML resolves it) reads as booleans or null.
_YAML_WORDS: dict[str, bool | None] = {
    **dict.fromkeys(("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"), True),
    **dict.fromkeys(("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"), False),
    **dict.fromkeys(("null", "Null", "NULL", "~"), None),
}
_SIMPLE_MAX_CHARS = 2000
"""Longer front matter goes to PyYAML (so the node budget of ``_too_big`` always holds)."""
_NOT_SIMPLE = object()


@dataclass(slots=True)
class FrontMatter:
    """The front matter of one file and where its body starts."""

    meta: dict[str, Any]
    body: str
    body_line: int
    """1-based file line of the body's first line."""
    source: str = ""
    first_line: int = 1
    """1-based file line of the front matter's first line (the opening ``---``)."""
    broken: bool = False
    """True when the front matter exists but could not be read: fail closed."""
    problems: list[tuple[int, str]] = field(default_factory=list)

    def line_of(self, key: str) -> int:
        """The file line where ``key:`` is set (the opening line when not found)."""
        pattern = re.compile(rf"^[ \t]*['\"]?{re.escape(key)}['\"]?[ \t]*:", re.MULTILINE)
        match = pattern.search(self.source)
        if match is None:
            return self.first_line
        return self.first_line + self.source.count("\n", 0, match.start())

    def report(self, key: str, message: str) -> None:
        """Record a problem with the value of ``key``."""
        self.problems.append((self.line_of(key), f"front matter '{key}': {message}"))


def split_front_matter(text: str) -> FrontMatter:
    """Separate front matter from body; load it. Never raises."""
    if not _HANDLER.detect(text):
        return FrontMatter({}, text, 1)
    try:
        source, body = _HANDLER.split(text)
    except ValueError:
        fm = FrontMatter({}, text, 1, broken=True)
        fm.problems.append(
            (
                1,
                "front matter opened with '---' is never closed; add a closing '---' line "
                "(the file is treated as private until then)",
            )
        )
        return fm
    cut = len(text) - len(body)
    body_line = text.count("\n", 0, cut) + 1
    first_line = 1 + text.count("\n", 0, text.find(source)) if source else 1
    fm = FrontMatter({}, body, body_line, source=source, first_line=first_line)
    simple = _load_simple(source)
    if simple is not None:
        fm.meta = simple
        return fm
    try:
        loaded = yaml.load(source, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + (mark.line if mark else 0)
        fm.broken = True
        fm.problems.append(
            (
                line,
                f"front matter is not valid YAML: {error.problem or error}; "
                "fix it (the file is treated as private until then)",
            )
        )
        return fm
    except yaml.YAMLError as error:
        fm.broken = True
        fm.problems.append((first_line, f"front matter is not valid YAML: {error}"))
        return fm
    if loaded is None:
        return fm
    if not isinstance(loaded, dict):
        fm.broken = True
        kind = "a list" if isinstance(loaded, list) else f"a {type(loaded).__name__}"
        fm.problems.append(
            (
                first_line,
                f"front matter is {kind}, not 'key: value' lines; "
                "the file is treated as private until it is fixed",
            )
        )
        return fm
    if _too_big(loaded):
        fm.broken = True
        fm.problems.append(
            (
                first_line,
                f"front matter has more than {_MAX_NODES} values (YAML aliases?); "
                "it is not read and the file is treated as private",
            )
        )
        return fm
    fm.meta = {str(key): value for key, value in loaded.items()}
    return fm


def _load_simple(source: str) -> dict[str, Any] | None:
    """The mapping of front matter made only of ``key: value`` lines with plain values
    (words, whole numbers, dates, true/false, ``[word, word]``), or None for anything
    else. For what it accepts it gives exactly what PyYAML gives."""
    if len(source) > _SIMPLE_MAX_CHARS or "\t" in source or "\r" in source:
        return None
    meta: dict[str, Any] = {}
    for line in source.split("\n"):
        if not line.strip(" "):
            continue
        match = _SIMPLE_LINE.fullmatch(line)
        if match is None or match.group(1) in _YAML_WORDS:
            return None
        value = _simple_value((match.group(2) or "").strip(" "))
        if value is _NOT_SIMPLE:
            return None
        meta[match.group(1)] = value
    return meta or None


def _simple_value(text: str) -> object:
    """One plain value as PyYAML reads it, or ``_NOT_SIMPLE``."""
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
            return items
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
    fm.report(key, f"expected a date like 2026-11-22, got {_describe(value)}")
    return None


def read_flag(fm: FrontMatter, key: str) -> bool | None:
    """A true/false value; anything else is reported and read as None."""
    if key not in fm.meta:
        return None
    value = fm.meta[key]
    if isinstance(value, bool):
        return value
    fm.report(key, f"expected true or false, got {_describe(value)}")
    return None


def read_strings(fm: FrontMatter, key: str) -> list[str]:
    """A list of strings; a single string is split on commas."""
    value = fm.meta.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list) and all(isinstance(item, str | int | float) for item in value):
        return [str(item).strip() for item in value if str(item).strip()]
    fm.report(key, f"expected a list of words, got {_describe(value)}")
    return []


def read_text(fm: FrontMatter, key: str) -> str | None:
    """A single line of text (numbers are taken as text)."""
    value = fm.meta.get(key)
    if value is None:
        return None
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return str(value).strip() or None
    fm.report(key, f"expected text, got {_describe(value)}")
    return None


def read_number(fm: FrontMatter, key: str) -> float | None:
    """A number greater than zero."""
    value = fm.meta.get(key)
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return float(value)
    fm.report(key, f"expected a number greater than 0, got {_describe(value)}")
    return None


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, str):
        return f"the text '{value}'"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"'{value}'"
