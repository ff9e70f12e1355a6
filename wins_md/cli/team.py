"""``wins team build``: the team page, from what each member published."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from wins_md.cli.options import PathType, echo, today_for, today_option_of

if TYPE_CHECKING:
    from pathlib import Path


@click.group("team")
def team_group() -> None:
    """The team page: several people's published wins on one page.

    \b
    Examples:
      wins team build team.toml
      wins team build team.toml --out /tmp/team --today 2026-11-22
    """


@team_group.command("build")
@click.argument("team_file", metavar="TEAM_TOML", type=PathType(exists=True, dir_okay=False))
@click.option(
    "--out",
    type=PathType(file_okay=False),
    metavar="DIR",
    help="Output folder (default: 'site' beside TEAM_TOML).",
)
@today_option_of("team")
def team_build_command(team_file: Path, out: Path | None, today: str | None) -> None:
    """Build the team page from each member's published wins.json.

    TEAM_TOML lists the members and where their wins.json is: their site's folder,
    the file, or a git repository and branch (gh-pages, as 'wins publish' pushes
    it). Writes index.html and team.json. A member who cannot be read is reported
    as TEAM_TOML:LINE: message and the rest is built; the exit code is then 1.

    \b
    Examples:
      wins team build team.toml
      wins team build team.toml --out /tmp/team --today 2026-11-22
    """
    from wins_md.team.build import build_team
    from wins_md.team.roster import read_roster

    roster = read_roster(team_file)  # its timezone and day_start say what today is
    result = build_team(roster, out, today_for(roster.clock(), today))
    for problem in result.problems:
        echo(str(problem), err=True)
    report = result.report
    echo(
        f"Built {report.folder}: {len(report.written)} written, "
        f"{len(report.unchanged)} unchanged, {len(report.removed)} removed."
    )
    if result.problems:
        sys.exit(1)
