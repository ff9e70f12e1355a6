"""Exports: the formats of ``wins export`` (and of ``wins list --format``), one module
each, found by name in one registry, as jrnl's ``plugins/`` keeps its exporters.

:data:`FORMATS` names each format's class; :func:`exporter` imports it. Only this
registry is imported when the command line starts: a format's module, and what it
needs (``csv``, ``sqlite3``, icalendar), only when something is exported in it.
``base`` holds what every format shares, ``progress`` the goals' progress, and
``run`` the one function that exports (:func:`~wins_md.export.run.export_wins`).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from wins_md.export.base import Exporter, ListedExporter


class Format(NamedTuple):
    """A format in the registry."""

    target: str
    """Its exporter: ``module:Class``, the module inside this package."""
    listed: bool
    """Offered by ``wins list --format`` too."""
    summary: str
    """What it writes, for the help."""


FORMATS: dict[str, Format] = {
    "json": Format("as_json:JsonExporter", True, "wins and goals, as the site's wins.json"),
    "jsonl": Format("as_jsonl:JsonLinesExporter", True, "one win per line"),
    "csv": Format("as_csv:CsvExporter", True, "one row per win, for spreadsheets"),
    "sqlite": Format("as_sqlite:SqliteExporter", False, "a database of wins, goals, notes"),
    "ics": Format("as_ics:IcsExporter", False, "a calendar: an all-day event per day"),
}


def exporter(name: str) -> type[Exporter]:
    """The exporter class of the format ``name`` (a KeyError for an unknown one)."""
    module, _, cls = FORMATS[name].target.partition(":")
    found: type[Exporter] = getattr(importlib.import_module(f"wins_md.export.{module}"), cls)
    return found


def listed_exporter(name: str) -> type[ListedExporter]:
    """The exporter of a format ``wins list --format`` offers (see :func:`listed_formats`)."""
    from wins_md.export.base import ListedExporter

    found = exporter(name)
    if not issubclass(found, ListedExporter):
        raise KeyError(name)
    return found


def listed_formats() -> list[str]:
    """The formats ``wins list --format`` offers besides text."""
    return [name for name, spec in FORMATS.items() if spec.listed]
