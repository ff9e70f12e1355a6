"""The inline syntax of one win's text: tags, goal links, fields, done dates, block ids.
Block metadata (Logseq's drawers, planning lines, priorities, properties, macros) is
taken out first by :mod:`wins_md.parse.block_meta`.

Pure string work on the text of a single list item; the block structure around
it is read from markdown-it tokens in :mod:`wins_md.parse.entry`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import sys
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from wins_md.model import FieldValue
from wins_md.parse.block_meta import split_block_meta
from wins_md.parse.day_names import read_day

_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)
_WIKILINK = re.compile(r"!?\[\[([^\[\]|#]*)(#[^\[\]|]*)?(?:\|([^\[\]]*))?\]\]")
_BRACKET_FIELD = re.compile(r"\[([^\[\]()]+?)::[ \t]*((?:\[\[[^\[\]]*\]\]|[^\[\]])*?)\s*\](?!\()")
_PAREN_FIELD = re.compile(r"\(([^()\[\]]+?)::[ \t]*([^()]*?)\s*\)")
_PLAIN_FIELD = re.compile(r"(?:^|(?<=\s))([\w][\w-]*)::[ \t]*(\[\[[^\]]*\]\]|[^\s\[\]()]+)?")
_TAG_MARK = r"#(?<![^\s(\[]#)(?<!\]\(#)"
"""A tag's ``#`` and what may stand before it: the start, a space, or an opening
parenthesis or bracket (``(#private)``, ``[#private]``), but not a link's ``](``
(``[plan](#heading)`` links to a heading). The checks look back from after the ``#``,
so that a search skips to each ``#`` at once instead of trying every position."""
_TAG = re.compile(_TAG_MARK + r"([\w/-]+)")
TAG_START = re.compile(_TAG_MARK + r"[\w/-]")
"""Where a tag may start: a text without a match holds no tag."""
_BLOCK_ID = re.compile(r"(?:^|\s)\^([A-Za-z0-9-]+)\s*$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Tasks plugin emoji and the Dataview field names the plugin uses for them.
_TASKS_DATES = {
    "✅": "completion",
    "📅": "due",
    "⏳": "scheduled",
    "🛫": "start",
    "➕": "created",
    "❌": "cancelled",
}
_TASKS_PRIORITY = {"🔺": "highest", "⏫": "high", "🔼": "medium", "🔽": "low", "⏬": "lowest"}
_TASKS_DATE = re.compile("(" + "|".join(_TASKS_DATES) + r")\s*(\d{4}-\d{2}-\d{2})?")
_TASKS_OTHER = re.compile(r"(🔁|🆔|⛔)\s*([^✅📅⏳🛫➕❌🔺⏫🔼🔽⏬🔁🆔⛔]*)")
_PRIORITY = re.compile("|".join(_TASKS_PRIORITY))
_TRAILING_META = re.compile(r"(?:(?:^|\s+)(?:#[\w/-]+|!?\[\[[^\[\]]*\]\]))+\s*$")
_SPACES = re.compile(r"\s+")
_OTHER_KEYS = {"🔁": "repeat", "🆔": "task-id", "⛔": "depends-on"}
DONE_KEYS = ("completion", "done", "completed")
"""Fields that give a done date: the Tasks plugin's and Dataview's, and the
``completed::`` property of a Logseq block (``[[Dec 2nd, 2026]]``)."""
GOAL_KEYS = ("goal", "goals")
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
_DAY_LINK = re.compile(
    r"\d{4}[-_]\d{2}[-_]\d{2}"
    rf"|(?i:(?:{_MONTHS})[a-z]*\.? \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}})"
)


@dataclass(slots=True)
class InlineMeta:
    """What the inline syntax of one text says."""

    text: str
    title: str = ""
    tags: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    """Lower-case note targets of ``[[links]]`` and ``goal::`` fields (goal candidates);
    links to a day (``[[2026-03-02]]``, ``[[Feb 13th, 2023]]``) are never goals."""
    said_goals: list[str] = field(default_factory=list)
    """The slugs of ``goal::`` fields: where the text says it serves a goal."""
    fields: dict[str, FieldValue] = field(default_factory=dict)
    id: str | None = None
    follows: list[str] = field(default_factory=list)
    done: dt.date | None = None
    problems: list[str] = field(default_factory=list)
    """Messages about this text (a done date that is not a real date, ...)."""


def normalize(text: str) -> str:
    """Drop emoji variation selectors, turn non-breaking spaces into spaces, join lines."""
    return _SPACES.sub(" ", text.replace("\ufe0f", "").replace("\u00a0", " ")).strip()


def field_key(key: str) -> str:
    """Dataview compares keys lower-case, with spaces as dashes (one copy of each key for
    the whole vault: a large vault repeats a few keys hundreds of thousands of times)."""
    return sys.intern("-".join(key.strip().lower().split()))


def field_value(value: str) -> FieldValue:
    """Numbers become numbers (they act as metrics); everything else stays text."""
    value = value.strip()
    if not _NUMBER.match(value):
        return value
    try:
        number = float(value) if "." in value else int(value)
        in_range = math.isfinite(float(number))
    except (ValueError, OverflowError):
        # Python refuses to read ints of over 4300 digits; past a float's range a number
        # cannot act as a metric (sums and progress are floats), so it stays text.
        return value
    return number if in_range else value


_ALIAS_OR_HEADING = re.compile(r"[|#]")


def slug_of(target: str) -> str:
    """The goal slug a link target names: its last path part, lower-case, no ``.md``. A
    whole link (``[[goals/run-5k|Running]]``, as Obsidian's Properties write a link in
    front matter) names the note it links to."""
    target = target.strip()
    if target.startswith("[[") and target.endswith("]]"):
        target = _ALIAS_OR_HEADING.split(target[2:-2], maxsplit=1)[0]
    name = target.strip().replace("\\", "/").rsplit("/", 1)[-1]
    if name.lower().endswith(".md"):
        name = name[:-3]
    return sys.intern(name.strip().lower())  # one copy of each slug, as for field keys


def tag_matches(tag: str, names: Iterable[str]) -> bool:
    """True when ``tag`` is one of ``names`` (lower-case) or below one (``area/sub``)."""
    lowered = tag.lower()
    return any(lowered == name or lowered.startswith(name + "/") for name in names)


_MARKS = ("#", "[[", "::", "`", "^", "==", "{{", "SCHEDULED:", "DEADLINE:", ":END:")
"""What every inline syntax and block metadata needs: a text of ASCII without any of
these (and so without emoji) is its own title, with nothing else to read."""


def parse_inline(raw: str) -> InlineMeta:
    """Read tags, links, fields, Tasks emoji, the block id and the title from a win's text."""
    if raw.isascii() and not any(mark in raw for mark in _MARKS):
        text = normalize(raw)
        return InlineMeta(text=text, title=text)
    return read_inline(raw)


def read_inline(raw: str) -> InlineMeta:
    """:func:`parse_inline` without its shortcut for plain text: every pattern tried."""
    raw, block_fields = split_block_meta(raw)
    text = normalize(raw)
    meta = InlineMeta(text=text)
    for key, value in block_fields:
        _add_field(meta, key, value)
    # Each pattern below needs a character the text may not have at all (``[[``, ``::``,
    # ``#``, ``^``, an emoji): testing for it first skips most regex work on most wins.
    scan = _CODE_SPAN.sub(_blank, text) if "`" in text else text
    links = "[[" in scan

    if links:
        for match in _WIKILINK.finditer(scan):
            note, subpath = match.group(1).strip(), (match.group(2) or "")
            if match.group(0).startswith("!"):
                continue  # ![[embed]] shows a note or a file: neither a goal nor a chain
            if subpath.startswith("#^"):
                meta.follows.append(subpath[2:].strip())
            elif note and not is_day_link(note):
                meta.links.append(slug_of(note))
    unfielded = scan
    if "::" in scan:
        for pattern, opening in ((_BRACKET_FIELD, "["), (_PAREN_FIELD, "(")):
            if opening not in unfielded:
                continue
            for match in pattern.finditer(unfielded):
                _add_field(meta, match.group(1), match.group(2))
            unfielded = pattern.sub(_blank, unfielded)
        for match in _PLAIN_FIELD.finditer(unfielded):
            _add_field(meta, match.group(1), match.group(2) or "")
    if not scan.isascii():
        _read_tasks_emoji(meta, scan)

    if "#" in unfielded:
        plain = _WIKILINK.sub(_blank, unfielded) if links else unfielded
        meta.tags = [tag for tag in _TAG.findall(plain) if not tag.isdigit()]
    if "^" in scan:
        id_match = _BLOCK_ID.search(scan)
        if id_match:
            meta.id = id_match.group(1)
    meta.done = _done_date(meta)
    title = make_title(text)
    meta.title = text if not title or title == text else title  # one string when equal
    return meta


def is_day_link(target: str) -> bool:
    """True for a link to a journal day: ``2026-03-02``, ``2026_03_02`` or Logseq's
    ``Feb 13th, 2023``."""
    return _DAY_LINK.fullmatch(target.strip()) is not None


def inline_tags(text: str) -> list[str]:
    """The tags of a line of text (Obsidian's rules: not inside code or a link, not all
    digits), without ``#``."""
    scan = _CODE_SPAN.sub(_blank, text) if "`" in text else text
    if "[[" in scan:
        scan = _WIKILINK.sub(_blank, scan)
    return [tag for tag in _TAG.findall(scan) if not tag.isdigit()]


def drop_block_links(text: str, ids: AbstractSet[str]) -> str:
    """``text`` without its links to the blocks ``ids`` (``[[note#^id]]``, ``[[#^id]]``,
    embeds): a link's alias stays, as plain text."""

    def replace(match: re.Match[str]) -> str:
        subpath = match.group(2) or ""
        if not (subpath.startswith("#^") and subpath[2:].strip() in ids):
            return match.group(0)
        alias = match.group(3)
        return "" if alias is None or match.group(0).startswith("!") else alias.strip()

    return normalize(_WIKILINK.sub(replace, text)) if "#^" in text else text


def _blank(match: re.Match[str]) -> str:
    """Mask a match with spaces, keeping every other offset in place."""
    return " " * len(match.group(0))


def _add_field(meta: InlineMeta, raw_key: str, raw_value: str) -> None:
    key = field_key(raw_key)
    if not key:
        return
    if key in GOAL_KEYS:
        for part in raw_value.split(","):
            target = part.strip().strip("[]").split("|", 1)[0].strip()
            if target:
                meta.links.append(slug_of(target))
                meta.said_goals.append(slug_of(target))
    meta.fields[key] = field_value(raw_value)


def _read_tasks_emoji(meta: InlineMeta, scan: str) -> None:
    for match in _TASKS_DATE.finditer(scan):
        if match.group(2):
            meta.fields.setdefault(_TASKS_DATES[match.group(1)], match.group(2))
    for match in _TASKS_OTHER.finditer(scan):
        value = match.group(2).strip()
        if value:
            meta.fields.setdefault(_OTHER_KEYS[match.group(1)], value)
    priority = _PRIORITY.search(scan)
    if priority:
        meta.fields.setdefault("priority", _TASKS_PRIORITY[priority.group(0)])


def _done_date(meta: InlineMeta) -> dt.date | None:
    if not meta.fields:
        return None
    for key in DONE_KEYS:
        value = meta.fields.get(key)
        if key == "completed" and isinstance(value, str):
            day, written = read_day(value)
            if day is not None:
                return day
            if written:
                meta.problems.append(f"the done date '{value}' is not a real date")
        elif isinstance(value, str) and _ISO_DATE.match(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                meta.problems.append(f"the done date '{value}' is not a real date")
    return None


def make_title(text: str) -> str:
    """The text a reader wants: no fields, Tasks emoji, block id, trailing tags or links."""
    title = text
    # As in parse_inline, skip the patterns whose marker characters are absent.
    if "#^" in title:
        title = _WIKILINK_BLOCKREF.sub("", title)
    if "::" in title:
        title = _BRACKET_FIELD.sub("", title) if "[" in title else title
        title = _PAREN_FIELD.sub("", title) if "(" in title else title
        title = _PLAIN_FIELD.sub("", title)
    if not title.isascii():
        title = _TASKS_DATE.sub("", title)
        title = _TASKS_OTHER.sub("", title)
        title = _PRIORITY.sub("", title)
    if "^" in title:
        title = _BLOCK_ID.sub("", title)
    if "#" in title or "[[" in title:
        title = _TRAILING_META.sub("", title)
    if "[[" in title:
        title = _WIKILINK.sub(lambda m: (m.group(3) or m.group(1)).strip(), title)
    if "==" in title:
        title = _HIGHLIGHT.sub(r"\1", title)  # Obsidian's ==highlight==, shown as its text
    return _SPACES.sub(" ", title).strip()


_HIGHLIGHT = re.compile(r"==(?=\S)(.+?)(?<=\S)==")
_WIKILINK_BLOCKREF = re.compile(r"!?\[\[[^\[\]|#]*#\^[^\[\]]*\]\]")
