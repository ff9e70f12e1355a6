"""A file body's list items: their status (checkbox or Logseq marker), first paragraph,
line and the headings above them.

The block structure is markdown-it-py's, so nothing inside code, HTML blocks or front
matter counts; :mod:`wins_md.parse.line_scan` gives the same for plain notes,
faster, and a differential test proves they agree.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from wins_md.config import Config
from wins_md.parse.line_scan import RawItem, scan_items

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

_CHECKBOX = re.compile(r"^\[(.)\](?:\s+|$)")
_LOGSEQ = re.compile(r"^(DONE|TODO|LATER|NOW|DOING|WAITING|WAIT|IN-PROGRESS|CANCELED|CANCELLED)\s+")
_LOGSEQ_STATUS = {"DONE": "done", "CANCELED": "cancelled", "CANCELLED": "cancelled"}

Status = Literal["done", "open", "cancelled", "plain"]


@dataclass(slots=True)
class Item:
    """A list item that may be a win, a micro-goal or a milestone."""

    status: Status
    text: str
    line: int
    top_level: bool
    headings: tuple[str, ...]


def list_items(body: str, body_line: int, config: Config) -> list[Item]:
    """Every list item of the body with its status, first paragraph and headings."""
    win_headings = {h.lower() for h in config.win_headings}
    raw = scan_items(body)
    if raw is None:
        raw = markdown_items(body)
    items: list[Item] = []
    for offset, paragraph, top_level, names in raw:
        status, text = _status(paragraph)
        if status == "plain" and not win_headings.intersection(names):
            continue
        items.append(Item(status, text, body_line + offset, top_level, names))
    return items


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
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            level = int(token.tag[1:])
            while headings and headings[-1][0] >= level:
                headings.pop()
            headings.append((level, tokens[index + 1].content.strip().lower()))
        elif token.type == "list_item_open":
            depth += 1
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            if following is None or following.type != "paragraph_open":
                continue
            offset = token.map[0] if token.map else 0
            names = tuple(name for _, name in headings)
            items.append((offset, tokens[index + 2].content, depth == 1, names))
        elif token.type == "list_item_close":
            depth -= 1
    return items


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
