"""The shape the team page needs of a member's ``wins.json``: a fast, hand-written check
of the keys it reads and their types (SPEC section 6; the full JSON Schema,
``wins_md/wins.schema.json``, is for tests). A whole team's wins pass through
:func:`win_problem`, so it does no more than look.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

VERSION = 1
"""The version of ``wins.json`` this wins-md reads."""
STATUSES = frozenset(("active", "paused", "done", "dropped"))


@dataclass(frozen=True, slots=True)
class GoalRecord:
    """One goal of a member's ``wins.json``: what the team page combines."""

    slug: str
    title: str
    status: str
    progress: float
    done: int
    total: int
    metric: str | None
    value: float | None
    target: float | None


def document_problem(document: Any) -> str | None:
    """What is wrong with the top of a ``wins.json`` (None when the team page can read
    it): an object with ``version`` 1, text ``title`` and ``updated``, lists ``wins``
    and ``goals``."""
    if not isinstance(document, dict):
        return "not a wins.json: expected an object with 'wins' and 'goals'"
    if "version" not in document:
        return "'version' is missing: not a wins.json that 'wins build' wrote"
    version = document["version"]
    if type(version) is not int or version != VERSION:
        return (
            f"version {shown(version)} is not one this wins-md reads (it reads version "
            f"{VERSION}); update wins-md"
        )
    for key, kind, what in (
        ("title", str, "text"),
        ("updated", str, "text"),
        ("wins", list, "a list"),
        ("goals", list, "a list"),
    ):
        if key not in document:
            return f"'{key}' is missing: not a wins.json that 'wins build' wrote"
        if not isinstance(document[key], kind):
            return expected(key, what, document[key])
    return None


def win_problem(win: Any) -> str | None:
    """What is wrong with one win for the team page (None when nothing is): its
    ``date`` text, ``title``, ``tags`` and ``goals`` lists of text, ``fields`` object,
    and ``private``, which a published win has false. The date's value is checked by
    :func:`day_number`."""
    if type(win) is not dict:
        return f"expected an object, got {shown(win)}"
    try:
        date, title, tags = win["date"], win["title"], win["tags"]
        goals, fields, private = win["goals"], win["fields"], win["private"]
    except KeyError as missing:
        return f"'{missing.args[0]}' is missing"
    if type(date) is not str:
        return expected("date", "a date like 2026-11-22", date)
    if type(title) is not str:
        return expected("title", "text", title)
    if type(tags) is not list or (tags and not all(type(tag) is str for tag in tags)):
        return expected("tags", "a list of text", tags)
    if type(goals) is not list or (goals and not all(type(slug) is str for slug in goals)):
        return expected("goals", "a list of text", goals)
    if type(fields) is not dict:
        return expected("fields", "an object", fields)
    if private is not False:
        return "marked private" if private is True else expected("private", "false", private)
    return None


def day_number(text: str) -> int | None:
    """The ordinal of a ``YYYY-MM-DD`` date, None for anything else."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return None
    try:
        return dt.date.fromisoformat(text).toordinal()
    except ValueError:
        return None


def goal_record(goal: Any) -> GoalRecord | str:
    """One goal of ``wins.json`` as the team page reads it, or what is wrong with it."""
    if type(goal) is not dict:
        return f"expected an object, got {shown(goal)}"
    missing = [key for key in GoalRecord.__slots__ if key not in goal]
    if missing:
        return f"'{missing[0]}' is missing"
    slug, title, status = goal["slug"], goal["title"], goal["status"]
    if type(slug) is not str or not slug:
        return expected("slug", "text", slug)
    if type(title) is not str:
        return expected("title", "text", title)
    if status not in STATUSES:
        return expected("status", "one of active, paused, done, dropped", status)
    progress = goal["progress"]
    if not _number(progress) or not 0 <= progress <= 1:
        return expected("progress", "a number from 0 to 1", progress)
    for key in ("done", "total"):
        if type(goal[key]) is not int or goal[key] < 0:
            return expected(key, "a whole number", goal[key])
    if goal["metric"] is not None and type(goal["metric"]) is not str:
        return expected("metric", "text or null", goal["metric"])
    for key in ("value", "target"):
        if goal[key] is not None and not _number(goal[key]):
            return expected(key, "a number or null", goal[key])
    return GoalRecord(
        slug=slug.lower(),
        title=title,
        status=status,
        progress=float(progress),
        done=goal["done"],
        total=goal["total"],
        metric=goal["metric"],
        value=None if goal["value"] is None else float(goal["value"]),
        target=None if goal["target"] is None else float(goal["target"]),
    )


def _number(value: Any) -> bool:
    return type(value) is int or type(value) is float


def expected(key: str, what: str, value: Any) -> str:
    return f"'{key}': expected {what}, got {shown(value)}"


def shown(value: Any) -> str:
    """A value as a message shows it: text quoted, anything else as JSON, cut short."""
    text = repr(value) if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."
