"""``wins team build``: read ``team.toml``, read each member's published ``wins.json``
one at a time, make the page, write it. The output folder is checked first, as
``wins build`` checks its own, and written the same way (only files wins-md wrote are
ever replaced or removed)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from wins_md.errors import WinsError
from wins_md.model import Problem
from wins_md.site.moment import updated_label
from wins_md.site.writer import WriteReport, check_output_folder, write_site
from wins_md.team.members import read_members
from wins_md.team.page import TeamPage, TeamTally
from wins_md.team.render import team_files
from wins_md.team.roster import Roster
from wins_md.vault import paused_gc

OUTPUT = "site"
"""The output folder beside ``team.toml`` when none is given."""


@dataclass(frozen=True, slots=True)
class TeamBuild:
    """What :func:`build_team` made and wrote, and every problem found."""

    page: TeamPage
    report: WriteReport
    problems: tuple[Problem, ...]


def build_team(roster: Roster, out: Path | None, today: dt.date) -> TeamBuild:
    """Build the team page of ``roster`` (:func:`~wins_md.team.roster.read_roster`) into
    ``out`` (default: ``site`` beside its ``team.toml``) as of ``today`` (the team's
    today: ``roster.clock().today()``). A member who cannot be read is a problem, not a
    failure; a refused folder or a broken template raise."""
    target = out if out is not None else roster.folder / OUTPUT
    check_team_output(target, roster)
    tally = TeamTally(roster, today)
    problems = list(roster.problems)
    # Each member's wins are made and dropped in turn: the collector has nothing to do.
    with paused_gc():
        for read in read_members(roster, today.toordinal()):
            tally.add(read)
            problems += read.problems
    page = tally.page(updated_label(today))
    files = team_files(page, roster.folder)
    report = write_site(target, files, shown=str(target))
    return TeamBuild(page, report, tuple(problems))


def check_team_output(out: Path, roster: Roster) -> None:
    """Refuse an output folder that is or holds the folder of ``team.toml``, or is,
    holds or lies in a member's folder; then the checks of every site build."""
    where = out.resolve()
    team = roster.folder.resolve()
    if where == team or where in team.parents:
        raise WinsError(
            f"refusing to build into {out}: it is or holds the folder of team.toml; "
            "choose another --out"
        )
    for member in roster.members:
        folder = member.path.resolve()
        inside = folder in where.parents
        if member.branch is None and not member.path.is_dir():
            folder, inside = folder.parent, False  # their wins.json: its folder is theirs
        if where == folder or where in folder.parents or inside:
            raise WinsError(
                f"refusing to build into {out}: it is, holds or lies in the folder of member "
                f'"{member.name}"; choose another --out'
            )
    check_output_folder(out, roster.folder, out)
