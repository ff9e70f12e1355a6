"""``wins add`` never loses a byte: examples of where the line goes, and the property
that any file keeps its content and gets back exactly the win that was added."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wins_md.capture.entries import add_win, entry_path
from wins_md.config import Config
from wins_md.errors import UsageProblem, WinsError
from wins_md.parse.entry import parse_text
from wins_md.parse.inline import normalize

DAY = dt.date(2026, 11, 22)
FILE = "journal/2026/2026-11-22.md"
CONFIG = Config()


def add(tmp_path: Path, content: str | bytes, text: str, **fields: object) -> bytes:
    """Write ``content`` as the day's entry, add ``text``, return the new bytes."""
    path = entry_path(tmp_path, CONFIG, DAY)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    assert add_win(tmp_path, CONFIG, DAY, text, **fields) == path  # type: ignore[arg-type]
    return path.read_bytes()


def win_texts(data: bytes) -> list[str]:
    entry, _ = parse_text(data.decode("utf-8"), FILE, CONFIG)
    return [win.text for win in entry.wins]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (
            "## Wins\n- a\n- b\n\nAfter the list.\n",
            "## Wins\n- a\n- b\n- [x] new\n\nAfter the list.\n",
        ),
        ("## Wins\r\n- a\r\n", "## Wins\r\n- a\r\n- [x] new\r\n"),
        ("\ufeff## Wins\n- a", "\ufeff## Wins\n- a\n- [x] new"),
        ("## Wins\n* a\n\n## Next\n", "## Wins\n* a\n* [x] new\n\n## Next\n"),
        ("## Wins\n1. a\n2. b\n", "## Wins\n1. a\n2. b\n3. [x] new\n"),
        ("### WINS\n- a\n", "### WINS\n- a\n- [x] new\n"),
        (
            "## Wins\n- a\n  - nested\n\n  more of a\n\ntext\n",
            "## Wins\n- a\n  - nested\n\n  more of a\n- [x] new\n\ntext\n",
        ),
        ("## Wins\n- \n", "## Wins\n- [x] new\n- \n"),
        ("## Wins\n- a\n- \n", "## Wins\n- a\n- [x] new\n- \n"),
        (
            "## Wins\n\n## Micro-goals\n- [ ] step\n",
            "## Wins\n- [x] new\n\n## Micro-goals\n- [ ] step\n",
        ),
        ("## Wins\nA paragraph right under.\n", "## Wins\n- [x] new\n\nA paragraph right under.\n"),
        ("```\n## Wins\n```\n", "```\n## Wins\n```\n\n## Wins\n\n- [x] new\n"),
        ("", "## Wins\n\n- [x] new\n"),
        ("Some text", "Some text\n\n## Wins\n\n- [x] new"),
        ("---\ndate: 2026-11-22\n---\n", "---\ndate: 2026-11-22\n---\n## Wins\n\n- [x] new\n"),
        ("Notes\r\n\r\n", "Notes\r\n\r\n## Wins\r\n\r\n- [x] new\r\n"),
        ("> ## Wins\n> - quoted\n", "> ## Wins\n> - quoted\n\n## Wins\n\n- [x] new\n"),
    ],
)
def test_where_the_line_goes(tmp_path: Path, before: str, after: str) -> None:
    assert add(tmp_path, before, "new") == after.encode("utf-8")


def test_fields_follow_the_spec_syntax_and_a_block_id_stays_last(tmp_path: Path) -> None:
    data = add(
        tmp_path,
        "## Wins\n",
        "Called Ana ^call",
        goals=["speak-up"],
        tags=["#career"],
        stretch=3,
        follows="2026-11-01#^email",
    )
    line = "- [x] Called Ana #career [[speak-up]] stretch:: 3 [[2026-11-01#^email]] ^call"
    assert data.decode().splitlines()[1] == line
    entry, problems = parse_text(data.decode(), FILE, CONFIG)
    (win,) = entry.wins
    assert (win.title, win.tags, win.goals, win.stretch, win.follows, win.id) == (
        "Called Ana",
        ("career",),
        ("speak-up",),
        3,
        ("email",),
        "call",
    )
    assert problems == []


@pytest.mark.parametrize(
    "text",
    [
        "[ ] looks open",
        "[x] looks done",
        "# not a heading",
        "> not a quote",
        "1. not a list",
        "---",
        "```",
        "<!-- x",
        "DONE not logseq",
        "- dash",
        "\\ trailing \\",
    ],
)
def test_text_that_looks_like_markdown_is_kept_as_text(tmp_path: Path, text: str) -> None:
    data = add(tmp_path, "## Wins\n- a\n", text)
    assert win_texts(data) == ["a", text]


def test_whitespace_and_newlines_are_joined_to_one_line(tmp_path: Path) -> None:
    data = add(tmp_path, "## Wins\n", "  two\nlines\r\n and\ttabs\u2028 ")
    assert win_texts(data) == ["two lines and tabs"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("   \n ", "the win's text is empty; say what you moved forward"),
        ("bell\x07", "the win's text holds the control character U+0007; remove it"),
        ("nul\x00", "the win's text holds the control character U+0000; remove it"),
    ],
)
def test_bad_text_is_refused_and_the_file_untouched(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(UsageProblem, match="^" + re.escape(message)):
        add(tmp_path, "## Wins\n- a\n", text)
    assert entry_path(tmp_path, CONFIG, DAY).read_bytes() == b"## Wins\n- a\n"


def test_a_file_ending_in_an_open_fence_is_refused_untouched(tmp_path: Path) -> None:
    content = b"Intro\n```\nstill code\n"
    with pytest.raises(WinsError, match="cannot add the win without changing the rest"):
        add(tmp_path, content, "new")
    assert entry_path(tmp_path, CONFIG, DAY).read_bytes() == content


def test_a_file_that_is_not_utf8_is_refused_untouched(tmp_path: Path) -> None:
    content = b"## Wins\n- caf\xe9\n"
    with pytest.raises(WinsError, match=f"^{FILE}:2: is not UTF-8 text"):
        add(tmp_path, content, "new")
    assert entry_path(tmp_path, CONFIG, DAY).read_bytes() == content


# --- the property -------------------------------------------------------------------------

_LINES = [
    "## Wins",
    "# Wins",
    "### wins",
    "Wins",
    "====",
    "## Micro-goals",
    "## Other",
    "# Title",
    "- a plain item",
    "- [x] done item",
    "- [ ] open step",
    "* star item",
    "+ plus item",
    "1. ordered",
    "2) paren",
    "  - nested",
    "    indented code",
    "> - quoted item",
    "> text",
    "text paragraph",
    "",
    "",
    "",
    "- ",
    "- [x]",
    "-",
    "---",
    "***",
    "\t- tab item",
    "- [x] item ^id1",
    "- [x] #tag [[goal]] words:: 3",
    "| a | b |",
    "[ref]: http://example.com",
    "  lazy",
    "- [-] cancelled",
    "DONE logseq",
    "- TODO logseq",
    "goal:: x",
    "✅ 2026-11-20",
    "   - three spaces",
]
# An HTML block runs to a blank line: given one, fences and comments stay balanced.
_HTML = ["<div>", "</div>", "<span>inline</span>"]
_BLOCKS = st.one_of(
    st.sampled_from(_LINES).map(lambda line: [line]),
    st.sampled_from(_HTML).map(lambda line: [line, ""]),
    st.lists(st.sampled_from(_LINES), max_size=3).map(lambda body: ["```", *body, "```"]),
    st.lists(st.sampled_from(_LINES), max_size=3).map(lambda body: ["<!--", *body, "-->"]),
)
_FRONT = st.sampled_from(
    [
        "",
        "---\ndate: 2026-11-22\n---\n",
        "---\ntags: [a]\n---\n\n",
        "---\ntitle: [broken\n---\n",
        "---\nprivate: true\n---\n",
    ]
)


@st.composite
def documents(draw: st.DrawFn) -> bytes:
    """Markdown files as people write them: any mix of blocks, LF or CRLF, with or
    without a BOM, front matter and a final newline."""
    lines = [line for block in draw(st.lists(_BLOCKS, max_size=12)) for line in block]
    eol = draw(st.sampled_from(["\n", "\r\n"]))
    text = draw(_FRONT) + "\n".join(lines) + ("\n" if draw(st.booleans()) else "")
    text = text.replace("\n", eol)
    return (("\ufeff" if draw(st.booleans()) else "") + text).encode("utf-8")


def _printable(char: str) -> bool:
    return unicodedata.category(char) not in ("Cc", "Cs")


WIN_TEXTS = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("[]()#^:-*>`~<!|\\ x✅\u00a0\ufe0f\t\n")), st.characters(codec="utf-8")
    ),
    min_size=1,
    max_size=40,
).filter(lambda text: bool(text.split()) and all(_printable(c) for c in " ".join(text.split())))


def check_added(old: bytes, new: bytes, text: str) -> None:
    """``new`` is ``old`` with one insertion that reads back as exactly one more win."""
    assert len(new) > len(old)
    prefix = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), len(old))
    suffix = next(
        (i for i, (a, b) in enumerate(zip(old[::-1], new[::-1], strict=False)) if a != b), len(old)
    )
    assert prefix + suffix >= len(old), "some original byte changed"
    if b"\r\n" in old and old.index(b"\r\n") <= old.find(b"\n"):
        assert new.count(b"\n") - old.count(b"\n") == new.count(b"\r\n") - old.count(b"\r\n")
    assert new.startswith(b"\xef\xbb\xbf") == old.startswith(b"\xef\xbb\xbf")
    before, after = win_texts(old), win_texts(new)
    expected = normalize(" ".join(text.split()))
    assert len(after) == len(before) + 1
    assert sorted(after) == sorted([*before, expected])
    assert f"[x] {' '.join(text.split())}".encode() in new


@pytest.mark.slow
@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
@given(old=documents(), text=WIN_TEXTS)
def test_any_markdown_file_keeps_its_bytes_and_gains_exactly_the_win(
    tmp_path: Path, old: bytes, text: str
) -> None:
    check_added(old, add(tmp_path, old, text), text)


@pytest.mark.slow
@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
@given(old=st.text(), text=WIN_TEXTS, crlf=st.booleans())
def test_any_text_at_all_gains_the_win_or_is_left_untouched(
    tmp_path: Path, old: str, text: str, crlf: bool
) -> None:
    content = (old.replace("\n", "\r\n") if crlf else old).encode("utf-8")
    try:
        new = add(tmp_path, content, text)
    except WinsError:
        assert entry_path(tmp_path, CONFIG, DAY).read_bytes() == content
        return
    check_added(content, new, text)


@pytest.mark.slow
def test_the_property_also_holds_through_the_cli(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much],
    )
    @given(old=documents(), text=WIN_TEXTS)
    def check(old: bytes, text: str) -> None:
        path = entry_path(tmp_path, CONFIG, DAY)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(old)
        result = run_cli(tmp_path, "add", "--date", "2026-11-22", "--", text)
        assert result.exit_code == 0, result.output
        assert result.stdout == f"{path}\n"
        check_added(old, path.read_bytes(), text)

    (tmp_path / "wins.toml").write_text("", "utf-8")  # wins add writes only into a vault
    check()
