"""Differential: where the day-template reader (:mod:`wins_md.capture.outline`) finds
a spot for a new win without a Markdown parser, markdown-it's tokens give the same."""

from __future__ import annotations

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from wins_md.capture.insertion import insert_win, markdown_spot
from wins_md.capture.outline import spot_in, template_outline
from wins_md.config import Config

HEADINGS = Config().win_headings
LINES = st.sampled_from(
    [
        "", "", " ", "## Wins", "## 🏆 Wins", "# Wins", "### Wins", "## Micro-goals", "# Day",
        "## Wins ##", "##Wins", "####### Wins", "## Notes", "- ", "-", "- [x] Sent it",
        "- [ ] Call Ana", "- [x]", "- [ ]", "* [x] Star", "+ plus", "1. first", "2) second",
        "10. tenth", "- plain win", "-   wide", "-     code", "- # heading", "- > quote",
        "- [a]: /url", "- - -", "---", "***", "===", "Some text", "  indented", "    code",
        "  - child", "   more", "<!-- comment -->", "<!-- open", "still comment", "-->",
        "a -->", "\t- tab", "- tab\there", "```", "~~~", "> quote", "<div>", "- [x] a #tag",
        "- 2026 plans", "- 1) x", "- `code`", "  continued text", "      deep",
        "2026 plans", "2026. plans", "[[novel]] first", "[a]: /url", "\\- escaped", "&amp;",
        "Text  ", "!bang", "%% comment %%",
    ]
)  # fmt: skip


SHAPED = st.sampled_from(
    [
        "", "## Wins", "## Micro-goals", "# Wins", "### Wins", "- ", "- [x] Sent it",
        "- [ ] Call Ana", "- [x]", "* [x] Star", "1. first", "3) third", "- plain win",
        "  continued text", "   more", "  - child", "<!-- comment -->", "<!-- open", "-->",
        "- -", "-  two spaces", "-    four spaces", "Some text", "A second line of it.",
        "2026 plans", "[[novel]] came first", "Text with #tag and **bold**",
    ]
)  # fmt: skip
"""Lines the reader reads: most documents of them are answered, not declined."""


def agree(lines: list[str]) -> bool:
    """True when the reader answered (and agreed); False when it declined."""
    outline = template_outline(lines)
    if outline is None:
        return False
    body = "\n".join(lines) + "\n"
    assert spot_in(outline, HEADINGS) == markdown_spot(body, [*lines, ""], HEADINGS), lines
    return True


@pytest.mark.slow
@settings(max_examples=2000, deadline=None)
@given(st.lists(LINES, max_size=12))
def test_the_reader_agrees_with_markdown_it(lines: list[str]) -> None:
    event("read" if agree(lines) else "declined")


@pytest.mark.slow
@settings(max_examples=2000, deadline=None)
@given(st.lists(SHAPED, max_size=14))
def test_the_reader_agrees_on_template_shaped_entries(lines: list[str]) -> None:
    event("read" if agree(lines) else "declined")


def test_the_day_template_is_read_without_markdown_it() -> None:
    day = [
        "## Wins",
        "<!-- Five minutes: write down one specific thing you moved forward today, or three.",
        "     Small counts. -->",
        "- ",
        "",
        "## Micro-goals",
        "<!-- The next small steps, one per line, e.g. - [ ] Write one email draft -->",
        "",
    ]
    assert agree(day)
    assert agree(["## Wins", "- [x] One", "- [x] Two", "", "## Micro-goals", "- [ ] Three"])


def test_an_entry_with_a_paragraph_is_read_without_markdown_it() -> None:
    entry = [
        "A year of this file. Carrow is at 79,000 words and I have an offer on the",
        "kitchen table. Sunday, so short.",
        "",
        "## Wins",
        "- [x] Said a clear, respectful no #assertiveness stretch:: 3",
        "- [x] Outlined the last four chapters words:: 280 [[novel]]",
        "",
        "## Micro-goals",
        "- [ ] Reply to Linear's offer by Wednesday 📅 2026-11-25 [[land-design-role]]",
    ]
    assert agree(entry)
    assert template_outline(["Text", "- [x] item"]) is None  # the paragraph's end: markdown-it's
    assert template_outline(["- [x] item", "lazy text"]) is None  # the item's text goes on


def test_a_win_added_to_a_template_entry_goes_where_the_prompt_is() -> None:
    text = "---\ndate: 2026-11-22\n---\n## Wins\n<!-- prompt -->\n- \n\n## Micro-goals\n"
    added = insert_win(text, "Sent it", "journal/2026-11-22.md", Config())
    assert added == (
        "---\ndate: 2026-11-22\n---\n## Wins\n<!-- prompt -->\n- [x] Sent it\n- \n\n"
        "## Micro-goals\n"
    )
