"""A file body's list items: their status (checkbox or Logseq marker), first paragraph,
line and the headings above them.

The block structure is markdown-it-py's, so nothing inside code, HTML blocks or front
matter counts; :mod:`wins_md.parse.line_scan` gives the same for plain notes,
faster, and a differential test proves they agree.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal, NamedTuple

from wins_md.config import Config
from wins_md.parse.fences import fence_after
from wins_md.parse.inline import TAG_START, inline_tags
from wins_md.parse.line_scan import RawItem, scan_items

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_CHECKBOX = re.compile(r"^\[(.)\](?:\s+|$)")
_LOGSEQ = re.compile(r"^(DONE|TODO|LATER|NOW|DOING|WAITING|WAIT|IN-PROGRESS|CANCELED|CANCELLED)\s+")
_MAYBE_CHECKBOX = re.compile(r"\[[^\n]\]")
_MAYBE_MARKERS = ("DONE", "TODO", "LATER", "NOW", "DOING", "WAIT", "IN-PROGRESS", "CANCEL")
"""What might be a checkbox or a Logseq marker, anywhere in a text (more than
:data:`_CHECKBOX` and :data:`_LOGSEQ` find: the shortcut must never drop one)."""
_LOGSEQ_STATUS = {"DONE": "done", "CANCELED": "cancelled", "CANCELLED": "cancelled"}

_WORD = re.compile(r"[^\W_]+")
_LIST_ITEM = re.compile(r" {0,3}(?:[-*+]|\d{1,9}[.)])(?:\s|$)")

Status = Literal["done", "open", "cancelled", "plain"]


class Item(NamedTuple):
    """A list item that may be a win, a micro-goal or a milestone."""

    status: Status
    text: str
    line: int
    top_level: bool
    headings: tuple[str, ...]


class HeadingNames:
    """Configured heading names (``win_headings``, ``milestone_headings``). A heading is
    one of them when its words hold the name's words in a row, emoji, punctuation and
    case aside: ``## 🏆 Wins``, ``## Today's wins`` and ``## Wins this week`` are all
    Wins headings; ``## Winsome`` is not."""

    def __init__(self, names: Iterable[str]) -> None:
        self._names = [words for words in map(heading_words, names) if words]
        self._known: dict[str, bool] = {}
        self._first_words = {words[0] for words in self._names}

    def may_appear_in(self, text: str) -> bool:
        """False when no heading of ``text`` can be one of the names (none of their
        first words is in it at all, whatever the case)."""
        if not self._first_words:
            return False
        lowered = text.lower()  # a plain search: far faster than a case-blind pattern
        return any(word in lowered for word in self._first_words)

    def matches(self, heading: str) -> bool:
        """True when ``heading`` (its text, without the ``#`` marks) is one of the names."""
        found = self._known.get(heading)
        if found is None:
            words = heading_words(heading)
            found = self._known[heading] = any(
                words[start : start + len(name)] == name
                for name in self._names
                for start in range(len(words) - len(name) + 1)
            )
        return found

    def any_of(self, headings: Iterable[str]) -> bool:
        """True when one of ``headings`` (those above an item) is one of the names."""
        return any(map(self.matches, headings))


def heading_words(text: str) -> tuple[str, ...]:
    """A heading's words, lower-case, without emoji, punctuation or apostrophes."""
    return tuple(_WORD.findall(text.lower().replace("'", "").replace("\u2019", "")))


@functools.cache
def heading_names(names: tuple[str, ...]) -> HeadingNames:
    """The :class:`HeadingNames` of a setting, made once per process."""
    return HeadingNames(names)


def list_items(body: str, body_line: int, config: Config) -> list[Item]:
    """Every list item of the body with its status, first paragraph and headings."""
    win_headings = heading_names(config.win_headings)
    raw = scan_items(body)
    if raw is None:
        raw = markdown_items(body)
    items: list[Item] = []
    for offset, paragraph, top_level, names in raw:
        status, text = _status(paragraph)
        if status == "plain" and not win_headings.any_of(names):
            continue
        items.append(Item(status, text, body_line + offset, top_level, names))
    return items


def may_hold_items(body: str, config: Config) -> bool:
    """False only when no list item of ``body`` can be a win or a micro-goal: no
    checkbox, no Logseq marker and no Wins heading anywhere in it. Most notes of a
    large vault (clipped articles, reference pages) are such, and need no block parse;
    a differential test proves the shortcut never drops an item."""
    if any(marker in body for marker in _MAYBE_MARKERS):
        return True
    if "]" in body and _MAYBE_CHECKBOX.search(body):
        return True
    return heading_names(config.win_headings).may_appear_in(body)


def note_tags(body: str) -> list[str]:
    """Tags written in the body outside list items and code (a ``#private`` alone on a
    line, a ``#topic`` in a paragraph, a heading or a quote): Obsidian lists them as
    tags of the whole note. Lines indented under a list item belong to the item."""
    if not TAG_START.search(body):
        return []  # no '#' where a tag starts: no tag (headings are '# ' and '##')
    found: dict[str, None] = {}  # ordered, and a look-up per tag (not a scan)
    fence: str | None = None
    for line in body.split("\n"):
        fence, code = fence_after(line, fence)
        if code or "#" not in line or line.startswith(("    ", "\t")):
            continue
        text = line.lstrip(" >")  # quote marks (and more spaces: harmless here)
        head = text[:1]
        if (head in ("-", "*", "+") and text[1:2] in ("", " ", "\t")) or (
            head.isdigit() and _LIST_ITEM.match(text)
        ):
            continue
        found.update(dict.fromkeys(inline_tags(text)))
    return list(found)


@functools.cache
def _markdown() -> MarkdownIt:
    """The block parser, built on first use: notes the fast scanner reads never need it."""
    from markdown_it import MarkdownIt

    # Only the block structure is needed: the inline rules (the costly part) stay off.
    return MarkdownIt("commonmark", {"html": True}).disable("inline")


def markdown_items(body: str) -> list[RawItem]:
    """The list items that start with a paragraph, from markdown-it's block tokens."""
    tokens = _markdown().parse(body)
    headings: list[tuple[int, str]] = []
    depth = 0
    items: list[RawItem] = []
    lines = body.split("\n")  # cheap beside markdown-it's own parse
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            if depth and _empty_bullet_under(token, lines):
                continue  # an empty child bullet, not a heading underline
            level = int(token.tag[1:])
            while headings and headings[-1][0] >= level:
                headings.pop()
            headings.append((level, tokens[index + 1].content.strip().lower()))
        elif token.type == "list_item_open":
            depth += 1
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            if following is None or not (
                following.type == "paragraph_open" or _empty_bullet_under(following, lines)
            ):
                continue
            offset = token.map[0] if token.map else 0
            names = tuple(name for _, name in headings)
            items.append((offset, tokens[index + 2].content, depth == 1, names))
        elif token.type == "list_item_close":
            depth -= 1
    return items


def _empty_bullet_under(token: Token, lines: list[str]) -> bool:
    """True for a setext heading inside a list item whose underline is a lone ``-``.

    In an outliner (Logseq, or Obsidian typed as one) every bullet is a block: ``-``
    alone under an item's text is an empty child bullet, not an ``<h2>`` underline,
    so the item keeps its text (and its status) and no heading is made of it.
    """
    if token.type != "heading_open" or token.markup != "-" or not token.map:
        return False
    underline = token.map[1] - 1
    return 0 <= underline < len(lines) and lines[underline].strip() == "-"


def _status(text: str) -> tuple[Status, str]:
    text = text.replace("\u00a0", " ")
    match = _CHECKBOX.match(text)
    if match:
        mark = match.group(1)
        status: Status = "done" if mark in "xX" else "cancelled" if mark == "-" else "open"
        return status, text[match.end() :]
    match = _LOGSEQ.match(text)
    if match:
        return _LOGSEQ_STATUS.get(match.group(1), "open"), text[match.end() :]  # type: ignore[return-value]
    return "plain", text
