"""Properties of the parser over generated, realistic notes: front matter, headings,
Wins sections, checked items with done dates, plain items, code and comments.

- Any text parses without an exception.
- The wins of a note are found again, the same, after it is saved with CRLF line
  endings, with a UTF-8 byte-order mark, or with its body inside a block quote.
- No win is ever found inside a fenced code block or a ``%% %%`` / ``<!-- -->``
  comment.

The default number of examples keeps this file to a few seconds; run longer with
``WINS_HYPOTHESIS=long`` in the environment (5,000 examples a property).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from wins_md.config import Config
from wins_md.model import Entry
from wins_md.parse.entry import parse_bytes, parse_text

LONG = os.environ.get("WINS_HYPOTHESIS") == "long"
EXAMPLES = 5000 if LONG else 150

CONFIG = Config()
DAILY = "journal/2026/2026-03-01.md"
HIDDEN = "Hidden"
"""A word only hidden blocks hold: no win may carry it."""

WORDS = st.sampled_from(
    ["Shipped", "the", "draft", "café", "日本語", "words:: 300", "#writing", "[[novel]]"]
) | st.sampled_from(
    ["#private", "^id1", "stretch:: 2", "`code`", "**bold**", "a: b", "10:00", "NO"]
)
TEXT = st.lists(WORDS, min_size=1, max_size=5).map(" ".join)
DONE = st.sampled_from(["", "", " ✅ 2026-02-27", " [completion:: 2026-02-28]"])
HEADING = st.builds(
    "{} {}".format,
    st.sampled_from(["#", "##", "###"]),
    st.sampled_from(["Wins", "🏆 Wins", "Today's wins", "Notes", "Micro-goals", "Log"]),
)
ITEM = st.one_of(
    st.builds("- [x] {}{}".format, TEXT, DONE),
    st.builds("* [X] {}{}".format, TEXT, DONE),
    st.builds("1. [x] {}".format, TEXT),
    st.builds("- {}".format, TEXT),
    st.builds("- [ ] {}".format, TEXT),
    st.builds("  - [x] {}".format, TEXT),  # nested under the item above
    st.builds("- DONE {}".format, TEXT),
)
PROSE = st.one_of(TEXT, st.just(""), st.just("#topic in a paragraph"))
HIDDEN_ITEMS = st.lists(
    st.builds(f"- [x] {HIDDEN} {{}}".format, TEXT) | st.just(f"- {HIDDEN} plain"),
    min_size=1,
    max_size=3,
).map("\n".join)
HIDING = st.one_of(
    st.builds("```{}\n{}\n```".format, st.sampled_from(["", "md", "markdown"]), HIDDEN_ITEMS),
    st.builds("~~~\n{}\n~~~".format, HIDDEN_ITEMS),
    st.builds("%%\n{}\n%%".format, HIDDEN_ITEMS),
    st.builds("%% {} %%".format, HIDDEN_ITEMS.map(lambda items: items.replace("\n", " "))),
    st.builds("<!--\n{}\n-->".format, HIDDEN_ITEMS),
    st.builds(
        "- [x] Seen <!-- {} --> too".format, HIDDEN_ITEMS.map(lambda s: s.replace("\n", " "))
    ),
    st.builds("- [x] Seen %% {} %% too".format, HIDDEN_ITEMS),  # %% may span lines
)
FRONT_LINES = st.sampled_from(
    ["date: 2026-03-02", "tags: [career, writing]", "goals: [novel]", "title: NO"]
) | st.sampled_from(
    ["energy: 4", "time: 10:00", "private: no", "country: NO", "wins:\n  - Front win"]
)
PAGE_PROPERTIES = st.lists(
    st.sampled_from(
        [
            *("private:: false", "  mood:: 4", "tags:: [[work]], #deep,", "x::", "\t", ""),
            *("date:: 2026-13-40", "goals:: ,", "public:: [[x]]"),
        ]
    ),
    max_size=4,
).map(lambda lines: "".join(line + "\n" for line in lines))
"""The ``key:: value`` lines that may open a note without front matter."""
FRONT_MATTER = st.one_of(
    st.just(""),
    st.lists(FRONT_LINES, max_size=4, unique=True).map(
        lambda lines: "---\n" + "".join(line + "\n" for line in lines) + "---\n"
    ),
)


def blocks(hiding: bool) -> st.SearchStrategy[list[str]]:
    """A note body's blocks: headings, lists, prose and, when ``hiding``, code and
    comments holding items."""
    lists = st.lists(ITEM, min_size=1, max_size=4).map("\n".join)
    kinds = [HEADING, lists, lists, PROSE, *([HIDING, HIDING] if hiding else [])]
    return st.lists(st.one_of(*kinds), max_size=8)


NOTES = st.builds(
    lambda front, body: front + "\n\n".join(body) + "\n", FRONT_MATTER, blocks(hiding=True)
)


def wins_of(entry: Entry) -> list[tuple[object, ...]]:
    return [(w.line, w.text, w.title, w.date, w.tags, w.goals, w.private) for w in entry.wins]


def quoted(note: str) -> str:
    """``note`` with ``> `` before every line of its body (the front matter stays)."""
    end = note.find("\n---\n", 3) + 5 if note.startswith("---\n") else 0
    body = note[end:].split("\n")
    return note[:end] + "\n".join(f"> {line}" if line else ">" for line in body[:-1]) + "\n"


@pytest.mark.slow
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        NOTES,
        st.text(max_size=200),
        st.builds(str.__add__, NOTES, st.text()),
        st.builds(str.__add__, PAGE_PROPERTIES, NOTES),
    )
)
def test_any_text_parses(text: str) -> None:
    entry, problems = parse_text(text, DAILY, CONFIG)
    assert all(win.line >= 1 for win in entry.wins)
    assert all(problem.line >= 1 for problem in problems)


@pytest.mark.slow
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NOTES)
def test_wins_survive_crlf_bom_and_block_quotes(note: str) -> None:
    expected = wins_of(parse_text(note, DAILY, CONFIG)[0])
    event("wins: " + ("3 or more" if len(expected) >= 3 else str(len(expected))))
    crlf = parse_bytes(note.replace("\n", "\r\n").encode(), DAILY, CONFIG)[0]
    bom = parse_bytes(b"\xef\xbb\xbf" + note.encode(), DAILY, CONFIG)[0]
    assert crlf is not None and wins_of(crlf) == expected
    assert bom is not None and wins_of(bom) == expected
    assert wins_of(parse_text(quoted(note), DAILY, CONFIG)[0]) == expected


@pytest.mark.slow
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NOTES, st.sampled_from([DAILY, "goals/novel.md", "reviews/2026-W09.md", "notes/n.md"]))
def test_no_win_inside_code_or_comments(note: str, path: str) -> None:
    for text in (note, quoted(note)):
        entry, _ = parse_text(text, path, CONFIG)
        assert not [win for win in entry.wins if HIDDEN in win.text], text
        assert not [goal for goal in entry.micro_goals if HIDDEN in goal.text], text
        assert not [stone for stone in entry.milestones if HIDDEN in stone.text], text
