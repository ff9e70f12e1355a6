"""``wins rest``: a rest period added to the end of wins.toml, nothing else changed."""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path

import pytest

from tests.conftest import DATE_FORMS

MINE = '\ufeff# my settings\r\ntitle = "Mine"  # keep this\r\nrest_days = ["sun"]'
"""A BOM, CRLF line endings, comments and no final newline: all kept."""


def test_a_rest_period_is_added_at_the_end(make_vault, run_cli) -> None:
    vault = make_vault({"wins.toml": MINE.encode("utf-8")})
    before = (vault / "wins.toml").read_bytes()
    result = run_cli(vault, "rest", "2026-12-20..2027-01-03", "--why", " holiday  at home ")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"{vault / 'wins.toml'}: rest on 2026-12-20 to 2027-01-03 (15 days; "
        "holiday at home (private))\n"
    )
    after = (vault / "wins.toml").read_bytes()
    assert after == before + (
        b'\r\n\r\n[[rest]]\r\nfrom = 2026-12-20\r\nto = 2027-01-03\r\nwhy = "holiday at home"\r\n'
    )
    assert run_cli(vault, "check", "--today", "2027-01-04").exit_code == 0
    again = run_cli(vault, "rest", "2027-02-01", "--why", 'the "big" move', "--public")
    assert again.exit_code == 0, again.output
    periods = tomllib.loads((vault / "wins.toml").read_text("utf-8-sig"))["rest"]
    assert periods[1] == {
        "from": tomllib.loads("d = 2027-02-01")["d"],
        "to": tomllib.loads("d = 2027-02-01")["d"],
        "why": 'the "big" move',
        "public": True,
    }


def test_the_streak_rests_after_wins_rest(make_vault, run_cli) -> None:
    vault = make_vault(
        {
            ".obsidian/app.json": "{}",
            "journal/2026-12-18.md": "- [x] Before\n",
            "journal/2026-12-19.md": "- [x] Before\n",
            "journal/2027-01-04.md": "- [x] After\n",
        }
    )
    today = ("--today", "2027-01-04")
    assert json.loads(run_cli(vault, "stats", "--json", *today).stdout)["current_streak"] == 1
    assert run_cli(vault, "rest", "2026-12-20..2027-01-03").exit_code == 0  # no wins.toml yet
    assert (vault / "wins.toml").read_text("utf-8") == (
        "[[rest]]\nfrom = 2026-12-20\nto = 2027-01-03\n"
    )
    assert json.loads(run_cli(vault, "stats", "--json", *today).stdout)["current_streak"] == 3


def test_relative_days_count_from_the_vaults_today(make_vault, run_cli) -> None:
    """03:30 in Berlin on Sunday the 29th is still Saturday the 28th (the day starts at
    04:00): today..+2 is the 28th to the 30th."""
    vault = make_vault({"wins.toml": 'timezone = "Europe/Berlin"\nday_start = "04:00"\n'})
    result = run_cli(vault, "rest", "today..+2", env={"WINS_NOW": "2026-03-29T01:30:00Z"})
    assert result.exit_code == 0, result.output
    text = (vault / "wins.toml").read_text("utf-8")
    assert text.endswith("\n[[rest]]\nfrom = 2026-03-28\nto = 2026-03-30\n")
    single = run_cli(vault, "rest", "-1", env={"WINS_NOW": "2026-03-29T01:30:00Z"})
    assert single.exit_code == 0, single.output
    assert (vault / "wins.toml").read_text("utf-8").endswith("from = 2026-03-27\nto = 2026-03-27\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["2026-12-20..2026-12-01"],
            "Error: RANGE: 2026-12-01 is before 2026-12-20; write the first day first",
        ),
        (["2026-12-20..soon"], f"Error: RANGE: 'soon' is not a date; {DATE_FORMS}"),
        (["2026-12-20", "--why", "a\x07b"], "Error: --why holds the control character U+0007"),
    ],
)
def test_a_bad_range_is_a_usage_error(make_vault, run_cli, args, message: str) -> None:
    vault = make_vault({"wins.toml": MINE})
    result = run_cli(vault, "rest", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert (vault / "wins.toml").read_bytes() == MINE.encode("utf-8")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "rest = [{from = 2026-01-01}]\n",
            "Error: wins.toml: a [[rest]] table cannot be added at its end without changing "
            "what it says",
        ),
        ('title = "x\n', "Error: wins.toml: "),
        ("[rest]\nfrom = 2026-01-01\n", "Error: wins.toml: a [[rest]] table cannot be added"),
    ],
)
def test_a_file_that_cannot_take_the_table_is_left_alone(
    make_vault, run_cli, text: str, message: str
) -> None:
    vault = make_vault({"wins.toml": text})
    result = run_cli(vault, "rest", "2026-12-20")
    assert result.exit_code == 1
    assert result.stderr.startswith(message)
    assert (vault / "wins.toml").read_text("utf-8") == text


def test_a_link_out_of_the_vault_is_not_written_through(make_vault, run_cli, tmp_path) -> None:
    outside = tmp_path / "elsewhere.toml"
    outside.write_text('title = "x"\n', "utf-8")
    vault: Path = make_vault({})
    os.symlink(outside, vault / "wins.toml")
    result = run_cli(vault, "rest", "2026-12-20")
    assert result.exit_code == 1
    assert "wins.toml: symlink leads out of the vault" in result.stderr
    assert outside.read_text("utf-8") == 'title = "x"\n'
