"""Win text rendering: the plain-text shortcut gives exactly what markdown-it gives."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from wins_md.site.filters import inline_markdown, number

REFERENCE = MarkdownIt("commonmark", {"html": False}).disable(["image"])
PIECES = st.sampled_from(
    [*"ab ~:/.#-\"'>=()\t\\`*_[]<&!", "é", "🎉", "https://", "www.", "&copy;", "  \n"]
)
TEXT = st.lists(PIECES, max_size=30).map("".join)


@given(TEXT)
@settings(max_examples=400, deadline=None)
def test_every_text_renders_as_markdown_it_renders_it(text: str) -> None:
    assert str(inline_markdown(text)) == REFERENCE.renderInline(text)


def test_plain_text_is_escaped() -> None:
    assert str(inline_markdown('Said "no" > 3 times')) == "Said &quot;no&quot; &gt; 3 times"


def test_markup_is_rendered_and_raw_html_is_not() -> None:
    assert str(inline_markdown("**big** <b>x</b>")) == "<strong>big</strong> &lt;b&gt;x&lt;/b&gt;"


@pytest.mark.parametrize(
    ("value", "shown"),
    [(78780.0, "78,780"), (100000, "100,000"), (12.5, "12.5"), (0.0, "0"), (1234.567, "1,234.57")],
)
def test_goal_numbers_are_grouped_without_trailing_zeros(value: float, shown: str) -> None:
    assert number(value) == shown
