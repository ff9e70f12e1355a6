"""A fast reader for the block structure of plain notes, giving what markdown-it would.

Most daily notes are headings, flat ``- item`` lists, paragraphs and the odd fenced
code block. For those, a line scanner finds the list items (their first
paragraph, line and headings) far faster than building markdown-it's token
stream. Block quotes and callouts (``> - [x] ...``, ``> > ...``) are read the same
way once their ``>`` marks are taken off, as CommonMark does, line by line; an HTML
comment block (``<!--`` at the start of a line, as the day template has) is skipped to
the line that closes it. Anything it does not fully understand (indented lines,
nested lists, a quote's lazy continuation lines, code inside a quote, other HTML,
ordered lists, tabs, link reference
definitions, thematic breaks other than ``---`` ...) makes :func:`scan_items` return
None, and the caller parses the note with markdown-it as before.
``tests/test_simple_blocks.py`` checks the two agree, rule by rule and on generated
documents.
"""

from __future__ import annotations

import re

# markdown-it's mdTrim set (what JavaScript's String.trim removes, minus U+FEFF).
# Copied rather than imported so a note read from the cache never imports markdown-it.
_TRIM = "".join(
    chr(code)
    for code in sorted(
        {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0x1680, 0x202F, 0x205F, 0x3000}
        | set(range(0x2000, 0x200B))
        | {0x2028, 0x2029}
    )
)
# Characters that may open something other than a paragraph at the start of a line
# (or of a list item's content): indentation, quotes, lists, breaks, fences, HTML.
_BLOCK_START = frozenset(" >-*+_=`~<")
_ORDERED = re.compile(r"\d{1,9}[.)](?: |$)")
_HEADING = re.compile(r"(#{1,6})(?: |$)")
_GIVE_UP = ("\t", "\r", "\0", "]:")
_MAX_QUOTES = 8
"""Quotes nested deeper are left to markdown-it, which stops reading blocks nested 20
deep (a quote, a list and its item each count one)."""

RawItem = tuple[int, str, bool, tuple[str, ...]]
"""A list item: its 0-based line in the body, its first paragraph's text, whether it
is a top-level item, and the lower-cased names of the headings it sits under."""


def scan_items(body: str) -> list[RawItem] | None:
    """The list items of ``body``, or None when it needs the full Markdown parser.

    Every item is a top-level bullet item whose content starts with a paragraph.
    """
    if any(mark in body for mark in _GIVE_UP):
        return None
    return _Scanner(body.split("\n")).run()


class _Scanner:
    """One pass over the lines; ``None`` from :meth:`run` means "not a plain note"."""

    __slots__ = ("depth", "headings", "item", "item_line", "items", "lines", "paragraph")

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.items: list[RawItem] = []
        self.headings: list[tuple[int, str]] = []
        self.paragraph: list[str] | None = None
        """Lines of the open top-level paragraph (a setext underline makes it a heading)."""
        self.item: list[str] | None = None
        """Lines of the open list item's paragraph (lazy continuation lines included)."""
        self.item_line = 0
        self.depth = 0
        """How many block quotes the previous line was in."""

    def run(self) -> list[RawItem] | None:
        lines = self.lines
        index, count = 0, len(lines)
        while index < count:
            line = lines[index]
            if line[:1] == ">" or self.depth:
                unquoted = self._unquote(line)
                if unquoted is None:
                    return None
                line = unquoted
            if not line.strip(" "):
                self._end_blocks()
                index += 1
                continue
            first = line[0]
            if first == "#" and _HEADING.match(line):
                if not self._atx_heading(line):
                    return None
            elif first in "-*+" and line[1:2] == " " and line[2:3] not in ("", " "):
                if not self._list_item(index, line[2:]):
                    return None
            elif self.paragraph is None and line.rstrip(" ") in ("-", "*", "+"):
                self._end_blocks()  # an empty item (the day template's prompt): no text
            elif first in "-=" and not line.rstrip(" ").strip(first):
                if not self._underline_or_break(line.rstrip(" "), first):
                    return None
            elif first in "`~" and line.startswith(first * 3):
                if self.depth or (first == "`" and "`" in line.lstrip("`")):
                    return None  # code in a quote, or inline code starting a line
                self._end_blocks()
                index = self._skip_fence(index, line)
                continue
            elif first == "<" and line.startswith("<!--"):
                if self.depth:
                    return None  # a comment in a quote: left to markdown-it
                self._end_blocks()  # an HTML comment block interrupts a paragraph
                index = self._skip_comment(index, line)
                continue
            elif first in _BLOCK_START or (first.isdigit() and _ORDERED.match(line)):
                return None
            elif self.item is not None:
                self.item.append(line)  # a lazy continuation of the item's paragraph
            elif self.paragraph is not None:
                self.paragraph.append(line)
            else:
                self.paragraph = [line]
            index += 1
        self._end_blocks()
        return self.items

    def _unquote(self, line: str) -> str | None:
        """The line without its quote marks (``>`` and one space after each); None when
        what it continues is unclear (a lazy continuation line of a quoted paragraph).

        A quote opening (more marks than the line before) interrupts the open paragraph
        or item; one closing on a blank line ends them; a line with fewer marks that is
        not blank would continue a quoted paragraph lazily, so is left to markdown-it.
        """
        depth = 0
        while line[:1] == ">":
            depth += 1
            line = line[2:] if line[1:2] == " " else line[1:]
        if depth > _MAX_QUOTES:
            return None
        if depth != self.depth:
            lazy = self.item is not None or self.paragraph is not None
            if depth < self.depth and lazy and line.strip(" "):
                return None
            self._end_blocks()
            self.depth = depth
        return line

    def _end_blocks(self) -> None:
        """A blank line (or a new block) ends the open paragraph and list item."""
        if self.item is not None:
            text = "\n".join(self.item).strip(_TRIM)
            self.items.append((self.item_line, text, True, self._names()))
            self.item = None
        self.paragraph = None

    def _names(self) -> tuple[str, ...]:
        return tuple(name for _, name in self.headings)

    def _push_heading(self, level: int, content: str) -> None:
        while self.headings and self.headings[-1][0] >= level:
            self.headings.pop()
        self.headings.append((level, content.strip(_TRIM).strip().lower()))

    def _atx_heading(self, line: str) -> bool:
        hashes = len(line) - len(line.lstrip("#"))
        content = line[hashes:]
        if content.rstrip(" ").endswith("#"):
            return False  # a closing '##' sequence: leave it to markdown-it
        self._end_blocks()
        self._push_heading(hashes, content)
        return True

    def _list_item(self, index: int, content: str) -> bool:
        first = content[0]
        if first in _BLOCK_START or (first == "#" and _HEADING.match(content)):
            return False
        if first.isdigit() and _ORDERED.match(content):
            return False
        self._end_blocks()
        self.item = [content]
        self.item_line = index
        return True

    def _underline_or_break(self, marks: str, mark: str) -> bool:
        """``===`` / ``---`` under a paragraph make it a heading; ``---`` alone is a break."""
        if self.paragraph is not None:
            self._push_heading(1 if mark == "=" else 2, "\n".join(self.paragraph))
            self.paragraph = None
            return True
        if mark == "-" and len(marks) >= 3:
            self._end_blocks()
            return True
        return False

    def _skip_comment(self, index: int, line: str) -> int:
        """The index of the line after the HTML comment block opened at ``index``: the
        line holding ``-->`` ends it (the end of the note when none does)."""
        if "-->" in line[4:]:
            return index + 1
        lines = self.lines
        return next((close + 1 for close in range(index + 1, len(lines)) if "-->" in lines[close]),
                    len(lines))  # fmt: skip

    def _skip_fence(self, index: int, line: str) -> int:
        """The index of the line after the fence opened at ``index`` (its end when unclosed)."""
        mark = line[0]
        size = len(line) - len(line.lstrip(mark))
        lines = self.lines
        for close in range(index + 1, len(lines)):
            candidate = lines[close]
            stripped = candidate.lstrip(" ")
            if len(candidate) - len(stripped) > 3 or not stripped.startswith(mark):
                continue
            rest = stripped.lstrip(mark)
            if len(stripped) - len(rest) >= size and not rest.strip(" "):
                return close + 1
        return len(lines)
