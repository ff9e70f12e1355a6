"""The vault's settings: one typed Config read from ``wins.toml``; defaults live only here."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wins_md.dates import WEEKDAYS, today_in
from wins_md.errors import did_you_mean
from wins_md.files import NotRegularFileError, read_regular
from wins_md.model import Problem

if TYPE_CHECKING:
    from wins_md.rest import RestPeriod

CONFIG_NAME = "wins.toml"
LEDGER_NAME = "wins-ledger.txt"
"""The ledger of ticks (see :mod:`wins_md.parse.ledger`), named here with the settings
so that a query can check its state without loading the ledger's reader."""
PARSE_KEYS = (
    "journal_dir",
    "journal_format",
    "reviews_dir",
    "goals_dir",
    "win_headings",
    "milestone_headings",
    "setback_tags",
    "private_tags",
    "tasks_global_filter",
    "max_file_mb",
)
"""The settings that change how one file is parsed; the parse cache is keyed on them
(the others only choose which files are read, or what is computed from them)."""


@dataclass(frozen=True, slots=True)
class Config:
    """Every setting of a vault. Paths are relative to the vault, with ``/``."""

    title: str = "Small wins"
    journal_dir: str = "journal"
    journal_format: str = "YYYY/YYYY-MM-DD"
    reviews_dir: str = "reviews"
    goals_dir: str = "goals"
    templates_dir: str = "templates"
    output_dir: str = "site"
    win_headings: tuple[str, ...] = ("Wins",)
    milestone_headings: tuple[str, ...] = ("Milestones",)
    setback_tags: tuple[str, ...] = ("clarity", "knowledge", "help")
    private_tags: tuple[str, ...] = ("private",)
    stalled_days: int = 14
    week_start: str = "mon"
    rest_days: tuple[str, ...] = ()
    rest: tuple[RestPeriod, ...] = ()
    """Rest periods (``[[rest]]`` tables)."""
    timezone: str | None = None
    day_start: str = "00:00"
    """When the vault's day begins (``HH:MM``): earlier, it is still the day before."""
    exclude: tuple[str, ...] = ()
    tasks_global_filter: str = ""
    """The Tasks plugin's global filter (``#task``): dropped from titles and tags;
    found in the plugin's settings when not set."""
    note_templates: tuple[str, ...] = ()
    """Folders of the notes app's own templates (Obsidian's Templates folder), never
    read; found in ``.obsidian/`` when not set."""
    max_file_mb: float = 10.0
    site_url: str | None = None
    """Where the site is published (``https://ana.github.io/wins/``, ending in ``/``):
    the feed's links are absolute, and pages carry link-preview tags."""
    stamp: bool = False
    """``wins watch`` and ``wins serve`` write each tick's done date into its note."""
    problems: tuple[Problem, ...] = field(default=(), compare=False)
    """What was wrong in ``wins.toml``; the default was used for each bad key."""

    @property
    def first_weekday(self) -> int:
        """0 for Monday ... 6 for Sunday."""
        return WEEKDAYS.index(self.week_start)

    @property
    def rest_weekdays(self) -> frozenset[int]:
        """Weekday numbers (0 Monday) that neither break nor extend a streak."""
        return frozenset(WEEKDAYS.index(day) for day in self.rest_days)

    @property
    def start_of_day(self) -> dt.time:
        """:attr:`day_start` as a time."""
        hour, minute = self.day_start.split(":")
        return dt.time(int(hour), int(minute))

    def today(self) -> dt.date:
        """The vault's today: the clock's instant (see :func:`wins_md.dates.clock`) on
        the wall clocks of :attr:`timezone`, the day before until :attr:`day_start`.
        Every command's "today", and every relative date given to one, comes from it."""
        return today_in(self.timezone, self.start_of_day)


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("expected a non-empty string")
    return value.strip()


def _folder(value: Any) -> str:
    text = _text(value).replace("\\", "/").strip("/")
    if text.startswith("..") or "/../" in f"/{text}/" or Path(text).is_absolute():
        raise ValueError("expected a folder inside the vault")
    return text or "."


def _folders(value: Any) -> tuple[str, ...]:
    return tuple(_folder(item) for item in _strings(value))


def _tags(value: Any) -> tuple[str, ...]:
    return tuple(item.lstrip("#").lower() for item in _strings(value))


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("expected a list of strings")
    return tuple(v.strip() for v in value if v.strip())


def _positive_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError("expected a whole number of 1 or more")
    return value


def _positive_number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ValueError("expected a number greater than 0")
    return float(value)


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("expected true or false")
    return value


def _weekday(value: Any) -> str:
    day = _text(value).lower()[:3]
    if day not in WEEKDAYS:
        raise ValueError(f"expected one of {', '.join(WEEKDAYS)}")
    return day


def _weekdays(value: Any) -> tuple[str, ...]:
    return tuple(_weekday(day) for day in _strings(value))


def check_timezone(value: Any) -> str | None:
    """An IANA time zone name (ValueError, fit for the user, for any other)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # only when a timezone is set

    name = _text(value)
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown timezone '{name}'; use a name like 'Europe/Paris'") from None
    return name


def _site_url(value: Any) -> str:
    from urllib.parse import urlsplit  # only when a site_url is set

    text = _text(value)
    parts = urlsplit(text)
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.query
        or parts.fragment
        or any(char.isspace() for char in text)
    ):
        raise ValueError("expected the site's address, like 'https://ana.github.io/wins/'")
    return text if text.endswith("/") else text + "/"


_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")


def check_day_start(value: Any) -> str:
    """``"04:00"`` (or TOML's local time ``04:00:00``), from 00:00 to 12:00."""
    wrong = 'expected a time from "00:00" to "12:00", like "04:00"'
    if isinstance(value, dt.time):
        hour, minute = value.hour, value.minute
    else:
        match = _CLOCK.match(value.strip()) if isinstance(value, str) else None
        if match is None:
            raise ValueError(wrong)
        hour, minute = int(match.group(1)), int(match.group(2))
    if minute > 59 or hour * 60 + minute > 12 * 60:
        raise ValueError(wrong)
    return f"{hour:02d}:{minute:02d}"


_CHECKS: dict[str, Callable[[Any], Any]] = {
    "title": _text,
    "journal_dir": _folder,
    "journal_format": _text,
    "reviews_dir": _folder,
    "goals_dir": _folder,
    "templates_dir": _folder,
    "output_dir": _folder,
    "win_headings": _strings,
    "milestone_headings": _strings,
    "setback_tags": _tags,
    "private_tags": _tags,
    "stalled_days": _positive_int,
    "week_start": _weekday,
    "rest_days": _weekdays,
    "timezone": check_timezone,
    "day_start": check_day_start,
    "exclude": _strings,
    "note_templates": _folders,
    "tasks_global_filter": _text,
    "max_file_mb": _positive_number,
    "site_url": _site_url,
    "stamp": _bool,
}
_TOML_LINE = re.compile(r"\(at line (\d+)")


def load_config(vault: str | Path, **overrides: Any) -> Config:
    """Read ``wins.toml`` in ``vault`` (if any) over the defaults, then apply overrides.

    Never raises for a bad file: each problem is kept in ``Config.problems`` and
    the default is used for that key.
    """
    root = Path(vault)
    problems: list[Problem] = []
    values: dict[str, Any] = _obsidian_daily_notes(root) | _logseq_journals(root)
    values |= _obsidian_templates(root) | _tasks_plugin(root)
    raw, lines, rest_lines = _read_toml(root / CONFIG_NAME, problems)
    for key, value in raw.items():
        check = _CHECKS.get(key)
        line = lines.get(key, 1)
        if key == "rest":
            from wins_md.rest import read_rest_periods  # only a vault with [[rest]] tables

            found = read_rest_periods(value, rest_lines or [line])
            values[key] = found.periods
            problems += (Problem(CONFIG_NAME, *problem) for problem in found.problems)
            continue
        if check is None:
            hint = did_you_mean(key, list(_CHECKS))
            problems.append(
                Problem(CONFIG_NAME, line, f"unknown key '{key}' is ignored{hint}", "warning")
            )
            continue
        try:
            values[key] = check(value)
        except ValueError as error:
            problems.append(Problem(CONFIG_NAME, line, f"key '{key}': {error}"))
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Config(**values, problems=tuple(problems))


def _read_toml(
    path: Path, problems: list[Problem]
) -> tuple[dict[str, Any], dict[str, int], list[int]]:
    """The settings, the line of each key, and the lines of the ``[[rest]]`` tables."""
    try:
        data = read_regular(path)
    except FileNotFoundError:
        return {}, {}, []
    except NotRegularFileError:
        problems.append(Problem(CONFIG_NAME, 1, "not a regular file; defaults are used"))
        return {}, {}, []
    except OSError as error:
        problems.append(Problem(CONFIG_NAME, 1, f"cannot be read: {error.strerror}"))
        return {}, {}, []
    try:
        text = data.decode("utf-8-sig")
        raw = tomllib.loads(text)
    except UnicodeDecodeError:
        problems.append(Problem(CONFIG_NAME, 1, "is not UTF-8 text; defaults are used"))
        return {}, {}, []
    except tomllib.TOMLDecodeError as error:
        match = _TOML_LINE.search(str(error))
        line = int(match.group(1)) if match else 1
        message = _TOML_LINE.split(str(error))[0].strip()
        problems.append(Problem(CONFIG_NAME, line, f"{message}; defaults are used"))
        return {}, {}, []
    lines = {}
    rest_lines = []
    for number, source_line in enumerate(text.splitlines(), start=1):
        key = source_line.split("=", 1)[0].strip().strip("\"'")
        if "=" in source_line and key in raw and key not in lines:
            lines[key] = number
        elif _REST_TABLE.match(source_line):
            rest_lines.append(number)
    return raw, lines, rest_lines


_REST_TABLE = re.compile(r"""^\s*\[\[\s*(rest|"rest"|'rest')\s*\]\]""")


def _obsidian_daily_notes(root: Path) -> dict[str, Any]:
    """Journal folder and format from an Obsidian vault's Daily notes settings."""
    try:
        settings = json.loads(read_regular(root / ".obsidian" / "daily-notes.json"))
    except (OSError, ValueError):
        return {}
    if not isinstance(settings, dict):
        return {}
    found: dict[str, Any] = {}
    if isinstance(settings.get("folder"), str):
        found["journal_dir"] = settings["folder"].strip("/") or "."
    if isinstance(settings.get("format"), str) and settings["format"].strip():
        found["journal_format"] = settings["format"].strip()
    elif found:
        found["journal_format"] = "YYYY-MM-DD"
    return found


def _obsidian_templates(root: Path) -> dict[str, Any]:
    """The folders of an Obsidian vault's templates: the Templates plugin's folder and
    the folder of the Daily notes template."""
    folders: list[str] = []
    for name, key in (("templates.json", "folder"), ("daily-notes.json", "template")):
        try:
            settings = json.loads(read_regular(root / ".obsidian" / name))
        except (OSError, ValueError):
            continue
        value = settings.get(key) if isinstance(settings, dict) else None
        if isinstance(value, str) and value.strip("/"):
            folder = value.strip("/") if key == "folder" else value.strip("/").rpartition("/")[0]
            if folder and folder.lower() not in (f.lower() for f in folders):
                folders.append(folder)
    return {"note_templates": tuple(folders)} if folders else {}


def _tasks_plugin(root: Path) -> dict[str, Any]:
    """The Tasks plugin's global filter, when its settings set one."""
    path = root / ".obsidian" / "plugins" / "obsidian-tasks-plugin" / "data.json"
    try:
        settings = json.loads(read_regular(path))
    except (OSError, ValueError):
        return {}
    found = settings.get("globalFilter") if isinstance(settings, dict) else None
    return (
        {"tasks_global_filter": found.strip()} if isinstance(found, str) and found.strip() else {}
    )


def is_logseq_graph(root: Path) -> bool:
    """True for a Logseq graph (``logseq/config.edn``): its pages are outlines."""
    return (Path(root) / "logseq" / "config.edn").is_file()


def _logseq_journals(root: Path) -> dict[str, Any]:
    """Logseq keeps ``journals/2026_11_22.md``."""
    if (root / "logseq").is_dir() and (root / "journals").is_dir():
        return {"journal_dir": "journals", "journal_format": "YYYY_MM_DD"}
    return {}


def describe_keys() -> list[tuple[str, object]]:
    """Every config key with its default, in declaration order (for docs and tests)."""
    return [(f.name, f.default) for f in dataclasses.fields(Config) if f.name != "problems"]
