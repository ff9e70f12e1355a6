"""Bad input never crashes and never hides the rest of the vault: each case gives a clear
``path:line: message`` from ``wins check`` while the good file beside it is still read."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wins_md.config import Config
from wins_md.parse.entry import parse_bytes, parse_text
from wins_md.vault.load import load_vault

GOOD = {"journal/2026/2026-11-21.md": "- [x] The good file is still read\n"}
BAD_PATH = "journal/2026/2026-11-22.md"


def check(make_vault, run_cli, bad: str | bytes) -> tuple[list[str], list[dict]]:
    """Write the bad file beside a good one; return check's lines and list's JSON."""
    vault = make_vault({**GOOD, BAD_PATH: bad})
    result = run_cli(vault, "check")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    listed = run_cli(vault, "list", "--format", "json", "--include-private")
    assert listed.exit_code == 0
    wins = json.loads(listed.stdout)
    assert "The good file is still read" in [w["text"] for w in wins]
    return result.stdout.splitlines(), wins


def test_broken_yaml(make_vault, run_cli) -> None:
    lines, wins = check(make_vault, run_cli, "---\ndate: 2026-11-22\ntags: [a, b\n---\n- [x] A\n")
    # The wording after the colon is PyYAML's (it differs between its C and Python loaders).
    assert len(lines) == 1
    assert lines[0].startswith(f"{BAD_PATH}:4: front matter is not valid YAML: ")
    assert lines[0].endswith("; fix it (the file is treated as private until then)")
    assert [w["private"] for w in wins if w["text"] == "A"] == [True]


def test_wrongly_typed_values(make_vault, run_cli) -> None:
    lines, _ = check(
        make_vault, run_cli, "---\ndate: [2026]\ntags: {a: 1}\ngoals: 3.5\n---\n- [x] A\n"
    )
    assert lines == [
        f"{BAD_PATH}:2: front matter 'date': expected a date like 2026-11-22, got a list",
        f"{BAD_PATH}:3: front matter 'tags': expected a list of words, got a mapping",
        f"{BAD_PATH}:4: front matter 'goals': expected a list of words, got '3.5'",
    ]


def test_date_that_does_not_exist(make_vault, run_cli) -> None:
    lines, wins = check(make_vault, run_cli, "---\ndate: 2026-02-30\n---\n- [x] Leap\n")
    assert lines[0] == (
        f"{BAD_PATH}:2: front matter 'date': '2026-02-30' is not a real date; "
        "write it as YYYY-MM-DD"
    )
    # The file name still dates the win.
    assert [w["date"] for w in wins if w["text"] == "Leap"] == ["2026-11-22"]


def test_impossible_date_in_file_name(make_vault, run_cli) -> None:
    vault = make_vault({**GOOD, "journal/2026/2026-02-30.md": "- [x] When?\n"})
    result = run_cli(vault, "check")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "journal/2026/2026-02-30.md:1: the date '2026-02-30' in the file name is not a real date"
    )


def test_non_utf8_bytes(make_vault, run_cli) -> None:
    lines, wins = check(make_vault, run_cli, b"- [x] caf\xe9\n- [x] more\n")
    assert lines == [
        f"{BAD_PATH}:1: is not UTF-8 text (byte 0xe9 at offset 9); save it as UTF-8 to have it read"
    ]
    assert len(wins) == 1


def test_bom_before_front_matter_keeps_private(make_vault) -> None:
    vault = make_vault({BAD_PATH: "\ufeff---\nprivate: true\n---\n- [x] Secret\n"})
    loaded = load_vault(vault)
    assert [w.private for w in loaded.wins] == [True]
    assert loaded.public_wins() == ()
    assert loaded.problems == ()


@pytest.mark.parametrize("value", ["'false'", "y", "'yes'", "1", "[true]", "null"])
def test_private_not_a_boolean_fails_closed(make_vault, run_cli, value: str) -> None:
    lines, wins = check(make_vault, run_cli, f"---\nprivate: {value}\n---\n- [x] Secret\n")
    assert lines[0].startswith(f"{BAD_PATH}:2: front matter 'private': expected true or false")
    assert lines[0].endswith("the file is treated as private until then")
    assert [w["private"] for w in wins if w["text"] == "Secret"] == [True]
    public = load_vault(make_vault({})).public_wins()
    assert "Secret" not in [w.text for w in public]


def test_front_matter_that_is_a_list(make_vault, run_cli) -> None:
    lines, wins = check(make_vault, run_cli, "---\n- a\n- b\n---\n- [x] Listed\n")
    assert lines == [
        f"{BAD_PATH}:1: front matter is a list, not 'key: value' lines; "
        "the file is treated as private until it is fixed"
    ]
    assert [w["private"] for w in wins if w["text"] == "Listed"] == [True]


def test_unclosed_front_matter(make_vault, run_cli) -> None:
    lines, wins = check(make_vault, run_cli, "---\ndate: 2026-11-22\n- [x] Still read\n")
    assert lines == [
        f"{BAD_PATH}:1: front matter opened with '---' is never closed; add a "
        "closing '---' line (the file is treated as private until then)"
    ]
    assert [w["private"] for w in wins if w["text"] == "Still read"] == [True]


def test_crlf_file_reads_like_lf(make_vault) -> None:
    text = "---\ndate: 2026-11-22\ntags: [a]\n---\n## Wins\n- Plain win\n- [x] Checked #b\n"
    vault = make_vault({BAD_PATH: text.replace("\n", "\r\n")})
    loaded = load_vault(vault)
    assert [(w.line, w.text, w.tags) for w in loaded.wins] == [
        (6, "Plain win", ("a",)),
        (7, "Checked #b", ("b",)),
    ]
    assert loaded.problems == ()


def test_empty_file(make_vault, run_cli) -> None:
    vault = make_vault({**GOOD, BAD_PATH: ""})
    result = run_cli(vault, "check")
    assert result.exit_code == 0, result.output
    assert len(load_vault(vault).wins) == 1


def test_huge_file_is_reported_not_read(make_vault, run_cli) -> None:
    vault = make_vault(GOOD)
    big = vault / BAD_PATH
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    lines = run_cli(vault, "check").stdout.splitlines()
    assert lines == [
        f"{BAD_PATH}:1: is 50.0 MB, over the 10 MB limit; not read (split it, "
        "or raise max_file_mb in wins.toml)"
    ]
    assert len(load_vault(vault).wins) == 1


def test_yaml_alias_bomb(make_vault, run_cli) -> None:
    bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for level, name in enumerate("bcdefghi"):
        previous = "abcdefghi"[level]
        bomb.append(f"{name}: &{name} [{', '.join(['*' + previous] * 10)}]")
    bomb.append("tags: *i")
    text = "---\n" + "\n".join(bomb) + "\n---\n- [x] Boom\n"
    lines, wins = check(make_vault, run_cli, text)
    assert lines == [
        f"{BAD_PATH}:1: front matter has more than 10000 values (YAML aliases?); "
        "it is not read and the file is treated as private"
    ]
    assert [w["private"] for w in wins if w["text"] == "Boom"] == [True]


def test_python_object_tag_is_refused(make_vault, run_cli) -> None:
    text = "---\ndate: 2026-11-22\nx: !!python/object/apply:os.system ['echo hacked']\n---\n"
    lines, _ = check(make_vault, run_cli, text + "- [x] A\n")
    assert lines[0].startswith(
        f"{BAD_PATH}:3: front matter is not valid YAML: could not "
        "determine a constructor for the tag"
    )


def test_unquoted_front_matter_win_with_colon(make_vault, run_cli) -> None:
    text = "---\nwins:\n  - Wrote words:: 300\n---\n"
    lines, _ = check(make_vault, run_cli, text)
    assert lines == [f"{BAD_PATH}:2: front matter 'wins': expected a list of words, got a list"]


def test_symlink_loop_and_link_out_of_the_vault(make_vault, run_cli, tmp_path: Path) -> None:
    vault = make_vault(GOOD)
    (vault / "loop").symlink_to(vault, target_is_directory=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "2026-11-23.md").write_text("- [x] Outside the vault\n")
    (vault / "elsewhere").symlink_to(outside, target_is_directory=True)
    (vault / "dangling.md").symlink_to(tmp_path / "missing.md")
    result = run_cli(vault, "check")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "dangling.md:1: broken symlink (or a loop); not followed",
        "elsewhere:1: symlink leads out of the vault; not followed",
        "loop:1: symlink loop (or second link to a folder already read); not followed",
    ]
    assert [w.text for w in load_vault(vault).wins] == ["The good file is still read"]


def test_sync_conflict_copies_are_reported_not_counted(make_vault, run_cli) -> None:
    vault = make_vault(
        {
            **GOOD,
            "journal/2026/2026-11-21 (Sam's conflicted copy 2026-11-21).md": "- [x] Twice\n",
            "journal/2026/2026-11-21.sync-conflict-20261121-101010-ABCDEFG.md": "- [x] Twice\n",
        }
    )
    lines = run_cli(vault, "check").stdout.splitlines()
    assert len(lines) == 2 and all("sync-conflict copy, not read" in line for line in lines)
    assert [w.text for w in load_vault(vault).wins] == ["The good file is still read"]


def test_editor_temp_and_hidden_files_are_ignored(make_vault) -> None:
    vault = make_vault(
        {
            **GOOD,
            ".obsidian/notes.md": "- [x] hidden folder\n",
            "journal/.#2026-11-22.md": "- [x] emacs lock\n",
            "journal/2026-11-22.md~": "- [x] backup\n",
            "journal/2026-11-22.md.swp": "- [x] swap\n",
            "journal/2026-11-22.md.tmp": "- [x] temp\n",
            "site/index.md": "- [x] output folder\n",
            "templates/day.md": "- [x] a template\n",
        }
    )
    loaded = load_vault(vault)
    assert [w.text for w in loaded.wins] == ["The good file is still read"]
    assert loaded.problems == ()


def test_fifo_named_like_a_note_is_not_read(make_vault, run_cli) -> None:
    vault = make_vault(GOOD)
    os.mkfifo(vault / BAD_PATH)  # reading it would block forever
    lines = run_cli(vault, "check").stdout.splitlines()
    assert lines == [f"{BAD_PATH}:1: not a regular file; not read"]
    assert len(load_vault(vault).wins) == 1


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                *"-[]x #:^`>*1.\n\r\t abc✅📅\ufeff\u00a0{}&!|()",
                "---\n",
                "- [x] ",
                "[[",
                "]]",
                "::",
                "2026-11-22",
                "~~~\n",
            ]
        )
    )
)
def test_parser_never_crashes(pieces: list[str]) -> None:
    text = "".join(pieces)
    entry, problems = parse_text(text, BAD_PATH, Config())
    assert all(win.line >= 1 for win in entry.wins)
    assert all(problem.line >= 1 for problem in problems)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_parser_never_crashes_on_bytes(data: bytes) -> None:
    entry, problems = parse_bytes(data, BAD_PATH, Config())
    assert entry is not None or problems
