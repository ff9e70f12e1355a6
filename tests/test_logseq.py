"""Logseq graphs are outlines: every bullet is a block, and a block's metadata (drawers,
planning lines, priorities, properties, macros) is never part of a win's title or text."""

from __future__ import annotations

import pytest

from tests.conftest import MakeVault
from wins_md.config import Config
from wins_md.model import Entry
from wins_md.parse.blocks import list_items
from wins_md.parse.entry import parse_text
from wins_md.vault.load import load_vault

JOURNAL = "journals/2026_11_22.md"


def entry_of(text: str) -> Entry:
    entry, problems = parse_text(text, JOURNAL, Config())
    assert problems == []
    return entry


# --- 1. An empty child bullet is a block, not a heading underline ---------------------

EMPTY_CHILDREN = (
    "- DONE Call the plumber\n"
    "\t-\n"
    "- DONE Fixed the sink\n"
    "  SCHEDULED: <2026-11-22 Sun>\n"
    "\t-\n"
    "\t- The washer was worn\n"
    "- TODO Buy washers\n"
    "\t- \n"
    "- Notes\n"
    "\t- DONE Paid the invoice\n"
    "\t\t-\n"
)


def test_an_empty_child_bullet_keeps_the_win(make_vault: MakeVault) -> None:
    root = make_vault({"logseq/config.edn": "{}\n", JOURNAL: EMPTY_CHILDREN})
    vault = load_vault(root)
    assert [(win.title, win.line) for win in vault.wins] == [
        ("Call the plumber", 1),
        ("Fixed the sink", 3),
        ("Paid the invoice", 10),
    ]
    assert [goal.title for goal in vault.micro_goals] == ["Buy washers"]
    assert vault.problems == ()


def test_an_empty_child_bullet_makes_no_heading() -> None:
    items = list_items("## Wins\n- Shipped it\n  -\n- Called Sam\n", 1, Config())
    assert [(item.text, item.headings) for item in items] == [
        ("Shipped it", ("wins",)),
        ("Called Sam", ("wins",)),
    ]


def test_any_outline_s_empty_child_bullet_counts_too() -> None:
    # An Obsidian note typed as an outline: a lone '-' under an item's text.
    entry, _ = parse_text("- [x] Ran 5 km\n    -\n", "journal/2026/2026-11-22.md", Config())
    assert [win.title for win in entry.wins] == ["Ran 5 km"]


def test_a_longer_underline_in_a_list_item_is_still_a_heading() -> None:
    items = list_items("- Title\n  ---\n- DONE Below it\n", 1, Config())
    assert [(item.text, item.headings) for item in items] == [("Below it", ("title",))]


# --- 2. Block metadata is never part of a title or text --------------------------------

FULL_BLOCK = (
    "- DONE [#A] Call the plumber {{renderer :todomaster}}\n"
    "  SCHEDULED: <2026-11-22 Sun 09:00 .+1w>\n"
    "  DEADLINE: <2026-11-25 Wed>\n"
    "  :LOGBOOK:\n"
    "  CLOCK: [2026-11-22 Sun 09:12:40]--[2026-11-22 Sun 09:40:02] =>  00:27:22\n"
    "  :END:\n"
    "  collapsed:: true\n"
    "  id:: 6a1b2c3d-4e5f-4a1b-8c2d-3e4f5a6b7c8d\n"
    "  logseq.order-list-type:: number\n"
    "\t- The sink is fixed\n"
)


def test_block_metadata_leaves_the_title_and_text() -> None:
    [win] = entry_of(FULL_BLOCK).wins
    assert win.title == win.text == "Call the plumber"
    assert win.fields == {
        "collapsed": "true",
        "id": "6a1b2c3d-4e5f-4a1b-8c2d-3e4f5a6b7c8d",
        "logseq.order-list-type": "number",
        "priority": "A",
        "scheduled": "2026-11-22",
        "deadline": "2026-11-25",
    }
    assert win.line == 1


@pytest.mark.parametrize(
    ("block", "title", "fields"),
    [
        (
            "- DONE Filed taxes\n  :PROPERTIES:\n  :effort: 2h\n  :END:\n",
            "Filed taxes",
            {},
        ),
        ("- DONE Wrote {{query (todo now)}} notes\n", "Wrote notes", {}),
        ("- DONE Read {{{embed [[How to Take Notes]] }}}\n", "Read", {}),
        ("- DONE Ran [#B]\n", "Ran", {"priority": "B"}),
        # Template syntax is no macro (no name right after the braces): it stays text.
        ("- DONE Kept {{ 7*7 }}\n", "Kept {{ 7*7 }}", {}),
        ("- DONE Quoted `[#A] {{x}}` in code\n", "Quoted `[#A] {{x}}` in code", {}),
        ("- DONE Linked [#A](https://x.test/a)\n", "Linked [#A](https://x.test/a)", {}),
        ("- DONE Ran\n  distance:: 5 km\n  goal:: [[Fitness]]\n", "Ran", None),
        # An unclosed drawer is text; a first line is the block's text, never a property.
        ("- DONE Kept\n  :notes:\n  plain line\n", "Kept :notes: plain line", {}),
    ],
)
def test_metadata_kinds(block: str, title: str, fields: dict[str, str] | None) -> None:
    [win] = entry_of(block).wins
    assert win.title == win.text == title
    if fields is not None:
        assert win.fields == fields


def test_a_property_line_is_a_field_with_the_whole_line_as_value() -> None:
    [win] = entry_of("- DONE Ran\n  distance:: 5 km\n  goal:: [[Fitness]]\n").wins
    assert win.fields == {"distance": "5 km", "goal": "[[Fitness]]"}
    assert win.goals == ("fitness",)


def test_planning_lines_on_open_tasks_leave_the_title() -> None:
    entry = entry_of("- LATER [#C] Send John a card\n  SCHEDULED: <2026-11-23 Mon>\n")
    assert [goal.title for goal in entry.micro_goals] == ["Send John a card"]


# --- 3. Markers ------------------------------------------------------------------------


def test_markers() -> None:
    entry = entry_of(
        "- DONE Booked the venue\n"
        "- WAITING Reply from the venue\n"
        "- WAIT Quote from the caterer\n"
        "- IN-PROGRESS Seating plan\n"
        "- CANCELED Print flyers\n"
        "- CANCELLED Hire a clown\n"
    )
    assert [win.title for win in entry.wins] == ["Booked the venue"]
    assert [(goal.title, goal.status) for goal in entry.micro_goals] == [
        ("Reply from the venue", "open"),
        ("Quote from the caterer", "open"),
        ("Seating plan", "open"),
        ("Print flyers", "cancelled"),
        ("Hire a clown", "cancelled"),
    ]


@pytest.mark.parametrize(
    "value",
    [
        "[[Mar 5th, 2026]]",
        "[[March 5th, 2026]]",
        "[[5th Mar 2026]]",
        "[[Thu, 03/05/2026]]",
        "[[Thursday, 05.03.2026]]",
        "[[2026/03/05]]",
        "[[2026_03_05]]",
        "[[Mar_05_2026]]",
        "2026-03-05",
    ],
)
def test_a_completed_property_is_the_block_s_done_date(value: str) -> None:
    text = f"- DONE Call the bank\n  completed:: {value}\n"
    entry, problems = parse_text(text, "journals/2026_02_10.md", Config())
    assert [win.date.isoformat() for win in entry.wins if win.date] == ["2026-03-05"]
    assert problems == []


def test_a_completed_property_that_is_no_day_leaves_the_page_s_date() -> None:
    text = (
        "- DONE Call the bank\n  completed:: [[Feb 30th, 2026]]\n"
        "- DONE Pay rent\n  completed:: [[05-03-2026]]\n"  # 5 March or 3 May: no date
        "- DONE Ship it\n  completed:: true\n"
    )
    entry, problems = parse_text(text, "journals/2026_02_10.md", Config())
    assert [win.date.isoformat() for win in entry.wins if win.date] == ["2026-02-10"] * 3
    assert [f"{p.line}: {p.message}" for p in problems] == [
        "1: the done date '[[Feb 30th, 2026]]' is not a real date"
    ]
