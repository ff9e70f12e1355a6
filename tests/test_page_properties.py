"""Page properties: the ``key:: value`` lines that open a note without front matter (a
Logseq page's properties, Dataview's page fields) are that note's front matter."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.conftest import MakeVault, RunCli
from wins_md.config import Config
from wins_md.model import Entry, Problem
from wins_md.parse.entry import parse_text
from wins_md.vault.load import load_vault

JOURNAL = "journals/2026_11_22.md"


def parsed(text: str, file: str = JOURNAL) -> tuple[Entry, list[Problem]]:
    return parse_text(text, file, Config())


@pytest.mark.parametrize(
    ("properties", "hidden_by"),
    [
        ("private:: true\n", ("private-file",)),
        ("Private:: TRUE\n", ("private-file",)),
        ("public:: false\n", ("private-file",)),  # Logseq's own publishing flag
        ("draft:: true\n", ("draft",)),
        ("publish:: false\n", ("private-file",)),
        ("tags:: journal, [[private]]\n", ("private-tag",)),
        ("tags:: #private\n", ("private-tag",)),
        ("title:: My day\nalias:: today\npublic:: false\n", ("private-file",)),
        ("\n \t\nprivate:: true\n", ("private-file",)),  # after blank lines
        ("private:: false\n", ()),
        ("public:: true\n", ()),
        ("tags:: journal, [[deep work]]\n", ()),
    ],
)
def test_a_page_s_properties_say_whether_it_is_private(
    properties: str, hidden_by: tuple[str, ...]
) -> None:
    entry, problems = parsed(properties + "\n- DONE Told Sam about the offer\n")
    assert problems == []
    assert entry.hidden_by == hidden_by
    assert entry.private == bool(hidden_by)
    assert [win.private for win in entry.wins] == [bool(hidden_by)]


def test_a_flag_that_is_neither_true_nor_false_keeps_the_page_private() -> None:
    entry, problems = parsed("title:: Day\nprivate:: maybe\n\n- DONE Shipped\n")
    assert entry.hidden_by == ("unreadable",)
    assert [(p.line, p.message) for p in problems] == [
        (
            2,
            "front matter 'private': expected true or false, got the text 'maybe'; "
            "the file is treated as private until then",
        )
    ]


def test_page_tags_and_goals_apply_to_the_wins_as_front_matter_s_do() -> None:
    entry, _ = parsed(
        "tags:: work, [[deep work]], #focus\ngoals:: [[run-5k]]\n\n"
        "- DONE Ran 3 km\n- DONE Wrote the plan #planning\n"
    )
    assert entry.tags == ("work", "deep work", "focus")
    assert [(win.tags, win.goals) for win in entry.wins] == [
        (("work", "deep work", "focus"), ("run-5k",)),
        (("planning",), ("run-5k",)),
    ]


def test_a_page_date_dates_an_undated_note() -> None:
    entry, problems = parsed("date:: 2026-11-20\n\n- [x] Sent the proposal\n", "notes/acme.md")
    assert problems == []
    assert entry.date == dt.date(2026, 11, 20)
    assert [win.date for win in entry.wins] == [dt.date(2026, 11, 20)]


def test_a_goal_page_is_set_up_by_its_properties(make_vault: MakeVault) -> None:
    root = make_vault(
        {
            "logseq/config.edn": "{}\n",
            "goals/run-5k.md": "title:: Run a 5k\nmetric:: km\ntarget:: 50\nstatus:: active\n",
            JOURNAL: "- DONE Ran 3 km [[run-5k]] km:: 3\n",
        }
    )
    vault = load_vault(root)
    assert vault.problems == ()
    goal = vault.goals["run-5k"]
    assert (goal.title, goal.metric, goal.target, goal.status) == ("Run a 5k", "km", 50, "active")


@pytest.mark.parametrize(
    "text",
    [
        "- DONE Shipped\nprivate:: true\n",  # a block's property, not the page's
        "Some words first\nprivate:: true\n\n- DONE Shipped\n",
        "---\ntitle: Day\n---\nprivate:: true\n\n- DONE Shipped\n",  # front matter is there
        "```\nprivate:: true\n```\n- DONE Shipped\n",
        "  private:: true\n- DONE Shipped\n",  # indented: a continuation, not a property
    ],
)
def test_only_the_lines_that_open_a_note_without_front_matter_are_its_properties(
    text: str,
) -> None:
    entry, problems = parsed(text)
    assert problems == []
    assert not entry.private
    assert "private" not in entry.meta


def test_a_private_logseq_page_never_reaches_the_site(
    make_vault: MakeVault, run_cli: RunCli
) -> None:
    root = make_vault(
        {
            "logseq/config.edn": "{}\n",
            "journals/2026_11_20.md": "private:: true\n\n- DONE Secret win one\n",
            "journals/2026_11_21.md": "public:: false\n\n- DONE Secret win two\n",
            JOURNAL: "- DONE Open win\n",
        }
    )
    shown = run_cli(root, "list", "--format", "json", "--today", "2026-11-22")
    assert [win["title"] for win in json.loads(shown.stdout)] == ["Open win"]
    assert run_cli(root, "build", "--today", "2026-11-22").exit_code == 0
    published = "".join(
        path.read_text("utf-8") for path in Path(root, "site").rglob("*") if path.is_file()
    )
    assert "Open win" in published
    assert "Secret win" not in published


def test_unquoted_page_links_in_yaml_tags_and_goals_are_their_names() -> None:
    """``tags: [[segmentation]]`` is how Logseq (and many an Obsidian user) writes a page
    link in front matter; YAML reads it as a list in a list."""
    text = "---\ntags: [[segmentation], work]\ngoals: [[run-5k]]\n---\n- [x] Read the paper\n"
    entry, problems = parsed(text, "journal/2026-11-22.md")
    assert problems == []
    assert entry.tags == ("segmentation", "work")
    assert entry.goals == ("run-5k",)
    _, problems = parsed("---\nwins:\n  - [[Call Sam]]\n---\n", "journal/2026-11-22.md")
    assert [p.message for p in problems] == [
        "front matter 'wins': expected a list of words, got a list"
    ]


def test_goals_linked_as_obsidian_s_properties_write_them(
    make_vault: MakeVault, run_cli: RunCli
) -> None:
    """Obsidian's Properties editor writes a link as ``"[[run-5k]]"``: it names the goal."""
    root = make_vault(
        {
            ".obsidian/app.json": "{}\n",
            "goals/run-5k.md": "---\ntitle: Run a 5k\n---\n",
            "goals/health.md": "---\ntitle: Health\n---\n",
            "goals/legs.md": '---\ntitle: Legs\nparent: "[[health]]"\n---\n',
            "journal/2026-11-21.md": '---\ngoals:\n  - "[[run-5k]]"\n---\n- [x] Ran 3 km\n',
            "journal/2026-11-22.md": (
                '---\ngoals: ["[[goals/run-5k|Running]]", "[[legs#Plan]]"]\n---\n- [x] Ran 4 km\n'
            ),
        }
    )
    assert run_cli(root, "check", "--today", "2026-11-22").exit_code == 0
    vault = load_vault(root)
    assert [win.goals for win in vault.wins] == [("run-5k",), ("run-5k", "legs")]
    assert vault.goals["legs"].parent == "health"
