"""Vaults people already have, read as their apps show them: Obsidian's and Logseq's
conventions (headings with emoji, numbered copies, backups, Web Clipper's front matter)."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
from pathlib import Path

import pytest

from tests.conftest import MakeVault, RunCli
from wins_md.capture.entries import add_win
from wins_md.config import Config, load_config
from wins_md.parse.entry import parse_text
from wins_md.vault.load import load_vault

DAY = dt.date(2026, 11, 22)
JOURNAL = "journal/2026/2026-11-22.md"


def titles(text: str, path: str = JOURNAL) -> list[str]:
    entry, _ = parse_text(text, path, Config())
    return [win.title for win in entry.wins]


@pytest.mark.parametrize(
    "heading",
    ["## 🏆 Wins", "## Today's wins", "## Wins this week", "### WINS:", "## Wins 🎉", "# wins"],
)
def test_a_heading_whose_words_include_wins_is_a_wins_heading(heading: str) -> None:
    assert titles(f"{heading}\n- Shipped the page\n") == ["Shipped the page"]


@pytest.mark.parametrize("heading", ["## Winsome", "## Windows", "## Notes", "## Twins"])
def test_other_headings_are_not(heading: str) -> None:
    assert titles(f"{heading}\n- Not a win\n") == []


def test_a_milestones_heading_with_an_emoji_holds_the_milestones() -> None:
    entry, _ = parse_text(
        "## Why\n- [ ] not a milestone\n## 🎯 Milestones\n- [x] Portfolio\n- [ ] Ten sent\n",
        "goals/job.md",
        Config(),
    )
    assert entry.goal is not None
    assert [m.text for m in entry.goal.milestones] == ["Portfolio", "Ten sent"]


def test_wins_add_appends_under_a_wins_heading_with_an_emoji(make_vault: MakeVault) -> None:
    root = make_vault({JOURNAL: "## 🏆 Wins\n- Ran 5 km\n\n## Notes\nTired.\n"})
    add_win(root, load_config(root), DAY, "Called the recruiter")
    assert (root / JOURNAL).read_text("utf-8") == (
        "## 🏆 Wins\n- Ran 5 km\n- [x] Called the recruiter\n\n## Notes\nTired.\n"
    )


def test_numbered_copies_beside_their_note_are_not_read_twice(
    make_vault: MakeVault, run_cli: RunCli
) -> None:
    root = make_vault(
        {
            "Daily/2026-03-19.md": "- [x] The real win\n",
            "Daily/2026-03-19 1.md": "- [x] The real win\n",  # Obsidian's copy
            "Notes/Plan.md": "- [x] Planned ✅ 2026-03-18\n",
            "Notes/Plan 2.md": "- [x] Planned ✅ 2026-03-18\n",  # iCloud's copy
            "Notes/Chapter 2.md": "- [x] Wrote chapter two ✅ 2026-03-19\n",  # a note
        }
    )
    vault = load_vault(root)
    assert sorted(win.title for win in vault.wins) == [
        "Planned",
        "The real win",
        "Wrote chapter two",
    ]
    messages = [str(problem) for problem in vault.problems]
    assert messages == [
        "Daily/2026-03-19 1.md:1: a numbered copy of '2026-03-19.md' (a sync or duplicate "
        "copy), not read so no win counts twice; merge it and delete it",
        "Notes/Plan 2.md:1: a numbered copy of 'Plan.md' (a sync or duplicate copy), not "
        "read so no win counts twice; merge it and delete it",
    ]
    result = run_cli(root, "check")
    assert result.stdout.count("Plan 2.md") == 1


def test_logseq_backups_and_old_versions_are_never_read(make_vault: MakeVault) -> None:
    root = make_vault(
        {
            "logseq/config.edn": "{}\n",
            "journals/2026_11_22.md": "- DONE Called the plumber\n",
            "logseq/bak/journals/2026_11_22/2026-11-22T10_00_00.000Z.Desktop.md": (
                "- DONE Called the plumber\n"
            ),
            "logseq/version-files/base/journals/2026_11_22.md": "- DONE Called the plumber\n",
        }
    )
    vault = load_vault(root)
    assert [(win.file, win.title) for win in vault.wins] == [
        ("journals/2026_11_22.md", "Called the plumber")
    ]
    assert vault.problems == ()


def test_a_web_clipping_with_a_published_date_is_public_and_quiet(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    root = make_vault(
        {
            "Clippings/How to write.md": "---\ntitle: How to write\nsource: https://x.test/a\n"
            "published: 2020-04-28\ncreated: 2026-11-20\n---\n"
            "- [x] Read it and took notes ✅ 2026-11-20\n",
            "Clippings/Empty date.md": "---\npublished:\n---\n- [x] Skimmed it ✅ 2026-11-21\n",
        }
    )
    result = run_cli(root, "list", "--format", "json")
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert [(w["title"], w["private"]) for w in listed] == [
        ("Read it and took notes", False),
        ("Skimmed it", False),
    ]
    assert run_cli(root, "check").exit_code == 0


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("- [x] Ran %%slowly, knee hurt%% 5 km\n", [("Ran 5 km", "Ran 5 km")]),
        ("- [x] Shipped it <!-- finally! -->\n", [("Shipped it", "Shipped it")]),
        ("%%\n- [x] A draft win\n%%\n- [x] A real one\n", [("A real one", "A real one")]),
        ("- [x] Kept %% open to the end\n- [x] hidden too\n", [("Kept", "Kept")]),
        ("- [x] Fixed the `%%` bug\n- [x] And %%x%% more\n", [
            ("Fixed the `%%` bug", "Fixed the `%%` bug"), ("And more", "And more")]),
        ("```\n%%\n```\n- [x] After code\n", [("After code", "After code")]),
        ("<!--\n- [x] In an HTML comment\n-->\n- [x] Out\n", [("Out", "Out")]),
    ],
)  # fmt: skip
def test_comments_hide_what_they_hold(body: str, expected: list[tuple[str, str]]) -> None:
    entry, _ = parse_text(body, JOURNAL, Config())
    assert [(win.title, win.text) for win in entry.wins] == expected


def test_a_line_number_after_a_comment_is_the_line_in_the_file() -> None:
    entry, _ = parse_text("%%\nsecret\n%%\n\n- [x] Four lines down\n", JOURNAL, Config())
    assert [win.line for win in entry.wins] == [5]


def test_no_comment_text_reaches_the_site(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    root = make_vault(
        {
            JOURNAL: "## Wins\n- [x] Ran %%SECRET-A%% 5 km\n%%\n- [x] SECRET-B\n%%\n"
            "- [x] Wrote <!-- SECRET-C --> 300 words\n"
        }
    )
    out = tmp_path / "site"
    result = run_cli(root, "build", "--out", str(out), "--today", "2026-11-22")
    assert result.exit_code == 0, result.output
    for path in out.rglob("*"):
        if path.is_file():
            assert b"SECRET" not in path.read_bytes(), path
            assert b"%%" not in path.read_bytes(), path
    listed = json.loads(run_cli(root, "list", "--format", "json").stdout)
    assert [w["title"] for w in listed] == ["Ran 5 km", "Wrote 300 words"]


@pytest.mark.parametrize(
    "first", ["#private", "Money talk today. #private", "## Budget #private", "> #private"]
)
def test_a_private_tag_in_the_body_makes_the_whole_note_private(first: str) -> None:
    text = f"{first}\n\n- [x] Paid the rent\n- [x] Called mum\n"
    entry, problems = parse_text(text, JOURNAL, Config())
    assert entry.private and [win.private for win in entry.wins] == [True, True]
    assert problems == []


def test_a_private_tag_on_a_win_hides_only_that_win() -> None:
    entry, _ = parse_text("- [x] Paid the rent #private\n- [x] Called mum\n", JOURNAL, Config())
    assert not entry.private
    assert [win.private for win in entry.wins] == [True, False]


@pytest.mark.parametrize(
    "body",
    [
        "```\n#private\n```\n- [x] Shown\n",
        "`#private` is a tag I use\n- [x] Shown\n",
        "%% #private %%\n- [x] Shown\n",
    ],
)
def test_a_private_tag_in_code_a_heading_or_a_comment_hides_nothing(body: str) -> None:
    entry, _ = parse_text(body, JOURNAL, Config())
    assert not entry.private and [win.private for win in entry.wins] == [False]


def test_a_tag_in_a_paragraph_is_a_tag_of_the_note_s_wins() -> None:
    text = "Good day overall #mood/up, and a [[link#heading]].\n> [!note] #reflection\n\n" \
        "- [x] Ran 5 km\n- [x] Wrote #writing\n"  # fmt: skip
    entry, _ = parse_text(text, JOURNAL, Config())
    assert entry.tags == ("mood/up", "reflection")
    assert [win.tags for win in entry.wins] == [("mood/up", "reflection"), ("writing",)]


def test_a_note_made_private_by_a_body_tag_reaches_no_published_file(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    root = make_vault({JOURNAL: "Some thoughts. #private\n\n## Wins\n- [x] SECRET-WIN\n"})
    out = tmp_path / "site"
    assert run_cli(root, "build", "--out", str(out), "--today", "2026-11-22").exit_code == 0
    assert not any(b"SECRET" in p.read_bytes() for p in out.rglob("*") if p.is_file())
    assert json.loads(run_cli(root, "list", "--format", "json").stdout) == []


def test_checked_tasks_in_undated_notes_are_one_summary_line_not_problems(
    make_vault: MakeVault, run_cli: RunCli
) -> None:
    root = make_vault(
        {
            "Projects/Kanban.md": "## Done\n- [x] Card one\n- [x] Card two\n",
            "Projects/Ideas.md": "- [x] An old idea\n- [ ] Another\n",
            "Daily/2026-11-22.md": "- [x] A dated win\n",
            "Notes/Dates.md": "- [x] Impossible ✅ 2026-02-30\n",
        }
    )
    result = run_cli(root, "check")
    assert result.exit_code == 1  # the impossible date: one cause, one message
    assert result.stdout == ("Notes/Dates.md:1: the done date '2026-02-30' is not a real date\n")
    assert result.stderr.splitlines()[0] == (
        "4 checked tasks in 3 undated notes are not counted; `wins check --verbose` lists them"
    )
    verbose = run_cli(root, "check", "--verbose")
    assert "Projects/Kanban.md:3: checked task in an undated note, not counted" in verbose.stdout
    (root / "Notes/Dates.md").unlink()
    quiet = run_cli(root, "check")
    assert quiet.exit_code == 0 and quiet.stdout == ""


def test_a_link_to_a_missing_note_is_no_unknown_goal_unless_the_user_said_goal(
    make_vault: MakeVault, run_cli: RunCli
) -> None:
    root = make_vault(
        {
            "goals/five-clients.md": "---\ntitle: Five clients\n---\n",
            "Daily/2026-11-20.md": "- [x] Met [[Jane Doe]] on [[Feb 13th, 2023]], [[2026-03-02]]\n",
            "Daily/2026-11-21.md": "- [x] Wrote a pitch [[five-client]]\n",  # a near miss
            "Daily/2026-11-22.md": "- [x] Drafted the plan [goal:: side project]\n",
            "Daily/2026-11-23.md": "---\ngoals: [novel]\n---\n- [x] Wrote 300 words\n",
        }
    )
    result = run_cli(root, "check")
    assert result.stdout.splitlines() == [
        "Daily/2026-11-21.md:1: unknown goal 'five-client' (did you mean 'five-clients'?); "
        "create it with 'wins goal new five-client'",
        "Daily/2026-11-22.md:1: unknown goal 'side project'; "
        "create it with 'wins goal new 'side project''",
        "Daily/2026-11-23.md:4: unknown goal 'novel'; create it with 'wins goal new novel'",
    ]
    listed = json.loads(run_cli(root, "list", "--format", "json").stdout)
    assert listed[0]["goals"] == ["jane doe"]  # kept, not dropped; the day links are not goals


def test_obsidian_template_folders_are_never_read(make_vault: MakeVault, run_cli: RunCli) -> None:
    root = make_vault(
        {
            ".obsidian/templates.json": '{"folder": "templates"}',
            ".obsidian/daily-notes.json": '{"folder": "Daily", "template": "Meta/Daily note"}',
            "Templates/Weekly.md": "- [x] {{title}} [[goal-{{date}}]]\n",
            "Meta/Daily note.md": "## Wins\n- [x] {{date}}\n",
            "Daily/2026-11-22.md": "## Wins\n- [x] The only win\n",
        }
    )
    assert load_config(root).note_templates == ("templates", "Meta")
    vault = load_vault(root)
    assert [win.title for win in vault.wins] == ["The only win"]
    assert vault.problems == ()
    assert run_cli(root, "check").exit_code == 0


def test_the_tasks_plugin_global_filter_is_dropped_from_titles_and_tags(
    make_vault: MakeVault,
) -> None:
    root = make_vault(
        {
            ".obsidian/plugins/obsidian-tasks-plugin/data.json": '{"globalFilter": "#task"}',
            "Daily/2026-11-22.md": "- [x] #task Call the bank #money\n- [x] #task\n"
            "- [x] Plain #tasks stay\n",
        }
    )
    config = load_config(root)
    assert config.tasks_global_filter == "#task"
    wins = load_vault(root, config).wins
    assert [(win.title, win.tags) for win in wins] == [
        ("Call the bank", ("money",)),
        ("#task", ()),
        ("Plain #tasks stay", ("tasks",)),
    ]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_long_read_shows_a_progress_bar_on_a_terminal_only(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wins_md.cli import options

    notes = {
        f"Daily/2026-{1 + n // 28:02d}-{1 + n % 28:02d}.md": "- [x] A win\n" for n in range(300)
    }
    root = make_vault(notes)
    monkeypatch.setattr(options, "PROGRESS_MIN_FILES", 100)
    monkeypatch.delenv("NO_COLOR", raising=False)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    progress = options.reading_progress()
    assert progress is not None
    assert len(load_vault(root, cache=False, progress=progress).wins) == 300
    assert "Reading notes" in terminal.getvalue() and "100%" in terminal.getvalue()
    monkeypatch.setenv("NO_COLOR", "1")
    assert options.reading_progress() is None
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setattr(sys, "stderr", io.StringIO())  # a pipe
    assert options.reading_progress() is None


def test_an_embed_is_no_goal_link_and_a_highlight_shows_as_its_text() -> None:
    entry, _ = parse_text(
        "- [x] Drew ![[diagram.png]] for ==the big launch== [[launch]]\n"
        "- [x] Read ![[Chapter 3]] and ![[notes#^key]] with $E = mc^2$\n",
        JOURNAL,
        Config(),
    )
    first, second = entry.wins
    assert first.goals == ("launch",) and first.title == "Drew diagram.png for the big launch"
    assert second.goals == () and second.follows == ()
    assert second.title == "Read Chapter 3 and with $E = mc^2$"
    assert "==" not in first.title


def test_wins_add_in_a_logseq_graph_writes_a_logseq_block(
    make_vault: MakeVault, run_cli: RunCli
) -> None:
    root = make_vault(
        {
            "logseq/config.edn": "{:meta/version 1}\n",
            "journals/2026_11_21.md": "- TODO Call the plumber\n- LATER Fix the shelf\n",
            "journals/2026_11_22.md": "- Morning\n\t- DONE Watered the plants\n",
        }
    )
    config = load_config(root)
    assert add_win(root, config, DAY, "Called the bank", tags=["money"]) == (
        root / "journals/2026_11_22.md"
    )
    assert (root / "journals/2026_11_22.md").read_text("utf-8") == (
        "- Morning\n\t- DONE Watered the plants\n- DONE Called the bank #money\n"
    )
    new = add_win(root, config, dt.date(2026, 11, 23), "Fixed the shelf")
    assert new.read_text("utf-8") == "- DONE Fixed the shelf\n"  # no front matter, no template
    assert (root / "journals/2026_11_21.md").read_text("utf-8") == (
        "- TODO Call the plumber\n- LATER Fix the shelf\n"  # open items stay as they were
    )
    titles = [w["title"] for w in json.loads(run_cli(root, "list", "--format", "json").stdout)]
    assert titles == ["Watered the plants", "Called the bank", "Fixed the shelf"]
