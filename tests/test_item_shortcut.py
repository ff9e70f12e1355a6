"""Notes with no checkbox, no Logseq marker and no Wins heading skip the block parse;
this differential test proves the shortcut gives exactly what the full parse gives."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wins_md.config import Config
from wins_md.parse import blocks, entry
from wins_md.parse.entry import parse_text

LINES = st.sampled_from(
    [
        "", "Some prose about [1] a footnote.", "| a | b |", "|---|---|", "```", "~~~",
        "    indented code", "> a quote", "> - [x] quoted task", "## Wins", "## 🏆 wins",
        "## Notes", "Wins", "----", "====", "- plain item", "* another", "1. first",
        "- [x] done", "- [ ] open", "-", "  - nested", "- DONE logseq", "- TODO later",
        "TODOS in prose", "[[a link]] and #tag", "%% hidden %%", "<!-- c -->",
        "---", "- [-] cancelled", "text ✅ 2026-11-20", "  [x] lazy", "\t- [X] tab",
    ]
)  # fmt: skip
BODIES = st.lists(LINES, max_size=14).map("\n".join)
FILES = st.sampled_from(["journal/2026-11-22.md", "notes/clip.md", "reviews/2026-W47.md"])


def full_parse(text: str, file: str) -> object:
    """``parse_text`` with the shortcut turned off: every body is block-parsed."""
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(entry, "may_hold_items", lambda body, config: True)
        return parse_text(text, file, Config())


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(body=BODIES, file=FILES)
def test_the_shortcut_gives_what_the_full_parse_gives(body: str, file: str) -> None:
    assert parse_text(body, file, Config()) == full_parse(body, file)


@pytest.mark.parametrize(
    "body",
    [
        "# A clipped article\n\nLong prose.\n\n| a | b |\n|---|---|\n\n```\ncode\n```\n",
        "- a plain list\n- of things\n> and a quote\n",
    ],
)
def test_a_note_without_tasks_needs_no_block_parse(body: str) -> None:
    assert not blocks.may_hold_items(body, Config())


@pytest.mark.parametrize(
    "body", ["- [x] a", "-\n  [x] on the next line", "- DONE a", "## Today's WINS\n- a"]
)
def test_anything_like_a_task_or_a_wins_heading_is_parsed(body: str) -> None:
    assert blocks.may_hold_items(body, Config())
