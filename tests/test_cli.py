"""The read-only commands through the CLI: list, stats, check, and the global options."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

from tests.conftest import DATE_FORMS, MakeVault, RunCli, run_wins_loaded
from wins_md import __version__
from wins_md.cli.main import COMMANDS, cli, load

SPEC_ENTRY = """---
date: 2026-11-22
energy: 4
tags: [career]
goals: [speak-up]        # default goals for this entry's wins
---
## Wins
- [x] Said a clear, respectful no to the extra project #assertiveness stretch:: 3
- [x] Wrote the landing-page copy words:: 300 [[novel]]
- Sent the difficult email ^email
- [x] Learned the deploy is blocked by DNS #clarity

## Micro-goals
- [x] Research one potential client [[five-clients]]
- [ ] Write one email draft [[five-clients]]
"""

VAULT = {
    "wins.toml": 'title = "Test"\n',
    "journal/2026/2026-11-22.md": SPEC_ENTRY,
    "journal/2026/2026-11-15.md": "- [x] Earlier win #writing/drafts [[novel]]\n"
    "- [x] Secret #private\n",
    "goals/speak-up.md": "---\ntitle: Speak up\n---\n",
    "goals/novel.md": "---\ntitle: Novel\nmetric: words\ntarget: 1000\n---\n",
    "goals/five-clients.md": "---\ntitle: Five clients\nstatus: done\n---\n",
}


@pytest.fixture
def vault(make_vault) -> Path:
    return make_vault(VAULT)


def test_list_json_matches_the_spec_example(vault, run_cli) -> None:
    result = run_cli(vault, "list", "--format", "json")
    assert result.exit_code == 0, result.output
    wins = json.loads(result.stdout)
    assert wins[3] == {
        "date": "2026-11-22",
        "text": "Sent the difficult email ^email",
        "title": "Sent the difficult email",
        "tags": ["career"],
        "goals": ["speak-up"],
        "fields": {},
        "id": "email",
        "follows": [],
        "file": "journal/2026/2026-11-22.md",
        "line": 10,
        "private": False,
    }
    assert [list(win) for win in wins] == [list(wins[3])] * len(wins)
    assert [(w["date"], w["line"]) for w in wins] == [
        ("2026-11-15", 1),
        ("2026-11-22", 8),
        ("2026-11-22", 9),
        ("2026-11-22", 10),
        ("2026-11-22", 11),
        ("2026-11-22", 14),
    ]
    assert wins[1]["fields"] == {"stretch": 3}
    assert wins[2]["fields"] == {"words": 300}


def test_list_filters(vault, run_cli) -> None:
    def texts(*args: str) -> list[str]:
        result = run_cli(vault, "list", "--format", "json", *args)
        assert result.exit_code == 0, result.output
        return [w["title"] for w in json.loads(result.stdout)]

    assert texts("--since", "2026-11-20", "--until", "2026-11-22", "--tag", "clarity") == [
        "Learned the deploy is blocked by DNS"
    ]
    assert texts("--tag", "#writing") == ["Earlier win"]  # a tag below the one asked for
    assert texts("--goal", "novel") == ["Earlier win", "Wrote the landing-page copy"]
    assert texts("--unaligned") == ["Research one potential client"]  # its goal is done
    assert texts("--since", "-7", "--today", "2026-11-22") == texts("--since", "2026-11-15")
    assert "Secret" in texts("--include-private", "--until", "2026-11-15")[-1]


def test_list_text_and_csv(vault, run_cli) -> None:
    text = run_cli(vault, "list").stdout
    assert "2026-11-22 Sun" in text and "• Sent the difficult email #career → speak-up" in text
    assert "\x1b[" not in text
    rows = list(csv.DictReader(io.StringIO(run_cli(vault, "list", "--format", "csv").stdout)))
    assert rows[1]["title"] == "Said a clear, respectful no to the extra project"
    assert rows[1]["fields"] == '{"stretch": 3}'
    assert rows[0]["tags"] == "writing/drafts"


def test_list_bad_date_is_a_usage_error(vault, run_cli) -> None:
    result = run_cli(vault, "list", "--since", "next tuesday")
    assert result.exit_code == 2
    assert result.stderr == (f"Error: --since: 'next tuesday' is not a date; {DATE_FORMS}\n")


@pytest.mark.parametrize("since", ["99999999 days ago", "-99999999"])
def test_a_date_out_of_the_calendar_is_a_usage_error(vault, run_cli, since: str) -> None:
    result = run_cli(vault, "list", "--since", since)
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: --since: '{since}' is before 0001-01-01, the first day of the calendar\n"
    )


@pytest.mark.parametrize(
    ("since", "first"), [("last monday", "2026-11-16"), ("4 days ago", "2026-11-19")]
)
def test_list_takes_dates_as_people_say_them(vault, run_cli, since: str, first: str) -> None:
    result = run_cli(vault, "list", "--since", since, "--today", "2026-11-23", "--format", "json")
    assert result.exit_code == 0, result.output
    dates = [win["date"] for win in json.loads(result.stdout)]
    assert dates and min(dates) >= first


def test_stats_json_shape(vault, run_cli) -> None:
    result = run_cli(vault, "stats", "--json", "--today", "2026-11-23")
    assert result.exit_code == 0, result.output
    stats = json.loads(result.stdout)
    assert list(stats) == [
        "total_wins",
        "days_with_wins",
        "current_streak",
        "longest_streak",
        "this_week",
        "last_week",
        "goals",
    ]
    assert {k: v for k, v in stats.items() if k != "goals"} == {
        "total_wins": 6,
        "days_with_wins": 2,
        "current_streak": 1,
        "longest_streak": 1,
        "this_week": 0,
        "last_week": 5,
    }
    assert [list(goal) for goal in stats["goals"]] == [
        [
            "slug",
            "title",
            "status",
            "progress",
            "done",
            "total",
            "metric",
            "value",
            "target",
            "due",
            "stalled",
            "last_win",
        ]
    ] * 3
    novel = next(goal for goal in stats["goals"] if goal["slug"] == "novel")
    assert (novel["value"], novel["progress"], novel["last_win"]) == (300.0, 0.3, "2026-11-22")


def test_stats_text(vault, run_cli) -> None:
    result = run_cli(vault, "stats", "--today", "2026-11-22", "--weeks", "4")
    assert result.exit_code == 0
    assert "Total        6 wins on 2 days" in result.stdout
    assert "Streak       1 day (longest 1)" in result.stdout
    assert "(300/1000 words)" in result.stdout
    assert "  Sun ··░█\n" in result.stdout  # one win, then five: the darkest cell


def test_today_from_the_environment(vault, run_cli) -> None:
    result = run_cli(vault, "stats", "--json", env={"WINS_TODAY": "2026-11-22"})
    assert json.loads(result.stdout)["this_week"] == 5  # Sunday ends the ISO week
    assert json.loads(result.stdout)["current_streak"] == 1


def test_check_clean_and_dirty(make_vault, run_cli) -> None:
    clean = make_vault(VAULT)
    result = run_cli(clean, "check")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "No problems in 5 files.\n"
    (clean / "journal/2026/2026-11-23.md").write_text("- [x] Unknown [[nvel]]\n")
    result = run_cli(clean, "check")
    assert result.exit_code == 1
    assert result.stdout == (
        "journal/2026/2026-11-23.md:1: unknown goal 'nvel' (did you mean "
        "'novel'?); create it with 'wins goal new nvel'\n"
    )
    assert result.stderr == "1 problem in 1 file\n"


def test_problems_are_summarised_on_stderr_by_other_commands(make_vault, run_cli) -> None:
    vault = make_vault({"journal/2026-11-22.md": "---\nprivate: maybe\n---\n- [x] A\n"})
    result = run_cli(vault, "list", "--format", "json")
    assert json.loads(result.stdout) == []
    assert result.stderr == "warning: 1 problem in the vault; run 'wins check' to see them\n"


def test_version_and_help(run_cli) -> None:
    assert run_cli(None, "--version").stdout == f"wins, version {__version__}\n"
    for command in ("list", "stats", "check"):
        result = run_cli(None, command, "--help")
        assert result.exit_code == 0 and "Example" in result.stdout


def test_vault_found_upward_and_from_the_environment(vault, tmp_path, monkeypatch) -> None:
    deep = vault / "journal" / "2026"
    env = {k: v for k, v in __import__("os").environ.items() if k != "WINS_VAULT"}
    upward = subprocess.run(
        [sys.executable, "-m", "wins_md", "list", "--format", "json"],
        cwd=deep,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert len(json.loads(upward.stdout)) == 6
    env["WINS_VAULT"] = str(vault)
    from_env = subprocess.run(
        [sys.executable, "-m", "wins_md", "list", "--format", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert from_env.stdout == upward.stdout


def test_no_traceback_for_a_vault_of_bad_files(make_vault, run_cli) -> None:
    vault = make_vault({"a.md": b"\xff\xfe", "b.md": "---\n: :\n---\n", "c.md": "---\n[\n"})
    for command in (["check"], ["list"], ["stats"]):
        result = run_cli(vault, *command)
        assert "Traceback" not in result.output
        assert result.exit_code in (0, 1)


def test_example_vault_is_clean(run_cli) -> None:
    examples = Path(__file__).parent.parent / "examples"
    result = run_cli(examples, "check")
    assert (result.exit_code, result.stdout) == (0, "")
    stats = json.loads(run_cli(examples, "stats", "--json", "--today", "2026-11-22").stdout)
    assert stats["total_wins"] > 20 and stats["current_streak"] >= 1


def test_stats_are_headed_with_the_vault_title(make_vault: MakeVault, run_cli: RunCli) -> None:
    root = make_vault(
        {
            "wins.toml": 'title = "Road to the novel"\n',
            "journal/2026/2026-11-20.md": "## Wins\n- Wrote a page\n",
        }
    )
    result = run_cli(root, "stats", "--today", "2026-11-22")
    assert result.output.splitlines()[0] == "Road to the novel as of 2026-11-22"


def test_help_imports_only_click_and_the_group() -> None:
    """``wins --help`` stays fast: no command module, parser, template engine, YAML or
    watcher loaded."""
    probe = (
        "import sys\n"
        "from wins_md.cli import main\n"
        "sys.argv = ['wins', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    loaded = (
        subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
        .stdout.split("\n")[-2]
        .split()
    )
    ours = {name for name in loaded if name.startswith("wins_md")}
    # The commands are listed from their summaries, none of their modules imported.
    assert ours == {"wins_md", "wins_md.errors", "wins_md.cli", "wins_md.cli.main"} | {
        "wins_md.cli.options"
    }
    heavy = {"jinja2", "markdown_it", "yaml", "watchdog", "frontmatter", "markupsafe"}
    heavy |= {"ghp_import", "subprocess", "csv", "sqlite3", "icalendar"}
    assert heavy.isdisjoint(loaded)


@pytest.mark.slow
def test_adding_to_the_example_vaults_entry_loads_no_parser_or_template_engine(
    tmp_path: Path,
) -> None:
    """The ritual's hot path: today's entry opens with a paragraph, as people write."""
    vault = tmp_path / "vault"
    shutil.copytree(Path(__file__).parent.parent / "examples", vault, ignore=IGNORED)
    wins = ["--vault", str(vault)]
    day = ["--today", "2026-11-22"]
    run_wins_loaded(*wins, "list", *day)
    added, loaded = run_wins_loaded(*wins, "add", "Sent the draft", *day)
    assert added.stdout.endswith("journal/2026/2026-11-22.md\n")
    entry = (vault / "journal/2026/2026-11-22.md").read_text()
    assert "- [x] Sent the draft\n" in entry
    assert {"jinja2", "markdown_it", "yaml", "frontmatter", "markupsafe"}.isdisjoint(loaded)


IGNORED = shutil.ignore_patterns(".wins", "site", "team")


def test_each_command_is_listed_by_its_own_summary() -> None:
    """``wins --help`` lists the commands unloaded, from summaries kept in the group:
    each gives what the command's own help gives, at every width."""
    ctx = click.Context(cli)
    for name, listed in COMMANDS.items():
        command = load(listed.target)
        assert command.name == name
        for limit in (20, 45, 60, 74, 200):
            kept = click.Command(name, help=listed.summary).get_short_help_str(limit)
            assert kept == command.get_short_help_str(limit), name
    loaded = {name: cli.get_command(ctx, name) for name in cli.list_commands(ctx)}
    assert set(loaded) == set(COMMANDS)
    assert sorted(loaded["goal"].commands) == ["list", "new"]  # type: ignore[union-attr]


def test_a_warm_list_loads_neither_the_reader_nor_the_statistics(
    make_vault: MakeVault,
) -> None:
    """A list answered from a current index starts lean: no parser, no vault reader, no
    parse cache, no statistics classes, no logging (each costs every start time)."""
    vault = make_vault(
        {
            "wins.toml": 'rest_days = ["sun"]\n',
            "journal/2026-11-20.md": "## Wins\n- [x] Shipped the draft #writing\n",
        }
    )
    old = 1_700_000_000  # older than the 2 s an index waits before trusting a file
    for path in vault.rglob("*.md"):
        os.utime(path, (old, old))
    command = ["--vault", str(vault), "list", "--today", "2026-11-22"]
    run_wins_loaded(*command)  # writes the index
    ran, loaded = run_wins_loaded(*command)
    assert "Shipped the draft" in ran.stdout
    assert "wins_md.store.list_index" in loaded
    heavy = {
        "logging",
        "wins_md.parse.entry",
        "wins_md.parse.inline",
        "wins_md.parse.ledger",
        "wins_md.rest",
        "wins_md.stats_model",
        "wins_md.store.parse_cache",
        "wins_md.vault.load",
        "wins_md.vault.privacy",
    }
    assert loaded & heavy == set()


def test_only_the_command_run_is_imported(tmp_path: Path) -> None:
    _, modules = run_wins_loaded("init", str(tmp_path / "v"), "--no-default")
    loaded = {name for name in modules if name.startswith("wins_md.cli.")}
    assert loaded == {
        f"wins_md.cli.{name}" for name in ("main", "options", "capture", "completion")
    }
