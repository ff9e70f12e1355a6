"""Loading a whole vault: discovery, goals, links between files, and their problems."""

from __future__ import annotations

import json
from pathlib import Path

from wins_md.vault.load import load_vault

GOAL = "---\ntitle: {title}\nstatus: active\n{extra}---\n## Milestones\n- [ ] One\n"


def goal(title: str, extra: str = "") -> str:
    return GOAL.format(title=title, extra=extra)


def test_wins_sorted_by_date_file_line_and_undated_kept_out(make_vault) -> None:
    vault = make_vault(
        {
            "journal/2026/2026-11-22.md": "- [x] B1\n- [x] B2 ✅ 2026-11-01\n",
            "journal/2026/2026-11-21.md": "- [x] A1\n",
            "notes/ideas.md": "- [x] Undated\n",
            "a/2026-11-22.md": "- [x] C1\n",
        }
    )
    loaded = load_vault(vault)
    assert [(str(w.date), w.file, w.text) for w in loaded.wins] == [
        ("2026-11-01", "journal/2026/2026-11-22.md", "B2 ✅ 2026-11-01"),
        ("2026-11-21", "journal/2026/2026-11-21.md", "A1"),
        ("2026-11-22", "a/2026-11-22.md", "C1"),
        ("2026-11-22", "journal/2026/2026-11-22.md", "B1"),
    ]
    assert loaded.problems == ()  # a tick in an undated note: not a win, not a problem
    assert [(e.file, w.date) for e in loaded.entries for w in e.wins if w.file == e.file][-1:] \
        == [("notes/ideas.md", None)]  # fmt: skip


def test_goals_unknown_goal_with_suggestion(make_vault) -> None:
    vault = make_vault(
        {
            "goals/land-design-role.md": goal("Land a design role"),
            "journal/2026-11-22.md": "- [x] Applied [[land-desgn-role]]\n"
            "- [x] Again [[land-desgn-role]]\n",
        }
    )
    loaded = load_vault(vault)
    assert list(loaded.goals) == ["land-design-role"]
    assert [w.goals for w in loaded.wins] == [("land-desgn-role",), ("land-desgn-role",)]
    assert [str(p) for p in loaded.problems] == [
        "journal/2026-11-22.md:1: unknown goal 'land-desgn-role' (did you mean "
        "'land-design-role'?); create it with 'wins goal new land-desgn-role'"
    ]


def test_link_to_an_existing_note_is_not_a_goal(make_vault) -> None:
    vault = make_vault(
        {
            "goals/novel.md": goal("Write the novel"),
            "people/Jane Doe.md": "Met at the conference.\n",
            "journal/2026-11-22.md": "---\ngoals: [novel]\n---\n"
            "- [x] Coffee with [[Jane Doe]]\n"
            "- [x] Call with [[Jane Doe]] [[novel]]\n",
        }
    )
    loaded = load_vault(vault)
    assert [w.goals for w in loaded.wins] == [("novel",), ("novel",)]
    assert loaded.problems == ()


def test_duplicate_ids_and_broken_chains(make_vault) -> None:
    vault = make_vault(
        {
            "journal/2026-11-01.md": "- [x] Cold email ^email\n",
            "journal/2026-11-02.md": "- [x] Other ^email\n- [x] Call [[2026-11-01#^email]] ^call\n"
            "- [x] Interview [[#^cal]]\n",
        }
    )
    loaded = load_vault(vault)
    assert [w.follows for w in loaded.wins] == [(), (), ("email",), ("cal",)]
    assert [str(p) for p in loaded.problems] == [
        "journal/2026-11-02.md:1: block id '^email' is already used at "
        "journal/2026-11-01.md:1; ids must be unique",
        "journal/2026-11-02.md:3: broken chain: follows '^cal', but no win has that id "
        "(did you mean 'call'?)",
    ]


def test_goal_hierarchy_problems(make_vault) -> None:
    vault = make_vault(
        {
            "goals/a.md": goal("A", "parent: b\n"),
            "goals/b.md": goal("B", "parent: a\n"),
            "goals/c.md": goal("C", "parent: nope\n"),
        }
    )
    problems = [str(p) for p in load_vault(vault).problems]
    assert problems == [
        "goals/a.md:4: parent goals form a loop through 'a'; a goal cannot be its own ancestor",
        "goals/b.md:4: parent goals form a loop through 'b'; a goal cannot be its own ancestor",
        "goals/c.md:4: parent goal 'nope' does not exist",
    ]


def test_goal_front_matter_problems(make_vault) -> None:
    vault = make_vault(
        {
            "goals/d.md": "---\ntitle: D\nstatus: someday\nmetric: words\n"
            "target: -3\ndue: soon\n---\n"
        }
    )
    loaded = load_vault(vault)
    assert [str(p) for p in loaded.problems] == [
        "goals/d.md:3: front matter 'status': 'someday' is not one of active, paused, done, "
        "dropped; 'active' is used",
        "goals/d.md:4: front matter 'metric': 'words' needs a 'target:' number to measure "
        "progress against",
        "goals/d.md:5: front matter 'target': expected a number greater than 0, got '-3'",
        "goals/d.md:6: front matter 'due': 'soon' is not a real date; write it as YYYY-MM-DD",
    ]
    assert loaded.goals["d"].status == "active"


def test_obsidian_daily_notes_settings(make_vault) -> None:
    vault = make_vault(
        {
            ".obsidian/daily-notes.json": json.dumps({"folder": "Daily", "format": "DD.MM.YYYY"}),
            "Daily/22.11.2026.md": "- [x] Dated through the Obsidian format\n- [ ] Open\n",
        }
    )
    loaded = load_vault(vault)
    assert loaded.config.journal_dir == "Daily"
    assert [(str(w.date), w.text) for w in loaded.wins] == [
        ("2026-11-22", "Dated through the Obsidian format")
    ]
    assert [m.title for m in loaded.micro_goals] == ["Open"]


def test_logseq_graph(make_vault) -> None:
    vault = make_vault(
        {
            "logseq/config.edn": "{}",
            "journals/2026_11_22.md": "- DONE Shipped it\n- TODO Tell the team\n",
            "pages/project.md": "- DONE Undated page win ✅ 2026-11-20\n",
        }
    )
    loaded = load_vault(vault)
    assert loaded.config.journal_dir == "journals"
    assert [(str(w.date), w.title) for w in loaded.wins] == [
        ("2026-11-20", "Undated page win"),
        ("2026-11-22", "Shipped it"),
    ]
    assert [m.title for m in loaded.micro_goals] == ["Tell the team"]


def test_symlinked_folder_inside_the_vault_is_read_once(make_vault) -> None:
    vault = make_vault({"journal/2026-11-22.md": "- [x] Once\n"})
    (vault / "alias").symlink_to(vault / "journal", target_is_directory=True)
    loaded = load_vault(vault)
    assert [w.text for w in loaded.wins] == ["Once"]


def test_exclude_patterns(make_vault) -> None:
    vault = make_vault(
        {
            "wins.toml": 'exclude = ["archive/*", "*.draft.md"]\n',
            "archive/2020-01-01.md": "- [x] Old\n",
            "journal/2026-11-22.draft.md": "- [x] Draft\n",
            "journal/2026-11-22.md": "- [x] Kept\n",
        }
    )
    assert [w.text for w in load_vault(vault).wins] == ["Kept"]


def test_missing_vault_folder(tmp_path: Path, run_cli) -> None:
    result = run_cli(tmp_path / "nope", "list")
    assert result.exit_code == 2
    assert "Directory" in result.output and "does not exist" in result.output
