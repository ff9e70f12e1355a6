"""Where ``wins add`` puts a win, found from an entry's lines alone when the entry is
shaped like the day template: ATX headings, list items at the left margin (with
indented lines under them), paragraphs at the margin set apart by blank lines,
``<!-- -->`` comments and blank lines. Anything else (a tab, a quote, a fence, a nested
marker on an item's first line, a paragraph against a list) is declined, and the
caller asks markdown-it. A differential test proves that where
:func:`template_outline` reads, it answers what markdown-it's tokens give, so adding
to such an entry needs no Markdown parser at all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from wins_md.parse.blocks import heading_names

_HEADING = re.compile(r"(#{1,6})(?:[ ]+(.*?))?(?:[ ]+#+)?[ ]*")
_ITEM = re.compile(r"(?:([-*+])|([0-9]{1,9})([.)]))(?:([ ]+)(.*))?")
_EMPTY = re.compile(r"(?:\[.\])?[ ]*")
_RISKY_START = re.compile(r"[#>*+\-`~<|=_]|[0-9]+[.)]|\[[^\]]*\]:")
"""What an item's text may not start with here: it could open another block (a link
reference definition, ``[a]: b``, leaves the item without a paragraph)."""


class Spot(NamedTuple):
    line: int
    """Body line index the new item goes before."""
    prefix: str
    """Indentation and list marker of the new item, e.g. ``- `` or ``  3. ``."""


class _Item(NamedTuple):
    start: int
    end: int
    """One past its last line with text."""
    marker: str
    number: int | None
    empty: bool
    content_column: int


class Outline(NamedTuple):
    """The headings (line, level, text) and left-margin items of an entry."""

    headings: list[tuple[int, int, str]]
    items: list[_Item]
    size: int
    """Its number of lines."""


def template_outline(lines: Sequence[str]) -> Outline | None:
    """The outline of ``lines``, or None when a line is of a kind this does not read
    (ask markdown-it)."""
    found = _outline(lines)
    return Outline(*found, len(lines)) if found is not None else None


def spot_in(outline: Outline, headings: Sequence[str]) -> Spot | None:
    """The spot after the last filled item of the first win heading's section (before
    its first item when all are empty, right after the heading when it has none);
    None when there is no win heading."""
    wanted = heading_names(tuple(headings))
    heads = outline.headings
    found = next(((i, level) for i, level, text in heads if wanted.matches(text)), None)
    if found is None:
        return None
    start, level = found
    end = next((i for i, lvl, _ in heads if i > start and lvl <= level), outline.size)
    section = [item for item in outline.items if start < item.start < end]
    filled = [item for item in section if not item.empty]
    if filled:
        return Spot(filled[-1].end, _prefix(filled[-1], following=True))
    if section:
        return Spot(section[0].start, _prefix(section[0], following=False))
    return Spot(start + 1, "- ")


def _outline(lines: Sequence[str]) -> tuple[list[tuple[int, int, str]], list[_Item]] | None:
    """The headings (line, level, text) and left-margin items of ``lines``, or None
    when a line is of a kind this does not read."""
    heads: list[tuple[int, int, str]] = []
    items: list[_Item] = []
    current: _Item | None = None
    comment = False
    paragraph = False  # the line before was a paragraph's (no blank line since)
    for index, line in enumerate(lines):
        if "\t" in line:
            return None
        if comment:
            comment = "-->" not in line
            continue
        if not line.strip(" "):
            paragraph = False
            continue
        if line.startswith(" "):
            indent = len(line) - len(line.lstrip(" "))
            if paragraph or current is None or indent < current.content_column or current.empty:
                return None
            current = items[-1] = current._replace(end=index + 1)  # current is the last
            continue
        heading = _HEADING.fullmatch(line)
        if heading is not None:  # a heading may end a paragraph
            current, paragraph = None, False
            heads.append((index, len(heading.group(1)), heading.group(2) or ""))
            continue
        if paragraph and not _plain(line):
            return None  # whether it ends the paragraph is markdown-it's to say
        if line.startswith("<!--"):
            current = None
            comment = "-->" not in line[4:]
            continue
        if _plain(line):
            # A paragraph at the margin: after an item with no blank line between, it
            # would continue the item's text.
            if current is not None and not paragraph and index and lines[index - 1].strip(" "):
                return None
            current, paragraph = None, True
            continue
        current = _item(line, index)
        if current is None:
            return None
        items.append(current)
    return (heads, items) if not comment else None


def _plain(line: str) -> bool:
    """True for a line at the margin that can only be a paragraph's: it opens no other
    block (the first character of a list marker, quote, fence, table, rule, heading,
    HTML or link reference definition makes it risky)."""
    return _RISKY_START.match(line) is None


def _item(line: str, index: int) -> _Item | None:
    """The item a left-margin line opens, or None (a paragraph, a rule, a risky text)."""
    match = _ITEM.fullmatch(line)
    if match is None:
        return None
    bullet, digits, delimiter, space, text = match.groups()
    text = text or ""
    if text and (space is None or len(space) > 4 or _RISKY_START.match(text)):
        return None
    marker = bullet or delimiter
    width = len(bullet or digits + delimiter)
    empty = bool(_EMPTY.fullmatch(text))
    column = width + (len(space) if text and space else 1)
    return _Item(index, index + 1, marker, int(digits) if digits else None, empty, column)


def _prefix(item: _Item, following: bool) -> str:
    if item.number is not None:
        return f"{item.number + (1 if following else 0)}{item.marker} "
    return f"{item.marker} "
