"""Page properties: the ``key:: value`` lines that open a note without front matter,
as Logseq writes a page's properties (``tags:: work``, ``public:: false``) and as
Dataview reads page fields. They are that note's front matter: the same keys mean the
same things (the publishing flags, tags, goals, a date, a goal's settings), so a
Logseq page marked ``private:: true`` is as private as a note with ``private: true``.

Values read as plain YAML values do (``50``, ``true``, ``2026-11-22``); ``tags``,
``goals`` and ``alias`` are lists, written as Logseq writes them:
``tags:: work, [[deep work]], #focus``. Pure.
"""

from __future__ import annotations

import re
from typing import Any

from wins_md.parse.front_matter import FrontMatter
from wins_md.parse.loaders import KeyLines, plain_value

_OPENS_WITH_PROPERTY = re.compile(r"[ \t\r\n]*[A-Za-z][\w.-]*::")
_PROPERTY = re.compile(r"([A-Za-z][\w.-]*)::[ \t]*(.*?)[ \t\r]*")
_LISTS = frozenset(("tags", "goals", "alias", "aliases"))
"""Keys whose value is a list of names, each a word, a ``#tag`` or a ``[[page]]``."""


def with_page_properties(fm: FrontMatter) -> FrontMatter:
    """``fm``, or, for a note without front matter whose body opens with properties,
    front matter made of them (the lines stay in the body, where nothing else reads
    them)."""
    if fm.source or fm.broken or not _OPENS_WITH_PROPERTY.match(fm.body):
        return fm
    meta: dict[str, Any] = {}
    keys: KeyLines = []
    for number, line in enumerate(fm.body.split("\n"), start=fm.body_line):
        if not line.strip():
            if keys:
                break  # a blank line ends the page's first block
            continue
        match = _PROPERTY.fullmatch(line)
        if match is None:
            break
        key, text = match.groups()
        meta[key] = _names(text) if key.lower() in _LISTS else plain_value(text)
        keys.append((key, number))
    if not keys:  # an indented line: a continuation of something else
        return fm
    return FrontMatter(meta, fm.body, fm.body_line, first_line=keys[0][1], keys=keys)


def _names(text: str) -> list[str]:
    """``work, [[deep work]], #focus`` -> ``["work", "deep work", "focus"]``."""
    names = []
    for part in text.split(","):
        name = part.strip().lstrip("#")
        if name.startswith("[[") and name.endswith("]]"):
            name = name[2:-2].strip()
        if name:
            names.append(name)
    return names
