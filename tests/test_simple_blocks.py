"""The fast block scanner gives exactly what markdown-it gives, or declines.

:func:`wins_md.parse.line_scan.scan_items` reads plain notes without markdown-it; for
every document it accepts, its list items (line, text, nesting, headings) must be
the ones :func:`wins_md.parse.blocks.markdown_items` finds in markdown-it's tokens.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wins_md.parse import front_matter as fmr
from wins_md.parse.blocks import markdown_items
from wins_md.parse.line_scan import scan_items

ROOT = Path(__file__).parent.parent
NOTES = sorted(
    [*(ROOT / "tests" / "fixtures" / "parse").glob("*.md"), *(ROOT / "examples").rglob("*.md")]
)


def agrees(body: str) -> bool:
    """True when the scanner read ``body`` itself; fails when it read it differently."""
    fast = scan_items(body)
    if fast is not None:
        assert fast == markdown_items(body), body
    return fast is not None


@pytest.mark.parametrize("path", NOTES, ids=[p.stem for p in NOTES])
def test_fixtures_and_examples(path: Path) -> None:
    agrees(fmr.split_front_matter(path.read_text("utf-8")).body)


def test_plain_daily_notes_take_the_fast_path() -> None:
    journal = sorted((ROOT / "examples" / "journal").rglob("*.md"))
    bodies = [fmr.split_front_matter(p.read_text("utf-8")).body for p in journal]
    # A note with a block quote or a nested list is left to markdown-it on purpose.
    plain = [body for body in bodies if not re.search(r"^(>| +- )", body, re.MULTILINE)]
    assert len(plain) >= 0.9 * len(bodies)
    assert all(agrees(body) for body in plain)


CASES = {
    # document: whether the scanner reads it itself
    "## Wins\n- [x] One\n- Two #tag\n\n## Other\n- Three\n": True,
    "- [x] lazy\ncontinuation line #tag\n- [x] next\n": True,
    "Title\n=====\n- [x] under a setext heading\n": True,
    "Para one\npara two\n---\n- [x] under a setext h2\n": True,
    "- [x] before a break\n---\n- [x] after\n": True,
    "```md\n- [x] not a win\n```\n- [x] a win\n": True,
    "~~~\n- [x] in an unclosed fence\n": True,
    "````\n```\n- [x] still code\n````\n- [x] out\n": True,
    "#tag on its own line\n- [x] item\n": True,
    "# \u00a0Wins\u00a0\n- \u00a0[x] spaced\u2003\n": True,
    "* [x] star\n+ [x] plus\n- [ ] open\n": True,
    "####### seven hashes is text\n- [x] item\n": True,
    "## Wins ##\n- [x] closing hashes\n": False,
    "- [x] parent\n  - [x] nested\n": False,
    "> - [x] quoted\n": True,
    "> [!note] Callout\n> - [x] in it #tag\n>\n> - [x] loose\n": True,
    "Text before\n> - [x] quoted\n> > - [x] nested\n>\n> - [x] out again\n": True,
    ">- [x] tight\n>> - [x] tighter\n\n> ## Wins\n> - plain\n\n- after\n": True,
    "> - [x] item\n> lazy in the quote\n": True,
    "> Title\n> ---\n> - [x] under a quoted setext heading\n": True,
    "- [x] item\n> quote interrupts it\n": True,
    "> # Heading\ntext after the quote\n": True,
    "> - [x] quoted\nlazy continuation\n": False,
    "> > - [x] nested\n> lazy continuation\n": False,
    "> " * 8 + "- [x] eight quotes deep\n": True,
    ">" * 18 + " - [x] past markdown-it's nesting limit: not read\n": False,
    "> ```\n> - [x] quoted code\n> ```\n": False,
    ">  - [x] indented in the quote\n": False,
    " > - [x] indented quote\n": False,
    "1. [x] ordered\n": False,
    "- [x] tab\there\n": False,
    "[ref]: https://example.com\n- [x] item\n": False,
    "***\n- [x] item\n": False,
    "<div>\n- [x] html\n</div>\n": False,
    "## Wins\n<!-- Five minutes:\n     Small counts. -->\n- \n\n## Micro-goals\n": True,
    "- [x] a\n<!-- interrupts the list -->\n- [x] b\n": True,
    "text\n<!-- interrupts the paragraph\n- [x] hidden\n-->\n- [x] after\n": True,
    "<!-- never closed\n- [x] hidden to the end\n": True,
    "<!-- c --> trailing text\n- [x] x\n": True,
    "> <!-- quoted comment -->\n> - [x] q\n": False,
    "- # heading in an item\n": False,
    "    - [x] indented code\n": False,
    "-\n- [x] empty item first\n": True,
    "- [x] a\n- \n\n## Next\n- [x] b\n": True,
    "text\n-\n": True,
    "text\n*\n": False,
    "- [x] item\n===\n": False,
    "Text\n--\n": True,
    # Logseq outlines: an empty child bullet, tab-indented children, block metadata.
    "- DONE Call the plumber\n\t-\n": False,
    "- [x] Ran\n  -\n- [x] Swam\n": False,
    "- DONE Fixed\n  SCHEDULED: <2026-11-22 Sun>\n\t-\n\t- child\n": False,
    "- DONE Paid\n:LOGBOOK:\nCLOCK: [2026-11-22 Sun 09:12]\n:END:\n": True,
    "- DONE [#A] Ran {{renderer :x}}\nid:: 6a1b\n": True,
}


@pytest.mark.parametrize("body", list(CASES), ids=range(len(CASES)))
def test_rules(body: str) -> None:
    assert agrees(body) is CASES[body]


LINES = st.sampled_from(
    [
        "",
        " ",
        "   ",
        "- [x] Win #tag [[goal]] words:: 3",
        "- [ ] open",
        "- plain item",
        "* star",
        "+ plus",
        "-",
        "- ",
        "--",
        "---",
        "----  ",
        "- - -",
        "***",
        "___",
        "===",
        "=",
        "= x",
        "# Wins",
        "## Wins",
        "### Notes",
        "###### Six",
        "####### Seven",
        "#tag line",
        "## C#",
        "## Wins ##",
        "#",
        "Some prose.",
        "More prose",
        "[[link]] prose",
        "[x]: /url",
        "2026 prose",
        "3. ordered",
        "1) ordered",
        "  indented",
        "    code",
        "\tTab",
        "> quote",
        "> - [x] q",
        "<div>",
        "<!-- c -->",
        "<!-- open",
        "still in it",
        "closed -->",
        "-->",
        "<!--",
        " <!-- c -->",
        "<!---->",
        "- a <!-- b",
        "```",
        "```py",
        "``` `x`",
        "`code` start",
        "~~~",
        "````",
        "  ```",
        "    ```",
        "- # h",
        "- > q",
        "- - n",
        "- 1. n",
        "-  two spaces",
        "-     five spaces",
        "- \u00a0nbsp",
        "\u00a0nbsp line",
        "- x\u3000",
        "\u2028",
        "x\r",
        "- [x] a\\",
        "_x_",
        "**b**",
        "- `code`",
        "- <b>",
        "- ~~~",
        "- = x",
        "- [x]",
        "- [ ]",
        "\u000bvt",
        "\u000c",
        "- DONE Call the plumber",
        "- TODO [#A] open",
        "\t-",
        "  -",
        "    -",
        "\t- ",
        "\t\t-",
        "  - DONE nested",
        "\t- DONE child",
        "  SCHEDULED: <2026-11-22 Sun>",
        "  :LOGBOOK:",
        "  :END:",
        ":LOGBOOK:",
        ":END:",
        "  collapsed:: true",
        "id:: 6a1b",
        "{{query (todo now)}}",
    ]
)
TEXT = st.text(st.sampled_from(list("ab #-*+=>`~<[]:x1.)\t \u00a0\n")), max_size=12)


@pytest.mark.slow
@settings(max_examples=3000, deadline=None)
@given(st.lists(st.one_of(LINES, LINES, LINES, TEXT), max_size=14), st.booleans())
def test_generated_documents(lines: list[str], final_newline: bool) -> None:
    agrees("\n".join(lines) + ("\n" if final_newline else ""))


# Quote marks as written before a line: none, one or two quotes, with or without the
# space CommonMark takes off after each ``>``, and a few it must not take off.
QUOTES = st.sampled_from(["", "", "> ", "> ", ">", "> > ", ">> ", "> >", ">  ", " > ", ">\t"])


@pytest.mark.slow
@settings(max_examples=3000, deadline=None)
@given(st.lists(st.tuples(QUOTES, st.one_of(LINES, LINES, LINES, TEXT)), max_size=14))
def test_generated_quotes(lines: list[tuple[str, str]]) -> None:
    agrees("\n".join(marks + line for marks, line in lines) + "\n")


@pytest.mark.slow
@settings(max_examples=1000, deadline=None)
@given(st.lists(st.tuples(QUOTES, LINES), max_size=20))
def test_generated_quotes_mostly_read(lines: list[tuple[str, str]]) -> None:
    """Runs of lines under the same quote marks, the shape of a callout or a quoted list."""
    body = []
    for marks, line in lines:
        body += [marks + line, marks + line.replace("- [x] ", "- [x] next ")]
    agrees("\n".join(body))
