"""Adding one win to a Markdown file's text without changing any other byte. Pure.

Where the line goes comes from markdown-it tokens (so a ``## Wins`` inside a code
block is not taken for the heading): after the last filled item of the first
top-level list under the first win heading, in that list's marker and indentation;
before a trailing empty item (the template's ``- `` prompt); right after the
heading when its section has no list; or in a new ``## Wins`` section at the end
of the file. Each place is tried in turn and kept only if the file, parsed again,
holds every win it held before plus exactly the new one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from wins_md.capture.outline import Spot, spot_in, template_outline
from wins_md.config import Config
from wins_md.errors import WinsError
from wins_md.model import Entry, MicroGoal, Win
from wins_md.parse import front_matter as fmr
from wins_md.parse.blocks import heading_names
from wins_md.parse.entry import parse_text
from wins_md.parse.inline import normalize

if TYPE_CHECKING:
    from markdown_it.token import Token

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_EMPTY_ITEM = re.compile(r"^\[.\]$")
_INDENT = re.compile(r"^[ \t]*")
_BOM = "\ufeff"
_TARGET = object()


def line_ending(text: str) -> str:
    """The file's line ending: that of its first line, ``\\n`` when it has none."""
    match = _LINE_BREAK.search(text)
    return match.group(0) if match else "\n"


def insert_win(text: str, win_text: str, file: str, config: Config) -> str:
    """``text`` with ``- [x] win_text`` added under its win heading.

    ``win_text`` must be one line. Raises ``WinsError`` when no place keeps every
    other win of the file as it was (say, the file ends inside an open code block).
    """
    before, _ = parse_text(text, file, config)
    for offset, chunk in _candidates(text, win_text, config.win_headings):
        candidate = text[:offset] + chunk + text[offset:]
        after, _ = parse_text(candidate, file, config)
        if _only_added(before, after, normalize(win_text)):
            return candidate
    raise WinsError(
        f"{file}: cannot add the win without changing the rest of the file "
        "(does it end inside an open code block or HTML comment?); "
        "add it by hand"
    )


def append_block(text: str, win_text: str, file: str, config: Config) -> str:
    """``text`` (a Logseq page) with a top-level ``- DONE win_text`` block added at its
    end, as Logseq adds a block; the same check as :func:`insert_win` that nothing else
    of the page changed."""
    eol = line_ending(text)
    block = f"- DONE {win_text}"
    body = text.removeprefix(_BOM)
    if not body.strip():
        candidate = text[: len(text) - len(body)] + block + eol
    else:
        candidate = text + ("" if text.endswith(("\n", "\r")) else eol) + block + eol
    before, _ = parse_text(text, file, config)
    after, _ = parse_text(candidate, file, config)
    if not _only_added(before, after, normalize(win_text)):
        raise WinsError(
            f"{file}: cannot add the block without changing the rest of the page "
            "(does it end inside an open code block or comment?); add it by hand"
        )
    return candidate


def add_block_id(text: str, line: int, block_id: str, file: str, config: Config) -> str:
    """``text`` with `` ^block_id`` at the end of its line ``line`` (1-based), which
    must hold a win without an id; raises ``WinsError`` unless the file, parsed again,
    holds the same wins with only that one's id given."""
    lines = text.splitlines(keepends=True)
    body = lines[line - 1].rstrip("\r\n") if 0 < line <= len(lines) else ""
    if body:
        lines[line - 1] = f"{body} ^{block_id}" + lines[line - 1][len(body) :]
    candidate = "".join(lines)
    before, _ = parse_text(text, file, config)
    after, _ = parse_text(candidate, file, config)

    def keys(entry: Entry) -> list[tuple[object, ...]]:
        return [
            (_TARGET, w.title, w.date, w.tags, w.goals, w.id) if w.line == line else _win_key(w)
            for w in entry.wins
        ]

    old, new = keys(before), keys(after)
    wanted = [(*key[:-1], block_id) if key[0] is _TARGET else key for key in old]
    if not body or (_TARGET, None) not in {(k[0], k[-1]) for k in old} or new != wanted:
        raise WinsError(
            f"{file}:{line}: cannot give this win the id ^{block_id} without changing "
            f"the rest of the file; add ' ^{block_id}' at the end of its line by hand"
        )
    return candidate


def _candidates(text: str, win_text: str, headings: Sequence[str]) -> Iterator[tuple[int, str]]:
    """``(offset, chunk)`` pairs, best first: insert ``chunk`` at ``offset`` of ``text``."""
    eol = line_ending(text)
    body_offset = len(text) - len(fmr.split_front_matter(text.removeprefix(_BOM)).body)
    body = text[body_offset:]
    starts = [0, *(m.end() for m in _LINE_BREAK.finditer(body))]
    ends = [*starts[1:], len(body)]
    lines = [body[a:b].rstrip("\r\n") for a, b in zip(starts, ends, strict=True)]
    outline = template_outline(lines)  # None: not shaped like the day template
    spot = (
        spot_in(outline, headings) if outline is not None else markdown_spot(body, lines, headings)
    )
    if spot is not None:
        item = f"{spot.prefix}[x] {win_text}"
        offset = body_offset + (starts[spot.line] if spot.line < len(starts) else len(body))
        if offset == len(text) and text and not text.endswith(("\n", "\r")):
            yield offset, eol + item
        else:
            yield offset, item + eol
            if spot.line < len(lines) and lines[spot.line].strip():
                yield offset, item + eol + eol  # a blank line ends a lazy paragraph
    heading = headings[0] if headings else "Wins"
    yield len(text), _new_section(text, lines, eol, heading, win_text)


def _new_section(text: str, lines: list[str], eol: str, heading: str, win_text: str) -> str:
    """A ``## Wins`` section with the item, to append at the end of ``text``."""
    body = f"## {heading}{eol}{eol}- [x] {win_text}"
    if not text.removeprefix(_BOM):
        return body + eol
    if not text.endswith(("\n", "\r")):  # keep the file's missing final newline
        return eol + eol + body
    separator = eol if lines and lines[-1] == "" and len(lines) > 1 and lines[-2].strip() else ""
    return separator + body + eol


def markdown_spot(body: str, lines: list[str], headings: Sequence[str]) -> Spot | None:
    """Where the new item goes, from markdown-it's tokens of ``body``."""
    from markdown_it import MarkdownIt  # only for entries template_spot declines

    tokens = MarkdownIt("commonmark", {"html": True}).disable("inline").parse(body)
    return _find_spot(tokens, lines, headings)


def _find_spot(tokens: list[Token], lines: list[str], headings: Sequence[str]) -> Spot | None:
    """Where the new item goes in the section of the first top-level win heading."""
    wanted = heading_names(tuple(headings))
    start = next(
        (
            i
            for i, token in enumerate(tokens)
            if token.type == "heading_open"
            and token.level == 0
            and wanted.matches(tokens[i + 1].content)
        ),
        None,
    )
    if start is None:
        return None
    level = int(tokens[start].tag[1:])
    end = next(
        (
            i
            for i in range(start + 1, len(tokens))
            if tokens[i].type == "heading_open"
            and tokens[i].level == 0
            and int(tokens[i].tag[1:]) <= level
        ),
        len(tokens),
    )
    items = [
        i for i in range(start, end) if tokens[i].type == "list_item_open" and tokens[i].level == 1
    ]
    filled = [i for i in items if not _is_empty(tokens, i)]
    if filled:
        token = tokens[filled[-1]]
        assert token.map is not None
        last = token.map[1]
        while last > token.map[0] + 1 and not lines[last - 1].strip():
            last -= 1
        return Spot(last, _prefix(token, lines, following=True))
    if items:
        token = tokens[items[0]]
        assert token.map is not None
        return Spot(token.map[0], _prefix(token, lines, following=False))
    heading_map = tokens[start].map
    assert heading_map is not None
    return Spot(heading_map[1], "- ")


def _is_empty(tokens: list[Token], index: int) -> bool:
    """An item with no text, or only a checkbox: a prompt still to be filled in."""
    following = tokens[index + 1]
    if following.type == "list_item_close":
        return True
    return following.type == "paragraph_open" and bool(
        _EMPTY_ITEM.match(tokens[index + 2].content.strip())
    )


def _prefix(item: Token, lines: list[str], following: bool) -> str:
    """The marker that continues ``item``'s list, with its indentation."""
    assert item.map is not None
    indent_match = _INDENT.match(lines[item.map[0]])
    indent = indent_match.group(0) if indent_match else ""
    if item.info.isdigit():  # an ordered list: 1. or 1)
        number = int(item.info) + (1 if following else 0)
        return f"{indent}{number}{item.markup} "
    return f"{indent}{item.markup} "


def _only_added(before: Entry, after: Entry, expected: str) -> bool:
    """True when ``after`` holds what ``before`` held plus one win reading ``expected``."""
    same = (
        before.meta == after.meta
        and before.private == after.private
        and before.date == after.date
        and before.tags == after.tags
        and before.goals == after.goals
        and [_micro_key(m) for m in before.micro_goals]
        == [_micro_key(m) for m in after.micro_goals]
    )
    if not same or len(after.wins) != len(before.wins) + 1:
        return False
    old = [_win_key(win) for win in before.wins]
    new = [_win_key(win) for win in after.wins]
    return any(
        win.text == expected and new[:i] + new[i + 1 :] == old for i, win in enumerate(after.wins)
    )


def _win_key(win: Win) -> tuple[object, ...]:
    return (
        win.text,
        win.date,
        win.tags,
        win.goals,
        win.id,
        win.follows,
        win.private,
        win.setback,
        tuple(sorted(win.fields.items())),
    )


def _micro_key(goal: MicroGoal) -> tuple[object, ...]:
    return (goal.text, goal.status, goal.date, goal.tags, goal.goals)
