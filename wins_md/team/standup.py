"""The stand-up: which of a day's wins a person shares with their team, and the words
``wins standup`` prints to paste into a chat.

A win is shared with the tag ``#standup`` (any case) or the field ``share:: team``;
both travel in ``wins.json`` (``tags``, ``fields``), so the team page reads the same
rule from what was published. With none shared that day, the newest win stands in:
the last of the day in ``wins.json``'s order (date, file, line).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Literal, TypeVar

if TYPE_CHECKING:
    from markdown_it.token import Token

T = TypeVar("T")
SHARE_TAG = "standup"
SHARE_FIELD = ("share", "team")
Format = Literal["text", "markdown", "slack"]
FORMATS: tuple[Format, ...] = ("text", "markdown", "slack")
_BULLET = {"text": "- ", "markdown": "- ", "slack": "• "}
_SLACK_MARKS = {"em": "_", "strong": "*", "s": "~"}
_SLACK_LINKS = ("http://", "https://", "mailto:")


def is_shared(tags: Sequence[str], fields: Mapping[str, object]) -> bool:
    """True for a win tagged ``#standup`` or carrying ``share:: team`` (any case)."""
    for tag in tags:
        if tag.lower() == SHARE_TAG:
            return True
    value = fields.get(SHARE_FIELD[0])
    return isinstance(value, str) and value.lower() == SHARE_FIELD[1]


def choose(wins: Sequence[T], shared: Sequence[bool]) -> tuple[tuple[T, ...], bool]:
    """The stand-up of a day's wins (oldest first): those shared, else the newest
    alone; and whether they were shared."""
    chosen = tuple(win for win, flag in zip(wins, shared, strict=True) if flag)
    if chosen:
        return chosen, True
    return (tuple(wins[-1:]), False)


def standup_text(titles: Sequence[str], day: dt.date, today: dt.date, fmt: Format) -> str:
    """The stand-up of ``day`` as a chat message: one line for one win, a heading and a
    line per win for several. Titles are Markdown: ``markdown`` keeps them as written,
    ``text`` shows their words (a link as ``words (address)``), and ``slack`` writes
    Slack's own markup (``*bold*``, ``<address|words>``, ``&``, ``<`` and ``>``
    escaped)."""
    label = {0: "Today", 1: "Yesterday"}.get(today.toordinal() - day.toordinal())
    mark = {"markdown": "**", "slack": "*"}.get(fmt, "")
    head = f"{mark}{label or day.isoformat()}{mark}"
    if label:
        head += f" ({day.isoformat()})"
    lines = [title if fmt == "markdown" else _converted(title, fmt) for title in titles]
    if len(lines) == 1:
        return f"{head}: {lines[0]}"
    return f"{head}:" + "".join(f"\n{_BULLET[fmt]}{line}" for line in lines)


def _converted(title: str, fmt: Format) -> str:
    """A Markdown title as plain text or Slack markup, from markdown-it's tokens."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": False}).enable("strikethrough")
    tokens = parser.parseInline(title)[0].children or []
    return "".join(_pieces(tokens, fmt == "slack")).strip()


def _pieces(tokens: Sequence[Token], slack: bool) -> list[str]:
    escape = _slack_escape if slack else str
    pieces: list[str] = []
    links: list[str] = []  # the address of each open link
    for token in tokens:
        kind = token.type
        if kind == "text":
            pieces.append(escape(token.content))
        elif kind == "code_inline":
            pieces.append(f"`{token.content}`" if slack else token.content)
        elif kind in ("softbreak", "hardbreak"):
            pieces.append(" ")
        elif kind == "link_open":
            href = str(token.attrs.get("href", ""))
            links.append(href)
            if slack and href.lower().startswith(_SLACK_LINKS):
                pieces.append(f"<{_slack_escape(href)}|")
        elif kind == "link_close":
            href = links.pop() if links else ""
            if slack and href and href.lower().startswith(_SLACK_LINKS):
                pieces.append(">")
            elif not slack and href:
                pieces.append(f" ({href})")
        elif kind.endswith(("_open", "_close")) and slack:
            pieces.append(_SLACK_MARKS.get(kind.rsplit("_", 1)[0], ""))
        elif not kind.endswith(("_open", "_close")):
            pieces.append(escape(token.content))
    return pieces


def _slack_escape(text: str) -> str:
    """Slack's three escapes: ``&``, ``<`` and ``>`` are markup in a message."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
