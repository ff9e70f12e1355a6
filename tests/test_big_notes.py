"""A huge note of block-quoted tasks is read whole, by the fast scanner.

Such a note (``> - [x] ...`` a hundred thousand times, as an export or a script
writes it) once went through markdown-it, whose block quote and list rules take
tens of microseconds and a dozen objects per line: a 10 MB note took minutes and
over a gigabyte. The time itself is measured by ``benchmarks/big_note.py``; here
the wins must all be there, on the right lines, and the scanner (not markdown-it)
must have read them.
"""

from __future__ import annotations

import pytest

from wins_md.config import Config
from wins_md.parse.blocks import markdown_items
from wins_md.parse.entry import parse_text
from wins_md.parse.line_scan import scan_items

SIZE = 1_000_000
"""Characters: about 32,000 quoted wins."""


def quoted_note(line: str, size: int = SIZE, head: str = "") -> tuple[str, int]:
    """``head``, then ``line`` (numbered with ``{i}``) repeated to about ``size``
    characters; and how many times it was repeated."""
    count = max(1, (size - len(head)) // len(line.format(i=10_000)))
    return head + "".join(line.format(i=i) for i in range(count)), count


@pytest.mark.slow
@pytest.mark.parametrize(
    ("line", "head", "lines_per_win", "first"),
    [
        ("> - [x] Task number {i} #tag\n", "", 1, 1),
        ("> > - [x] Task number {i} #tag\n", "Some words before the quote.\n", 1, 2),
        ("> - [x] Task number {i} #tag\n>\n", "> [!note] Done today\n", 2, 2),
    ],
    ids=["quoted", "nested-after-text", "callout-spaced"],
)
def test_huge_quoted_note(line: str, head: str, lines_per_win: int, first: int) -> None:
    text, count = quoted_note(line, head=head)
    assert scan_items(text) is not None  # the fast path, not markdown-it
    entry, problems = parse_text(text, "journal/2026-03-01.md", Config())
    assert not problems
    assert len(entry.wins) == count
    assert entry.wins[0].line == first
    assert entry.wins[-1].line == first + (count - 1) * lines_per_win
    assert entry.wins[-1].text == f"Task number {count - 1} #tag"
    assert entry.wins[-1].tags == ("tag",)


def test_a_slice_reads_as_markdown_it_reads_it() -> None:
    """The same shapes, small enough for markdown-it: the scanner gives what it gives."""
    text, _ = quoted_note(
        "> [!note] {i}\n> - [x] Task {i} #tag\n> > - [ ] nested {i}\n>\n", size=20_000
    )
    assert scan_items(text) == markdown_items(text)
