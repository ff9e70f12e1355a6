"""``team.toml``: the team's title, its rest days and its members, each with where their
published ``wins.json`` is (a folder, the file itself, or a branch of a git repository).
Paths are relative to ``team.toml``.

A mistake in a member's table leaves that member out and is reported at its line; a
file that is not TOML stops the build (nothing can be known of the team).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wins_md.config import Config, check_day_start, check_timezone
from wins_md.dates import WEEKDAYS
from wins_md.errors import SourceError, did_you_mean
from wins_md.files import read_regular
from wins_md.model import Problem

TEAM_KEYS = ("title", "rest_days", "timezone", "day_start", "member")
MEMBER_KEYS = ("name", "path", "git", "branch", "url")
DEFAULT_BRANCH = "gh-pages"
"""The branch ``wins publish`` pushes the site to."""
_TOML_LINE = re.compile(r"\(at line (\d+)")
_MEMBER_HEADER = re.compile(r"\s*\[\[\s*member\s*\]\]")
_TABLE_HEADER = re.compile(r"\s*\[")
_BRANCH = re.compile(r"[A-Za-z0-9._/-]+")


@dataclass(frozen=True, slots=True)
class Member:
    """One member of the team, and where their published ``wins.json`` is."""

    name: str
    line: int
    """The line of the member's ``path`` or ``git`` in ``team.toml``."""
    where: str
    """The source as written in ``team.toml``, for messages."""
    path: Path
    """A folder holding ``wins.json``, the file itself, or a git repository."""
    branch: str | None
    """The branch holding ``wins.json`` at its top; None when ``path`` is not git."""
    url: str | None
    """Where their progress page is published (http or https), linked from their name."""


@dataclass(frozen=True, slots=True)
class Roster:
    """What ``team.toml`` says."""

    file: str
    """``team.toml`` as the user named it, for messages."""
    folder: Path
    title: str
    rest_days: frozenset[int]
    """Weekdays (0 is Monday) that neither break nor extend the team's streak."""
    members: tuple[Member, ...]
    problems: tuple[Problem, ...]
    timezone: str | None = None
    """The IANA zone whose wall clocks say what today is (None: the system's)."""
    day_start: str = "00:00"
    """When the team's day turns (``"04:00"``: the hours before belong to the day before)."""

    def clock(self) -> Config:
        """Settings that tell the team's today as a vault's tells its own."""
        return Config(timezone=self.timezone, day_start=self.day_start)

    def problem(self, member: Member, message: str) -> Problem:
        """A problem with ``member``'s source, at its line."""
        return Problem(self.file, member.line, f'member "{member.name}": {message}')


def read_roster(path: Path) -> Roster:
    """Read ``team.toml``; raises ``SourceError`` when it cannot be read as TOML."""
    shown = str(path)
    try:
        text = read_regular(path).decode("utf-8-sig")
        raw = tomllib.loads(text)
    except OSError as error:
        raise SourceError(shown, 1, f"cannot be read: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise SourceError(shown, 1, "is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        match = _TOML_LINE.search(str(error))
        message = _TOML_LINE.split(str(error))[0].strip()
        raise SourceError(shown, int(match.group(1)) if match else 1, message) from None
    lines = _Lines(text)
    reader = _Reader(shown, path.parent, lines)
    title = "Team" if "title" not in raw else reader.top("title", raw["title"], _text)
    rest = reader.top("rest_days", raw.get("rest_days", []), _weekdays) or frozenset()
    zone = reader.top("timezone", raw["timezone"], check_timezone) if "timezone" in raw else None
    start = reader.top("day_start", raw.get("day_start", "00:00"), check_day_start)
    for key in raw:
        if key not in TEAM_KEYS:
            hint = did_you_mean(key, list(TEAM_KEYS))
            reader.warn(lines.top.get(key, 1), f"unknown key '{key}' is ignored{hint}")
    tables = raw.get("member", [])
    if not isinstance(tables, list):
        reader.error(lines.top.get("member", 1), "'member' must be [[member]] tables")
        tables = []
    if not tables:
        reader.warn(1, "no members: add a [[member]] table (name, and path or git) for each")
    members = [reader.member(number, table) for number, table in enumerate(tables)]
    return Roster(
        file=shown,
        folder=path.parent,
        title=title or "Team",
        rest_days=rest,
        members=tuple(member for member in members if member is not None),
        problems=tuple(reader.problems),
        timezone=zone,
        day_start=start or "00:00",
    )


class _Lines:
    """Where keys are in ``team.toml``: the top-level keys, and each ``[[member]]``
    table's header and keys (the file is valid TOML: this only finds lines)."""

    def __init__(self, text: str) -> None:
        self.top: dict[str, int] = {}
        self.members: list[tuple[int, dict[str, int]]] = []
        table: dict[str, int] | None = self.top
        for number, line in enumerate(text.splitlines(), start=1):
            if _MEMBER_HEADER.match(line):
                table = {}
                self.members.append((number, table))
            elif _TABLE_HEADER.match(line):
                table = None  # another table: not ours to place
            elif "=" in line and table is not None:
                key = line.split("=", 1)[0].strip().strip("\"'")
                table.setdefault(key, number)

    def member(self, number: int) -> tuple[int, dict[str, int]]:
        """The header line and key lines of the ``number``-th member table."""
        if number < len(self.members):
            return self.members[number]
        return self.top.get("member", 1), {}


class _Reader:
    """Checks each value of ``team.toml``, collecting what is wrong."""

    def __init__(self, shown: str, folder: Path, lines: _Lines) -> None:
        self.shown, self.folder, self.lines = shown, folder, lines
        self.problems: list[Problem] = []
        self.names: set[str] = set()

    def warn(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.shown, line, message, "warning"))

    def error(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.shown, line, message))

    def top(self, key: str, value: Any, check: Callable[[Any], Any]) -> Any:
        try:
            return check(value)
        except ValueError as error:
            self.error(self.lines.top.get(key, 1), f"key '{key}': {error}")
            return None

    def member(self, number: int, table: Any) -> Member | None:
        header, keys = self.lines.member(number)
        label = f"member {number + 1}"
        if not isinstance(table, dict):
            self.error(header, f"{label}: expected a [[member]] table")
            return None
        name = table.get("name")
        if not isinstance(name, str) or not name.strip():
            problem = "'name' is missing" if name is None else "'name': expected text"
            self.error(header, f"{label}: {problem}")
            return None
        name = name.strip()
        label = f'member "{name}"'
        for key in table:
            if key not in MEMBER_KEYS:
                hint = did_you_mean(key, list(MEMBER_KEYS))
                self.warn(keys.get(key, header), f"{label}: unknown key '{key}' is ignored{hint}")
        if name in self.names:
            self.error(header, f"{label}: named twice; the second is left out")
            return None
        self.names.add(name)
        try:
            return self._source(name, table, header, keys)
        except _Bad as bad:
            self.error(keys.get(bad.key, header), f"{label}: {bad.message}")
            return None

    def _source(
        self, name: str, table: dict[str, Any], header: int, keys: dict[str, int]
    ) -> Member:
        if "path" in table and "git" in table:
            raise _Bad("", "give either 'path' or 'git', not both")
        if "path" not in table and "git" not in table:
            raise _Bad("", "give 'path' (their site's folder or its wins.json) or 'git'")
        key = "path" if "path" in table else "git"
        where = _checked(key, table[key], _text)
        branch = None
        if key == "git":
            branch = _checked("branch", table.get("branch", DEFAULT_BRANCH), _branch)
        elif "branch" in table:
            raise _Bad("branch", "'branch' goes with 'git'")
        url = _checked("url", table["url"], _url) if "url" in table else None
        path = self.folder / Path(where).expanduser()
        return Member(name, keys.get(key, header), where, path, branch, url)


class _Bad(Exception):
    def __init__(self, key: str, message: str) -> None:
        super().__init__(key, message)
        self.key, self.message = key, message


def _checked(key: str, value: Any, check: Callable[[Any], Any]) -> Any:
    try:
        return check(value)
    except ValueError as error:
        raise _Bad(key, f"'{key}': {error}") from None


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("expected a non-empty string")
    return value.strip()


def _weekdays(value: Any) -> frozenset[int]:
    if not isinstance(value, list) or not all(isinstance(day, str) for day in value):
        raise ValueError('expected a list of weekdays, like ["sat", "sun"]')
    days = set()
    for day in value:
        short = day.strip().lower()[:3]
        if short not in WEEKDAYS:
            raise ValueError(f"expected one of {', '.join(WEEKDAYS)}, got {day!r}")
        days.add(WEEKDAYS.index(short))
    return frozenset(days)


def _branch(value: Any) -> str:
    text = _text(value)
    if not _BRANCH.fullmatch(text) or text.startswith("-") or ".." in text:
        raise ValueError(f"{text!r} is not a branch name")
    return text


def _url(value: Any) -> str:
    from urllib.parse import urlsplit

    text = value.strip() if isinstance(value, str) else ""
    parts = urlsplit(text)
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or any(char.isspace() for char in text)
    ):
        raise ValueError("expected a web address like 'https://ana.example.org/wins/'")
    return text
