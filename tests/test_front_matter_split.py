"""The YAML front matter split that most notes take agrees with python-frontmatter's
own ``YAMLHandler`` (whose import would pull PyYAML into every command)."""

from __future__ import annotations

from frontmatter.default_handlers import YAMLHandler
from hypothesis import given, settings
from hypothesis import strategies as st

from wins_md.parse.front_matter import YAML_FENCE, split_yaml

LINES = st.sampled_from(
    ["---", "----", "--- ", "---\t", " ---", "-- -", "+++", "{", "}", "date: 2026-11-22",
     "", "text --- more", "---x", "- [x] win", "\r", "...", "---\r"]
)  # fmt: skip
ENDINGS = st.sampled_from(["\n", "\r\n", "\r"])


def agree(text: str) -> None:
    handler = YAMLHandler()
    assert handler.detect(text) == bool(YAML_FENCE.match(text))
    try:
        theirs: tuple[str, str] | None = handler.split(text)
    except ValueError:
        theirs = None
    try:
        ours: tuple[str, str] | None = split_yaml(text)
    except ValueError:
        ours = None
    assert ours == theirs


@settings(max_examples=500, deadline=None)
@given(st.lists(LINES, max_size=8), ENDINGS)
def test_the_split_agrees_with_python_frontmatter(lines: list[str], ending: str) -> None:
    agree(ending.join(lines))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="-+{} \t\r\nab:", max_size=40))
def test_the_split_agrees_on_any_text(text: str) -> None:
    agree(text)


def test_the_split_agrees_on_notes() -> None:
    for text in (
        "---\ndate: 2026-11-22\n---\n## Wins\n- [x] A\n",
        "---\n---\n",
        "---\ntitle: never closed\n",
        "----\na: 1\n---  \nbody\n---\nmore\n",
        "\ufeff---\na: 1\n---\n",
    ):
        agree(text)
