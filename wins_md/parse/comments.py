"""Comments hide what they hold, as Obsidian shows a note: ``%% ... %%`` (inline or
across lines; an unclosed one hides the rest of the note) and an inline
``<!-- ... -->`` (one on lines of its own is an HTML block, which never counts).
Nothing inside one counts as a win, and no comment text reaches a title, a page, the
feed or ``wins.json``.

A comment is taken out of the text before the block structure is read. Within a line
it is cut out; a comment across lines leaves its lines empty, so every other line
keeps its number. Fenced code and inline code are left as they are: a ``%%`` there is
text, as in Obsidian.
"""

from __future__ import annotations

import re

from wins_md.parse.fences import fence_after

_MARKERS = re.compile(r"`+|%%|<!--|-->")
_CLOSING = {"%%": "%%", "<!--": "-->"}
"""The marker that closes each kind of comment."""


def hide_comments(body: str) -> str:
    """``body`` without its comments (see the module's docstring)."""
    if "%%" not in body and "<!--" not in body:
        return body
    lines = body.split("\n")
    fence: str | None = None
    open_comment: str | None = None  # the closing marker awaited, across lines
    for number, line in enumerate(lines):
        if open_comment is None:
            fence, code = fence_after(line, fence)
            if code:
                continue
        lines[number], open_comment = _hide_in_line(line, open_comment)
    return "\n".join(lines)


def _hide_in_line(line: str, open_comment: str | None) -> tuple[str, str | None]:
    """The line without its comment text, and the comment still open at its end."""
    kept: list[str] = []
    start = 0  # where the text to keep (or, inside a comment, to drop) starts
    position = 0
    while True:
        marker = _MARKERS.search(line, position)
        if marker is None:
            break
        text = marker.group()
        if open_comment is None and text.startswith("`"):
            closing = line.find(text, marker.end())
            # An unclosed run of backticks is text; a closed one is code: skip it.
            position = marker.end() if closing < 0 else closing + len(text)
        elif open_comment is None and text == "<!--" and "-->" not in line[marker.end() :]:
            position = marker.end()  # an HTML comment is inline only: else it is text
        elif open_comment is None and text in _CLOSING:
            kept.append(line[start : marker.start()])
            open_comment, start = _CLOSING[text], marker.end()
            position = marker.end()
        elif open_comment is not None and text == open_comment:
            open_comment, start = None, marker.end()
            position = marker.end()
        else:
            position = marker.end()
    if open_comment is None:
        kept.append(line[start:])
    joined = kept[0] if kept else ""
    for piece in kept[1:]:
        # "Ran %%slowly%% 5 km" reads "Ran 5 km": one space where the comment stood.
        joined += piece.lstrip(" ") if joined.endswith(" ") else piece
    return joined, open_comment
