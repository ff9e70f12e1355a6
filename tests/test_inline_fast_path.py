"""The shortcut of the inline pass gives exactly what the full pass gives.

:func:`wins_md.parse.inline.parse_inline` hands a win's text that holds none of the
characters any inline syntax needs straight back as its own title; for every text,
what it returns must be what :func:`wins_md.parse.inline.read_inline` (every pattern
tried) returns.
"""

from __future__ import annotations

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from wins_md.parse.inline import parse_inline, read_inline

CASES = [
    "Finished the case study intro",
    "  spaced\n out\tline  ",
    "",
    "   ",
    "Sent the email #career",
    "Asked for feedback [[novel]]",
    "Ran 5 km:: no, a colon pair only when doubled",
    "words:: 300",
    "A `code span` here",
    "Block ^w20261122-1",
    "==highlight== text",
    "{{embed}} macro",
    "SCHEDULED: <2026-11-22 Sun>",
    "first\n:LOGBOOK:\nCLOCK: x\n:END:",
    "Done ✅ 2026-11-22",
    "Café au lait",
    "no\u00a0break",
    "[#A] priority",
    "(#private) in brackets",
    "[plan](#heading) a link",
    "C# is not a tag",
]
# Every character some inline syntax looks at, beside plain ones.
ALPHABET = st.sampled_from([*"ab 1\n\t[]()#:^`={}!|-/_.,✅📅🔺\u00a0\ufe0fé", "::", "[[", "]]"])


def agrees(text: str) -> None:
    assert parse_inline(text) == read_inline(text), text


@pytest.mark.parametrize("text", CASES)
def test_cases(text: str) -> None:
    agrees(text)


@pytest.mark.slow
@settings(max_examples=3000, deadline=None)
@given(st.lists(ALPHABET, max_size=30).map("".join))
def test_any_text(text: str) -> None:
    event("plain" if text.isascii() and "#" not in text else "marked")
    agrees(text)


@given(st.text(max_size=40))
def test_any_unicode(text: str) -> None:
    agrees(text)
