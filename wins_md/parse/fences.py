"""Fenced code blocks, line by line: for the passes over a note's lines that must leave
code alone (comments, tags in the body)."""

from __future__ import annotations

import re

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")


def fence_after(line: str, fence: str | None) -> tuple[str | None, bool]:
    """The fence still open after ``line``, given the one open before it (None: none),
    and whether ``line`` is code (a fence line, or a line inside a fence)."""
    opened = _FENCE.match(line)
    marks = opened.group(1) if opened else ""
    if fence is not None:
        closes = marks[:1] == fence[0] and len(marks) >= len(fence)
        return (None if closes else fence), True
    return (marks, True) if marks else (None, False)
